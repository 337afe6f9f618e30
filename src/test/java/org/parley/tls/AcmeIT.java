package org.parley.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.parley.support.Pebble;
import org.parley.support.Poll;
import org.parley.support.TestServer;
import org.parley.support.TlsProbe;

/** Automatic certificates against pebble, Let's Encrypt's test ACME server, validating for real. */
@Timeout(120)
class AcmeIT {
    @TempDir
    Path dir;

    @Test
    void obtainsACertificateFromTheCaServesItAndRenewsItWhenDue() throws Exception {
        int httpPort = Pebble.freePort();
        Path data = dir.resolve("data");
        try (Pebble pebble = new Pebble(dir, httpPort)) {
            String[] common = {"--domain", "localhost", "--acme-email", "host@example.org",
                    "--acme-directory", pebble.directory(), "--acme-ca-cert", pebble.tlsCa().toString(),
                    "--http-port", String.valueOf(httpPort), "--data-dir", data.toString(),
                    "--turn-tls-port", "0", "--acme-check-interval", "1s"};

            X509Certificate first;
            try (TestServer server = TestServer.start(common)) {
                first = issuedByPebble(server);
                Poll.holdsFor("a certificate far from expiry is not renewed", Duration.ofSeconds(3),
                        () -> TlsProbe.served(server.port(), "localhost").equals(first));
            }
            for (String file : new String[] {"account.key", "localhost.key", "localhost.crt"}) {
                assertThat(Files.getPosixFilePermissions(data.resolve("acme").resolve(file))).as(file)
                        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            }

            // Restarted with a threshold longer than pebble's validity: the stored certificate is
            // served at once, then found due at the next check and replaced without a restart.
            String[] renewing = java.util.stream.Stream.concat(java.util.Arrays.stream(common),
                    java.util.stream.Stream.of("--acme-renew-before", "3650d")).toArray(String[]::new);
            try (TestServer server = TestServer.start(renewing)) {
                AtomicReference<X509Certificate> seen = new AtomicReference<>(TlsProbe.served(server.port(), "localhost"));
                Poll.until("a renewed certificate is served", Duration.ofSeconds(60), () -> {
                    seen.set(TlsProbe.served(server.port(), "localhost"));
                    return !seen.get().getSerialNumber().equals(first.getSerialNumber());
                });
                assertThat(seen.get().getIssuerX500Principal().getName()).contains("Pebble");
                assertThat(seen.get().getSubjectAlternativeNames()).map(n -> String.valueOf(n.get(1))).contains("localhost");
            }
        }
    }

    private static X509Certificate issuedByPebble(TestServer server) {
        AtomicReference<X509Certificate> served = new AtomicReference<>();
        Poll.until("pebble's certificate is served", Duration.ofSeconds(60), () -> {
            served.set(TlsProbe.served(server.port(), "localhost"));
            return served.get().getIssuerX500Principal().getName().contains("Pebble");
        });
        return served.get();
    }
}
