package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.support.TestServer;

/**
 * The HTTP layer on the wire: files with ETags, revalidation and gzip, the security headers on
 * every answer (errors included), JSON errors for unknown paths, wrong methods and big bodies.
 */
@Timeout(60)
class HttpRoutesIT {
    private static TestServer server;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpRequest.Builder at(String path) {
        return HttpRequest.newBuilder(URI.create(server.httpUrl() + path));
    }

    @Test
    void aFileIsRevalidatedByItsEtagAndAnsweredWith304WhenUnchanged() throws Exception {
        HttpResponse<byte[]> first = send(at("/js/app.js"));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-cache");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).matches("\"[0-9a-f]{24}\"");

        HttpResponse<byte[]> again = send(at("/js/app.js").header("If-None-Match", etag));
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();

        HttpResponse<byte[]> other = send(at("/js/app.js").header("If-None-Match", "\"0123\""));
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.body()).isEqualTo(first.body());
    }

    @Test
    void gzipIsSentToClientsThatAskAndUnpacksToTheSameBytes() throws Exception {
        byte[] plain = send(at("/js/app.js")).body();
        HttpResponse<byte[]> zipped = send(at("/js/app.js").header("Accept-Encoding", "gzip"));
        assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(zipped.headers().firstValue("Vary")).hasValue("Accept-Encoding");
        assertThat(zipped.headers().firstValue("ETag")).get().asString().endsWith("-gzip\"");
        assertThat(zipped.body().length).isLessThan(plain.length);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(plain);
        }
        HttpResponse<byte[]> refused = send(at("/js/app.js").header("Accept-Encoding", "gzip;q=0"));
        assertThat(refused.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(refused.body()).isEqualTo(plain);
    }

    @Test
    void theCheckPageIsServedAtItsShortAddressLikeTheFileItself() throws Exception {
        HttpResponse<byte[]> page = send(at("/check"));
        HttpResponse<byte[]> file = send(at("/check.html"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(page.headers().firstValue("ETag")).isEqualTo(file.headers().firstValue("ETag"));
        assertThat(page.body()).isEqualTo(file.body());
        assertThat(new String(page.body(), StandardCharsets.UTF_8)).contains("<html");
        assertThat(send(at("/check").header("If-None-Match", page.headers().firstValue("ETag").orElseThrow()))
                .statusCode()).isEqualTo(304);
    }

    @Test
    void headAnswersTheHeadersOfAGetWithoutTheBody() throws Exception {
        HttpResponse<byte[]> head = send(at("/index.html").method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).get().isNotEqualTo("0");
        assertThat(head.body()).isEmpty();
    }

    @Test
    void everyAnswerCarriesTheSecurityHeadersErrorsIncluded() throws Exception {
        for (String path : new String[] {"/", "/healthz", "/no-such-page", "/api/ice-servers"}) {
            HttpResponse<byte[]> r = send(at(path));
            assertThat(r.headers().firstValue("Content-Security-Policy")).as(path).hasValue(SecurityHeaders.CSP);
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            assertThat(r.headers().firstValue("Server")).as(path).isEmpty();
        }
    }

    @Test
    void unknownPathsAndClasspathEscapesAreJsonNotFound() throws Exception {
        for (String path : new String[] {"/no-such-page", "/org/parley/Main.class", "/js/../../logback-test.xml",
                "/%2e%2e/pom.xml", "/web/index.html"}) {
            HttpResponse<byte[]> r = send(at(path));
            assertThat(r.statusCode()).as(path).isIn(400, 404);
            if (r.statusCode() == 404) {
                assertThat(r.headers().firstValue("Content-Type")).as(path).hasValue("application/json");
                assertThat(new String(r.body(), StandardCharsets.UTF_8)).as(path).contains("\"code\":\"not-found\"");
            }
        }
    }

    @Test
    void aRouteAskedWithAnotherMethodIs405WithTheMethodsItTakes() throws Exception {
        HttpResponse<byte[]> r = send(at("/api/rooms"));
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValue("POST");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("\"code\":\"method-not-allowed\"");
    }

    @Test
    void aBodyOverTheLimitIs413AndCreatesNoRoom() throws Exception {
        int before = server.parley().rooms().count();
        HttpResponse<byte[]> r = send(at("/api/rooms").POST(HttpRequest.BodyPublishers.ofString(
                "{\"name\":\"" + "x".repeat(Exchange.MAX_BODY_BYTES) + "\"}")));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("\"code\":\"body-too-large\"");
        assertThat(server.parley().rooms().count()).isEqualTo(before);
    }
}
