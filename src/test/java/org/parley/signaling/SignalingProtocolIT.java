package org.parley.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.support.TestServer;
import org.parley.support.WsRecorder;

/** Bad input against the real server: each gets its exact error and close code, and nothing else breaks. */
@Timeout(60)
class SignalingProtocolIT {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start("--max-message-bytes", "4096", "--rate-burst", "20", "--rate-per-second", "5",
                "--allowed-origins", "https://friend.example");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void helloGetsWelcomeWithServerAssignedPeerIdAndLimits() {
        try (WsRecorder a = server.connect(); WsRecorder b = server.connect()) {
            a.send("{\"type\":\"hello\",\"version\":1}");
            b.send("{\"type\":\"hello\",\"version\":1}");
            JsonNode wa = a.assertNext("welcome");
            JsonNode wb = b.assertNext("welcome");
            assertThat(wa.get("peer").asText()).matches("p[0-9a-f]{12}").isNotEqualTo(wb.get("peer").asText());
            assertThat(wa.get("version").asInt()).isEqualTo(1);
            assertThat(wa.get("iceServers").isArray()).isTrue();
            // Only the server's own STUN/TURN, with credentials minted for each session.
            List<String> urls = new java.util.ArrayList<>();
            wa.get("iceServers").forEach(s -> s.get("urls").forEach(u -> urls.add(u.asText())));
            int turnPort = server.parley().turnPort();
            assertThat(urls).containsExactlyInAnyOrder("stun:127.0.0.1:" + turnPort,
                    "turn:127.0.0.1:" + turnPort + "?transport=udp", "turn:127.0.0.1:" + turnPort + "?transport=tcp");
            assertThat(wa.get("iceServers").get(1).get("username").asText())
                    .matches("\\d+:[0-9a-f]+").isNotEqualTo(wb.get("iceServers").get(1).get("username").asText());
            assertThat(wa.get("maxMessageBytes").asInt()).isEqualTo(4096);
            assertThat(wa.get("roomCapacity").asInt()).isEqualTo(6);
        }
    }

    @Test
    void malformedJsonGetsBadJsonThenClose1002() {
        try (WsRecorder ws = server.hello()) {
            ws.send("{\"type\":\"join\",");
            ws.assertError("bad-json");
            ws.assertClosed(1002);
        }
    }

    @Test
    void jsonThatIsNotAnObjectGetsBadJson() {
        try (WsRecorder ws = server.connect()) {
            ws.send("[1,2,3]");
            ws.assertError("bad-json");
            ws.assertClosed(1002);
        }
    }

    @Test
    void unknownTypeGetsUnknownTypeWithRefThenClose1002() {
        try (WsRecorder ws = server.hello()) {
            ws.send("{\"type\":\"teleport\"}");
            JsonNode e = ws.assertError("unknown-type");
            assertThat(e.get("ref").asText()).isEqualTo("teleport");
            ws.assertClosed(1002);
        }
    }

    @Test
    void serverOnlyTypeFromClientIsUnknown() {
        try (WsRecorder ws = server.hello()) {
            ws.send("{\"type\":\"welcome\"}");
            ws.assertError("unknown-type");
            ws.assertClosed(1002);
        }
    }

    @Test
    void missingFieldGetsBadMessage() {
        try (WsRecorder ws = server.hello()) {
            ws.send("{\"type\":\"join\",\"room\":\"abc\"}");
            JsonNode e = ws.assertError("bad-message");
            assertThat(e.get("ref").asText()).isEqualTo("join");
            ws.assertClosed(1002);
        }
    }

    @Test
    void messageBeforeHelloGetsHandshakeRequired() {
        try (WsRecorder ws = server.connect()) {
            ws.send("{\"type\":\"join\",\"room\":\"abc\",\"name\":\"Eve\"}");
            ws.assertError("handshake-required");
            ws.assertClosed(1002);
        }
    }

    @Test
    void secondHelloGetsHandshakeRequired() {
        try (WsRecorder ws = server.hello()) {
            ws.send("{\"type\":\"hello\",\"version\":1}");
            ws.assertError("handshake-required");
            ws.assertClosed(1002);
        }
    }

    @Test
    void unsupportedVersionIsRefused() {
        try (WsRecorder ws = server.connect()) {
            ws.send("{\"type\":\"hello\",\"version\":99}");
            ws.assertError("unsupported-version");
            ws.assertClosed(1002);
        }
    }

    @Test
    void oversizeMessageGetsMessageTooBigThenClose1009() {
        try (WsRecorder ws = server.hello()) {
            ws.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(5000) + "\"}");
            ws.assertError("message-too-big");
            ws.assertClosed(1009);
        }
    }

    @Test
    void aMessageFarOverTheLimitIsRefusedByTheSocketLayerWithTheSameError() {
        try (WsRecorder ws = server.hello()) {
            // Over four times the limit the socket layer stops reading it, and still says why.
            ws.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(40_000) + "\"}");
            ws.assertError("message-too-big");
            ws.assertClosed(1009);
        }
    }

    @Test
    void oversizeMultibyteMessageIsMeasuredInBytes() {
        try (WsRecorder ws = server.hello()) {
            // 2,000 characters but 6,000 UTF-8 bytes.
            ws.send("{\"type\":\"ping\",\"pad\":\"" + "ж".repeat(1000) + "€".repeat(1000) + "\"}");
            ws.assertError("message-too-big");
            ws.assertClosed(1009);
        }
    }

    @Test
    void binaryFrameIsRefused() {
        try (WsRecorder ws = server.hello()) {
            ws.sendBinary(new byte[] {1, 2, 3});
            ws.assertError("bad-json");
            ws.assertClosed(1002);
        }
    }

    @Test
    void spoofedSenderIsRefusedAndNotRelayed() throws InterruptedException {
        try (WsRecorder a = server.joined("spoof", "Alice"); WsRecorder b = server.joined("spoof", "Bob")) {
            a.assertNext("peer-joined");
            b.send("{\"type\":\"signal\",\"to\":\"" + a.peerId() + "\",\"from\":\"" + a.peerId()
                    + "\",\"data\":{\"candidate\":null}}");
            b.assertError("spoofed-sender");
            b.assertClosed(1008);
            a.assertNext("peer-left");
            a.assertNothingFor(Duration.ofMillis(200));
        }
    }

    @Test
    void floodingGetsRateLimitedThenClose1008() {
        try (WsRecorder ws = server.hello()) {
            for (int i = 0; i < 40 && ws.trySend("{\"type\":\"ping\"}"); i++) {
                // the server may close the socket before all 40 are out
            }
            WsRecorder.Event e;
            int pongs = 0;
            java.util.List<WsRecorder.Event> failures = new java.util.ArrayList<>();
            // A send racing the server's close can surface as a client-side failure event: note it, read on.
            while ((e = ws.next()) instanceof WsRecorder.Failed
                    || e instanceof WsRecorder.Message m && m.type().equals("pong")) {
                if (e instanceof WsRecorder.Failed) {
                    failures.add(e);
                } else {
                    pongs++;
                }
            }
            assertThat(pongs).as("the burst is served").isBetween(18, 22);
            assertThat(e).as("after the pongs (client-side failures: %s)", failures).isInstanceOf(WsRecorder.Message.class);
            assertThat(((WsRecorder.Message) e).json().get("code").asText()).isEqualTo("rate-limited");
            ws.assertClosed(1008);
        }
    }

    @Test
    void foreignOriginIsRefusedBeforeTheUpgrade() {
        assertThatThrownBy(() -> WsRecorder.connect(server.wsUri(), "https://evil.example"))
                .satisfies(t -> assertThat(handshakeFailure(t).getResponse().statusCode()).isEqualTo(403));
    }

    @Test
    void sameOriginAndAllowListedOriginsAreAccepted() {
        String own = "http://127.0.0.1:" + server.port();
        for (String origin : new String[] {own, "https://friend.example"}) {
            try (WsRecorder ws = WsRecorder.connect(server.wsUri(), origin)) {
                ws.send("{\"type\":\"hello\",\"version\":1}");
                ws.assertNext("welcome");
            }
        }
    }

    @Test
    void serverKeepsServingOtherRoomsWhileClientsMisbehave() {
        try (WsRecorder a = server.joined("calm", "Alice"); WsRecorder b = server.joined("calm", "Bob")) {
            a.assertNext("peer-joined");
            for (String bad : new String[] {"nope", "{\"type\":\"x\"}", "{\"type\":\"hello\",\"version\":0}"}) {
                try (WsRecorder evil = server.connect()) {
                    evil.send(bad);
                    evil.next();
                    evil.next();
                }
            }
            a.send("{\"type\":\"signal\",\"to\":\"" + b.peerId() + "\",\"data\":{\"description\":{\"type\":\"offer\",\"sdp\":\"v=0\"}}}");
            JsonNode relayed = b.assertNext("signal");
            assertThat(relayed.get("from").asText()).isEqualTo(a.peerId());
            assertThat(relayed.at("/data/description/sdp").asText()).isEqualTo("v=0");
        }
    }

    @Test
    void signalToUnknownPeerIsAnErrorThatKeepsTheConnection() {
        try (WsRecorder a = server.joined("lonely", "Alice")) {
            a.send("{\"type\":\"signal\",\"to\":\"pnobody\",\"data\":{}}");
            a.assertError("peer-not-found");
            a.send("{\"type\":\"ping\"}");
            a.assertNext("pong");
        }
    }

    @Test
    void roomMessageBeforeJoinIsNotInRoom() {
        try (WsRecorder a = server.hello()) {
            a.send("{\"type\":\"call-start\",\"kind\":\"video\"}");
            a.assertError("not-in-room");
            a.send("{\"type\":\"join\",\"room\":\"bad room!\",\"name\":\"A\"}");
            a.assertError("bad-room");
            assertThat(a.isOpen()).isTrue();
        }
    }

    private static WebSocketHandshakeException handshakeFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof WebSocketHandshakeException h) {
                return h;
            }
        }
        throw new AssertionError("not a handshake failure", t);
    }
}
