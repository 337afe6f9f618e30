package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.support.TestServer;
import org.parley.support.WsRecorder;

/**
 * Behind a reverse proxy: X-Forwarded-* count only from {@code --trusted-proxies} (here
 * 127.0.0.1); from 127.0.0.2 the same headers are ignored.
 */
@Timeout(60)
class TrustedProxiesIT {
    private static final Map<String, String> PROXIED_PAGE = Map.of("Origin", "https://calls.example.org",
            "X-Forwarded-Host", "calls.example.org", "X-Forwarded-Proto", "https");
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start("--trusted-proxies", "127.0.0.1/32", "--join-failures-burst", "3",
                "--join-failures-per-minute", "1");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static int createRoom(String from, String forwardedFor) throws Exception {
        return HttpClient.newBuilder().localAddress(InetAddress.getByName(from)).build().send(
                HttpRequest.newBuilder(URI.create(server.httpUrl() + "/api/rooms"))
                        .header("X-Forwarded-For", forwardedFor)
                        .POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void trustedProxysForwardedForIsTheAddressTheLimiterCounts() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(createRoom("127.0.0.1", "198.51.100.7, 10.0.0.9")).isEqualTo(201);
        }
        assertThat(createRoom("127.0.0.1", "198.51.100.7, 10.0.0.9")).as("10.0.0.9 used its burst").isEqualTo(429);
        assertThat(createRoom("127.0.0.1", "10.0.0.10")).as("another client behind the proxy").isEqualTo(201);
    }

    @Test
    void untrustedPeersForwardedForIsIgnored() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(createRoom("127.0.0.2", "203.0.113." + i)).isEqualTo(201);
        }
        assertThat(createRoom("127.0.0.2", "203.0.113.99")).as("charged to 127.0.0.2 whatever it claims").isEqualTo(429);
    }

    @Test
    void forwardedHostAndProtoPassTheOriginCheckOnlyFromATrustedProxy() throws Exception {
        try (WsRecorder ws = WsRecorder.connectFrom(server.wsUri(), InetAddress.getByName("127.0.0.1"), PROXIED_PAGE)) {
            ws.send("{\"type\":\"hello\",\"version\":1}");
            ws.assertNext("welcome");
        }
        assertThatThrownBy(() -> WsRecorder.connectFrom(server.wsUri(), InetAddress.getByName("127.0.0.2"), PROXIED_PAGE))
                .satisfies(t -> assertThat(refusal(t)).isEqualTo(403));
        Map<String, String> plainPage = Map.of("Origin", "http://calls.example.org",
                "X-Forwarded-Host", "calls.example.org", "X-Forwarded-Proto", "https");
        assertThatThrownBy(() -> WsRecorder.connectFrom(server.wsUri(), InetAddress.getByName("127.0.0.1"), plainPage))
                .as("an http:// page behind an https proxy").satisfies(t -> assertThat(refusal(t)).isEqualTo(403));
    }

    /** The HTTP status that refused the WebSocket upgrade. */
    private static int refusal(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
        }
        throw new AssertionError("not a refused upgrade", t);
    }

    @Test
    void rightmostUntrustedHopIsTheClient() {
        TrustedProxies proxies = new TrustedProxies(java.util.List.of(org.parley.turn.Cidr.parse("10.0.0.0/8")));
        assertThat(proxies.client("10.0.0.1", "1.2.3.4, 5.6.7.8, 10.0.0.2")).isEqualTo("5.6.7.8");
        assertThat(proxies.client("10.0.0.1", "10.0.0.3, 10.0.0.2")).isEqualTo("10.0.0.3");
        assertThat(proxies.client("10.0.0.1", "junk, 10.0.0.2")).isEqualTo("10.0.0.2");
        assertThat(proxies.client("192.0.2.1", "5.6.7.8")).isEqualTo("192.0.2.1");
        assertThat(proxies.client("10.0.0.1", null)).isEqualTo("10.0.0.1");
    }
}
