package org.parley.signaling;

import static org.assertj.core.api.Assertions.assertThat;

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
        try (TestServer server = TestServer.start("--room-grace", "0ms", "--rate-burst", "100000",
                "--rate-per-second", "100000")) {
            try (WsRecorder a = server.hello(); WsRecorder b = server.hello()) {
                for (int i = 0; i < 3000; i++) {
                    String room = "cycle-" + (i % 50);
                    a.send("{\"type\":\"join\",\"room\":\"" + room + "\",\"name\":\"A\"}");
                    a.assertNext("joined");
                    b.send("{\"type\":\"join\",\"room\":\"" + room + "\",\"name\":\"B\"}");
                    b.assertNext("joined");
                    a.assertNext("peer-joined");
                    a.send("{\"type\":\"leave\"}");
                    b.assertNext("peer-left");
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
        try (TestServer server = TestServer.start("--room-grace", "200ms")) {
            for (int i = 0; i < 200; i++) {
                WsRecorder ws = server.joined("abandon-" + i, "A");
                ws.close();
            }
            Poll.until("rooms are cleaned up", Duration.ofSeconds(10), () -> server.parley().rooms().count() == 0);
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
}
