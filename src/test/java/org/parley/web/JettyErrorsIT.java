package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.support.TestServer;

/**
 * The answers Jetty writes itself, before any route runs, on the wire: requests no HTTP client
 * library would send, written by hand to a socket. Each is the JSON {@code {code, message}} of
 * every other failure, with the security headers, and quotes nothing of the request.
 */
@Timeout(60)
class JettyErrorsIT {
    /** Over Jetty's 8 KiB request-header buffer, where the request line must fit. */
    private static final String LONG_PATH = "/" + "a".repeat(10 * 1024);
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private record Answer(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    @Test
    void aUriThatCannotBeDecodedIs400BadRequest() throws IOException {
        Answer answer = send("GET /%zz HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertError(answer, 400, "bad-request");
        assertThat(answer.body()).doesNotContain("%zz");
    }

    @Test
    void anAmbiguousPathSegmentIs400BadRequest() throws IOException {
        Answer answer = send("GET /js/%2e%2e/app.js HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertError(answer, 400, "bad-request");
    }

    @Test
    void aTenKilobyteUriIs414UriTooLong() throws IOException {
        Answer answer = send("GET " + LONG_PATH + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertError(answer, 414, "uri-too-long");
        assertThat(answer.body()).doesNotContain("aaaa");
    }

    @Test
    void aSixtyFourKilobyteHeaderIs431HeadersTooLarge() throws IOException {
        Answer answer = send("GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "b".repeat(64 * 1024) + "\r\n\r\n");
        assertError(answer, 431, "headers-too-large");
        assertThat(answer.body()).doesNotContain("bbbb");
    }

    @Test
    void aGarbageRequestLineIs400BadRequest() throws IOException {
        Answer answer = send("\u0001\u0002 <script>alert(1)</script>\r\n\r\n");
        assertError(answer, 400, "bad-request");
        assertThat(answer.body()).doesNotContain("script");
    }

    @Test
    void aHeaderLineWithoutAColonIs400BadRequest() throws IOException {
        Answer answer = send("GET / HTTP/1.1\r\nHost: localhost\r\nno colon here\r\n\r\n");
        assertError(answer, 400, "bad-request");
    }

    @Test
    void anUnknownHttpVersionIs505() throws IOException {
        Answer answer = send("GET / HTTP/7.1\r\nHost: localhost\r\n\r\n");
        assertError(answer, 505, "http-version-not-supported");
    }

    @Test
    void anExpectationOtherThanContinueIs417() throws IOException {
        Answer answer = send("POST /api/rooms HTTP/1.1\r\nHost: localhost\r\nExpect: something\r\n"
                + "Content-Length: 2\r\n\r\n{}");
        assertError(answer, 417, "expectation-failed");
        assertThat(answer.body()).doesNotContain("something");
    }

    private static void assertError(Answer answer, int status, String code) throws IOException {
        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).isEqualTo("application/json");
        JsonNode body = new ObjectMapper().readTree(answer.body());
        assertThat(body.path("code").asText()).isEqualTo(code);
        assertThat(body.path("message").asText()).isNotBlank();
        assertThat(answer.header("Content-Security-Policy")).isEqualTo(SecurityHeaders.CSP);
        assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(answer.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(answer.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(answer.header("Cross-Origin-Opener-Policy")).isEqualTo("same-origin");
        assertThat(answer.header("Permissions-Policy")).isNotBlank();
        assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
    }

    /** Writes {@code request} as it is and reads one response: status line, headers, a Content-Length body. */
    private static Answer send(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = line(in);
            assertThat(statusLine).startsWith("HTTP/1.1 ");
            int status = Integer.parseInt(statusLine.substring(9, 12));
            Map<String, String> headers = new TreeMap<>();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            byte[] body = in.readNBytes(length);
            assertThat(body).hasSize(length);
            return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the connection ended inside the response head");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
