package org.parley.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.browser.Callers.assertMediaFlowing;
import static org.parley.browser.Callers.id;
import static org.parley.browser.Callers.joinRoom;
import static org.parley.browser.Callers.visible;
import static org.parley.browser.Callers.waitParticipants;

import com.microsoft.playwright.Page;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.parley.support.Browser;
import org.parley.support.Poll;
import org.parley.support.TestCerts;
import org.parley.support.TestServer;
import org.parley.support.TlsProbe;

/** A call over https:// with a certificate from PEM files, and the files replaced while it runs. */
@Timeout(180)
class HttpsBrowserIT {
    @TempDir
    Path dir;

    @Test
    void callRunsOverHttpsAndReplacedCertificateFilesAreServedWithoutRestart() throws Exception {
        TestCerts ca = new TestCerts(dir);
        Path firstCert = ca.server("first", "parley-first");
        Path secondCert = ca.server("second", "parley-second");
        Path cert = dir.resolve("served.crt");
        Path key = dir.resolve("served.key");
        Files.copy(firstCert, cert);
        Files.copy(ca.key("first"), key);

        try (TestServer server = TestServer.start("--tls-cert", cert.toString(), "--tls-key", key.toString(),
                "--turn-tls-port", "0", "--room-grace", "500ms");
             Browser browser = Browser.ignoringCertificateErrors()) {
            assertThat(server.httpUrl()).startsWith("https://");
            assertThat(TlsProbe.served(server.port()).getSerialNumber()).isEqualTo(serial(firstCert));

            String room = "https-room";
            Page a = browser.caller();
            Page b = browser.caller();
            joinRoom(a, server.link(room), "Alice");
            joinRoom(b, server.link(room), "Bob");
            assertThat(a.url()).startsWith("https://127.0.0.1:");
            waitParticipants(a, 2);
            id(a, "video-call").click();
            visible(b, "incoming-call");
            id(b, "answer").click();
            assertMediaFlowing(a, 1);
            assertMediaFlowing(b, 1);

            // A renewal as certbot does it: new files in place; key first, then the chain.
            Files.copy(ca.key("second"), key, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(secondCert, cert, StandardCopyOption.REPLACE_EXISTING);
            Poll.until("the second certificate is served", Duration.ofSeconds(15),
                    () -> TlsProbe.served(server.port()).getSerialNumber().equals(serial(secondCert)));
            assertThat(server.parley().connectionCount()).as("open sockets survive the reload").isEqualTo(2);

            // A broken replacement (a certificate without its key) keeps the working one.
            Files.copy(firstCert, cert, StandardCopyOption.REPLACE_EXISTING);
            Poll.holdsFor("the second certificate is still served", Duration.ofSeconds(5),
                    () -> TlsProbe.served(server.port()).getSerialNumber().equals(serial(secondCert)));
            Page c = browser.caller();
            joinRoom(c, server.link(room), "Carol");
            waitParticipants(c, 3);
        }
    }

    private static BigInteger serial(Path pem) {
        try (var in = Files.newInputStream(pem)) {
            return ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in)).getSerialNumber();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
