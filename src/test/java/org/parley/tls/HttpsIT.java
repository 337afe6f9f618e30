package org.parley.tls;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.parley.support.TestServer;
import org.parley.support.TlsProbe;
import org.slf4j.LoggerFactory;

/** Self-signed HTTPS for LANs, and the plain-HTTP listener that sends everyone to HTTPS. */
@Timeout(60)
class HttpsIT {
    @TempDir
    Path dir;

    @Test
    void selfSignedCertificateIsServedWithTheLoggedFingerprintAndKeptAcrossRestarts() throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        X509Certificate first;
        try (TestServer server = TestServer.start("--self-signed", "--data-dir", dir.toString())) {
            first = TlsProbe.served(server.port());
            String served = HexFormat.ofDelimiter(" ").withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(first.getEncoded()));
            assertThat(logs.list).map(ILoggingEvent::getFormattedMessage)
                    .anyMatch(m -> m.contains("SHA-256 fingerprint " + served));
            assertThat(first.getSubjectAlternativeNames()).map(n -> String.valueOf(n.get(1)))
                    .contains("localhost", "127.0.0.1");
            HttpResponse<String> health = TlsProbe.httpClient().send(
                    HttpRequest.newBuilder(URI.create(server.httpUrl() + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.body()).isEqualTo("ok");
        } finally {
            root.detachAppender(logs);
        }
        assertThat(Files.getPosixFilePermissions(dir.resolve("tls/self-signed.key")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (TestServer again = TestServer.start("--self-signed", "--data-dir", dir.toString())) {
            assertThat(TlsProbe.served(again.port())).as("the same certificate after a restart").isEqualTo(first);
        }
    }

    @Test
    void plainHttpRedirectsToHttpsKeepingPathAndQuery() throws Exception {
        try (TestServer server = TestServer.start("--self-signed", "--data-dir", dir.toString(),
                "--http-port", "0")) {
            int plain = server.parley().httpPort();
            assertThat(plain).isPositive();
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + plain + "/?room=42")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(301);
            assertThat(r.headers().firstValue("Location")).hasValue(server.httpUrl() + "/?room=42");
            HttpResponse<String> unknown = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + plain
                            + "/.well-known/acme-challenge/no-such-token")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(unknown.statusCode()).isEqualTo(404);
            // The plain listener's refusals are the app's JSON errors, with its headers.
            assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(unknown.body()).contains("\"code\":\"not-found\"").doesNotContain("no-such-token");
            assertThat(unknown.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        }
    }
}
