package org.parley.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Let's Encrypt's test ACME server (Debian's {@code pebble}) on 127.0.0.1 and free ports, with a
 * TLS certificate from a throwaway test CA. Its HTTP-01 validation really fetches the challenge
 * from {@code httpPort} on the domain's address.
 */
public final class Pebble implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path ca;

    public Pebble(Path dir, int httpPort) {
        TestCerts certs = new TestCerts(dir);
        Path cert = certs.server("pebble", "pebble");
        ca = certs.ca();
        port = freePort();
        Path config = dir.resolve("pebble.json");
        try {
            Files.writeString(config, """
                    {"pebble": {"listenAddress": "127.0.0.1:%d", "managementListenAddress": "127.0.0.1:%d",
                      "certificate": "%s", "privateKey": "%s", "httpPort": %d, "tlsPort": %d,
                      "ocspResponderURL": "", "externalAccountBindingRequired": false}}
                    """.formatted(port, freePort(), cert, certs.key("pebble"), httpPort, freePort()));
            ProcessBuilder pb = new ProcessBuilder("pebble", "-config", config.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("pebble.log").toFile());
            // No random validation delays; every nonce accepted (acme4j retries bad ones, but slower).
            pb.environment().put("PEBBLE_VA_NOSLEEP", "1");
            pb.environment().put("PEBBLE_WFE_NONCEREJECT", "0");
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start pebble (apt-get install pebble)", e);
        }
        Poll.until("pebble answers", Duration.ofSeconds(20), () -> {
            try {
                return TlsProbe.httpClient().send(HttpRequest.newBuilder(URI.create(directory())).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    public String directory() {
        return "https://127.0.0.1:" + port + "/dir";
    }

    /** The CA that signed pebble's own TLS certificate (not the CA pebble issues from). */
    public Path tlsCa() {
        return ca;
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        Commands.stop(process.toHandle());
    }
}
