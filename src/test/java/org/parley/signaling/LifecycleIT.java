package org.parley.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.WebSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.support.Poll;
import org.parley.support.TestServer;
import org.parley.support.WsRecorder;

/** Heartbeat, slow consumers and room cleanup under many join/leave cycles. */
@Timeout(120)
class LifecycleIT {

    @Test
    void thousandsOfJoinLeaveCyclesLeaveNoRoomBehind() {
        // Every named room made by a join costs an attempt: this test makes thousands on purpose.
        try (TestServer server = TestServer.start("--room-grace", "0ms", "--rate-burst", "100000",
                "--rate-per-second", "100000", "--join-failures-burst", "100000")) {
            try (WsRecorder a = server.hello(); WsRecorder b = server.hello()) {
                for (int i = 0; i < 3000; i++) {
                    String room = "cycle-" + (i % 50);
                    a.send(TestServer.join(room, "A", server.key(room)));
                    a.assertNext("joined");
                    b.send(TestServer.join(room, "B", server.key(room)));
                    b.assertNext("joined");
                    a.assertNext("peer-joined");
                    a.send("{\"type\":\"leave\"}");
                    b.assertNext("peer-left");
                    assertThat(b.assertNext("room-state").get("host").asText()).isEqualTo(b.peerId());
                    b.send("{\"type\":\"leave\"}");
                }
                a.send("{\"type\":\"ping\"}");
                a.assertNext("pong");
                b.send("{\"type\":\"ping\"}");
                b.assertNext("pong");
            }
            assertThat(server.parley().rooms().count()).isZero();
            Poll.until("all sockets closed", Duration.ofSeconds(5), () -> server.parley().connectionCount() == 0);
        }
    }

    @Test
    void droppedSocketsLeaveNoRoomBehindAfterGrace() {
        try (TestServer server = TestServer.start("--room-grace", "200ms", "--join-failures-burst", "1000")) {
            for (int i = 0; i < 200; i++) {
                WsRecorder ws = server.joined("abandon-" + i, "A");
                ws.close();
            }
            Poll.until("rooms are cleaned up", Duration.ofSeconds(10), () -> server.parley().rooms().count() == 0);
        }
    }

    @Test
    void aClientThatStopsReadingIsDisconnectedAndLeavesTheRoom() throws Exception {
        try (TestServer server = TestServer.start("--outbox-limit", "8", "--rate-burst", "100000",
                "--rate-per-second", "100000", "--max-message-bytes", "1048576");
             WsRecorder a = server.joined("slow", "Alice")) {
            // Bob joins, then never reads.
            WebSocket bob = WsRecorder.nonReading(server.wsUri());
            bob.sendText("{\"type\":\"hello\",\"version\":1}", true).join();
            bob.sendText(TestServer.join("slow", "Bob", server.key("slow")), true).join();
            String bobId = a.assertNext("peer-joined").at("/peer/id").asText();
            String big = "{\"type\":\"signal\",\"to\":\"" + bobId + "\",\"data\":{\"pad\":\""
                    + "x".repeat(500_000) + "\"}}";
            WsRecorder.Event left = null;
            // Bounded: 400 x 0.5 MB is far beyond any socket buffer, so the outbox must overflow first.
            for (int i = 0; i < 400 && left == null; i++) {
                a.send(big);
                a.send("{\"type\":\"ping\"}");
                WsRecorder.Event e = a.next();
                if (e instanceof WsRecorder.Message m && m.type().equals("peer-left")) {
                    left = e;
                } else if (e instanceof WsRecorder.Message m && m.type().equals("error")) {
                    assertThat(m.json().get("code").asText()).isEqualTo("peer-not-found");
                    left = a.next();
                } else {
                    assertThat(((WsRecorder.Message) e).type()).isEqualTo("pong");
                }
            }
            assertThat(left).as("Bob was dropped").isInstanceOf(WsRecorder.Message.class);
            assertThat(((WsRecorder.Message) left).json().get("peer").asText()).isEqualTo(bobId);
            Poll.until("Bob's socket is gone", Duration.ofSeconds(10), () -> server.parley().connectionCount() == 1);
            bob.abort();
        }
    }

    @Test
    void serverPingsAndClosesASilentClientWith4000() {
        try (TestServer server = TestServer.start("--ping-interval", "100ms", "--ping-timeout", "500ms");
             WsRecorder ws = server.connect().silent()) {
            ws.send("{\"type\":\"hello\",\"version\":1}");
            ws.assertNext("welcome");
            ws.assertNext("ping");
            WsRecorder.Event e;
            while ((e = ws.next()) instanceof WsRecorder.Message m && m.type().equals("ping")) {
                // more pings until the timeout
            }
            assertThat(e).isEqualTo(new WsRecorder.Closed(4000, "heartbeat-timeout"));
        }
    }

    @Test
    void aClientThatAnswersPingsStaysConnected() throws InterruptedException {
        try (TestServer server = TestServer.start("--ping-interval", "100ms", "--ping-timeout", "500ms");
             WsRecorder ws = server.hello()) {
            ws.assertNothingFor(Duration.ofMillis(1500));
            assertThat(ws.isOpen()).isTrue();
        }
    }

    @Test
    void noServerPingWhileFramesFlowBothWaysAndPingsAgainOnceTheClientGoesQuiet() {
        try (TestServer server = TestServer.start("--ping-interval", "200ms", "--ping-timeout", "2s");
             WsRecorder ws = server.connect().silent()) {
            ws.send("{\"type\":\"hello\",\"version\":1}");
            ws.assertNext("welcome");
            // 30 round trips, 50 ms apart: 1.5 s, seven ping intervals with traffic both ways.
            for (int i = 0; i < 30; i++) {
                ws.send("{\"type\":\"ping\"}");
                assertThat(((WsRecorder.Message) ws.next()).type()).as("round trip %d", i).isEqualTo("pong");
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            ws.assertNext("ping"); // quiet now: the heartbeat asks again
        }
    }
}
