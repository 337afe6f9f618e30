package org.parley.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.support.Poll;
import org.parley.support.TestServer;
import org.parley.support.WsRecorder;

/** A dropped socket's place in the room, kept for the resume window and taken back with {@code resume}. */
@Timeout(60)
class ResumeIT {

    private static String resume(String peer, String token) {
        return "{\"type\":\"resume\",\"peer\":\"" + peer + "\",\"token\":\"" + token + "\"}";
    }

    private static String signal(String to, int n) {
        return "{\"type\":\"signal\",\"to\":\"" + to + "\",\"data\":{\"n\":" + n + "}}";
    }

    private static List<String> ids(JsonNode peers) {
        List<String> out = new ArrayList<>();
        peers.forEach(p -> out.add(p.get("id").asText()));
        return out;
    }

    /** Waits until the server has noticed that a socket is gone and holds its peer away. */
    private static void serverHoldsAway(TestServer server, int away) {
        Poll.until(away + " peers away", Duration.ofSeconds(5), () -> server.parley().awayCount() == away);
    }

    @Test
    void aDroppedPeerResumesWithItsIdAndGetsWhatItMissedThenTheSnapshot() throws Exception {
        try (TestServer server = TestServer.start();
             WsRecorder a = server.joined("resume-1", "Alice");
             WsRecorder b = server.joined("resume-1", "Bob")) {
            a.assertNext("peer-joined");
            a.drop();
            serverHoldsAway(server, 1);

            // Bob keeps talking to Alice: no peer-not-found, it waits for her.
            b.send(signal(a.peerId(), 1));
            b.send("{\"type\":\"call-start\",\"kind\":\"video\"}");
            b.assertNext("call-state");
            b.send(signal(a.peerId(), 2));

            try (WsRecorder a2 = server.hello()) {
                assertThat(a2.peerId()).isNotEqualTo(a.peerId());
                a2.send(resume(a.peerId(), a.resumeToken()));
                JsonNode first = a2.assertNext("signal");
                assertThat(first.get("from").asText()).isEqualTo(b.peerId());
                assertThat(first.at("/data/n").asInt()).isEqualTo(1);
                assertThat(a2.assertNext("call-ring").get("from").asText()).isEqualTo(b.peerId());
                a2.assertNext("call-state");
                assertThat(a2.assertNext("signal").at("/data/n").asInt()).isEqualTo(2);
                JsonNode joined = a2.assertNext("joined");
                assertThat(joined.get("peer").asText()).isEqualTo(a.peerId());
                assertThat(ids(joined.get("peers"))).containsExactly(b.peerId());
                assertThat(joined.at("/call/from").asText()).isEqualTo(b.peerId());

                // Live again, under the old id, both ways.
                b.send(signal(a.peerId(), 3));
                assertThat(a2.assertNext("signal").at("/data/n").asInt()).isEqualTo(3);
                a2.send(signal(b.peerId(), 4));
                JsonNode toBob = b.assertNext("signal");
                assertThat(toBob.get("from").asText()).isEqualTo(a.peerId());
                b.assertNothingFor(Duration.ofMillis(300));
                assertThat(server.parley().rooms().memberIds("resume-1")).containsExactly(a.peerId(), b.peerId());
            }
        }
    }

    @Test
    void othersSeeNoLeaveAndNoDuplicateWhileAPeerDropsAndResumesWithinTheWindow() throws Exception {
        try (TestServer server = TestServer.start();
             WsRecorder a = server.joined("resume-2", "Alice");
             WsRecorder b = server.joined("resume-2", "Bob");
             WsRecorder c = server.joined("resume-2", "Carol")) {
            a.assertNext("peer-joined");
            a.assertNext("peer-joined");
            b.assertNext("peer-joined");
            a.drop();
            serverHoldsAway(server, 1);
            try (WsRecorder a2 = server.hello()) {
                a2.send(resume(a.peerId(), a.resumeToken()));
                JsonNode joined = a2.assertNext("joined");
                assertThat(joined.get("peer").asText()).isEqualTo(a.peerId());
                assertThat(ids(joined.get("peers"))).containsExactly(b.peerId(), c.peerId());
                c.send("{\"type\":\"chat\",\"text\":\"still here?\"}");
                assertThat(a2.assertNext("chat").get("from").asText()).isEqualTo(c.peerId());
                assertThat(b.assertNext("chat").get("from").asText()).isEqualTo(c.peerId());
                assertThat(c.assertNext("chat").get("from").asText()).isEqualTo(c.peerId());
                // Neither a peer-left nor a second peer-joined for Alice, at any time.
                b.assertNothingFor(Duration.ofMillis(500));
                c.assertNothingFor(Duration.ofMillis(100));
                assertThat(server.parley().rooms().memberIds("resume-2"))
                        .containsExactly(a.peerId(), b.peerId(), c.peerId());
            }
        }
    }

    @Test
    void aWrongTokenOrAnUnknownPeerGetsResumeFailedAndTheSocketMayStillJoin() {
        try (TestServer server = TestServer.start();
             WsRecorder a = server.joined("resume-3", "Alice");
             WsRecorder b = server.joined("resume-3", "Bob")) {
            a.assertNext("peer-joined");
            a.drop();
            serverHoldsAway(server, 1);
            String token = a.resumeToken();
            String wrong = (token.charAt(0) == 'A' ? "B" : "A") + token.substring(1);
            try (WsRecorder a2 = server.hello()) {
                a2.send(resume(a.peerId(), wrong));
                a2.assertError("resume-failed");
                a2.send(resume("p000000000000", token));
                a2.assertError("resume-failed");
                a2.send(resume(b.peerId(), token));
                a2.assertError("resume-failed");
                a2.send(TestServer.join("resume-3", "Alice", server.key("resume-3")));
                JsonNode joined = a2.assertNext("joined");
                assertThat(joined.get("peer").asText()).isEqualTo(a2.peerId()).isNotEqualTo(a.peerId());
                assertThat(b.assertNext("peer-joined").at("/peer/id").asText()).isEqualTo(a2.peerId());
            }
        }
    }

    @Test
    void afterTheWindowOthersSeePeerLeftAndTheTokenNoLongerWorks() {
        try (TestServer server = TestServer.start("--resume-window", "400ms");
             WsRecorder a = server.joined("resume-4", "Alice");
             WsRecorder c = server.joined("resume-4", "Carol")) {
            a.assertNext("peer-joined");
            a.drop();
            serverHoldsAway(server, 1);
            long noticed = System.nanoTime();
            assertThat(c.assertNext("peer-left").get("peer").asText()).isEqualTo(a.peerId());
            long heldMs = (System.nanoTime() - noticed) / 1_000_000;
            assertThat(heldMs).as("the place was held for the window").isGreaterThanOrEqualTo(300);
            assertThat(c.assertNext("room-state").get("host").asText()).isEqualTo(c.peerId());
            assertThat(server.parley().awayCount()).isZero();
            assertThat(server.parley().rooms().memberIds("resume-4")).containsExactly(c.peerId());
            try (WsRecorder a2 = server.hello()) {
                a2.send(resume(a.peerId(), a.resumeToken()));
                a2.assertError("resume-failed");
                a2.send(TestServer.join("resume-4", "Alice", server.key("resume-4")));
                a2.assertNext("joined");
                assertThat(c.assertNext("peer-joined").at("/peer/id").asText()).isEqualTo(a2.peerId());
            }
        }
    }

    @Test
    void aNormalCloseOrLeaveFreesThePlaceAtOnceDespiteTheWindow() {
        try (TestServer server = TestServer.start("--resume-window", "10m");
             WsRecorder a = server.joined("resume-5", "Alice");
             WsRecorder b = server.joined("resume-5", "Bob");
             WsRecorder c = server.joined("resume-5", "Carol")) {
            a.assertNext("peer-joined");
            a.assertNext("peer-joined");
            b.assertNext("peer-joined");
            a.close();
            assertThat(c.assertNext("peer-left").get("peer").asText()).isEqualTo(a.peerId());
            assertThat(c.assertNext("room-state").get("host").asText()).isEqualTo(b.peerId());
            b.send("{\"type\":\"leave\"}");
            assertThat(c.assertNext("peer-left").get("peer").asText()).isEqualTo(b.peerId());
            assertThat(c.assertNext("room-state").get("host").asText()).isEqualTo(c.peerId());
            assertThat(server.parley().awayCount()).isZero();
            try (WsRecorder a2 = server.hello()) {
                a2.send(resume(a.peerId(), a.resumeToken()));
                a2.assertError("resume-failed");
            }
        }
    }

    @Test
    void anAwayPeerThatMissesMoreThanTheOutboxLimitIsDroppedForGood() {
        try (TestServer server = TestServer.start("--outbox-limit", "8");
             WsRecorder a = server.joined("resume-6", "Alice");
             WsRecorder b = server.joined("resume-6", "Bob")) {
            a.assertNext("peer-joined");
            a.drop();
            serverHoldsAway(server, 1);
            for (int i = 0; i < 9; i++) {
                b.send(signal(a.peerId(), i));
            }
            assertThat(b.assertNext("peer-left").get("peer").asText()).isEqualTo(a.peerId());
            try (WsRecorder a2 = server.hello()) {
                a2.send(resume(a.peerId(), a.resumeToken()));
                a2.assertError("resume-failed");
            }
        }
    }

    @Test
    void aResumeTakesOverASocketTheServerStillThinksIsOpen() throws Exception {
        try (TestServer server = TestServer.start();
             WsRecorder a = server.joined("resume-7", "Alice");
             WsRecorder b = server.joined("resume-7", "Bob")) {
            a.assertNext("peer-joined");
            try (WsRecorder a2 = server.hello()) {
                a2.send(resume(a.peerId(), a.resumeToken()));
                assertThat(a2.assertNext("joined").get("peer").asText()).isEqualTo(a.peerId());
                a.assertClosed(1000);
                b.send(signal(a.peerId(), 1));
                assertThat(a2.assertNext("signal").at("/data/n").asInt()).isEqualTo(1);
                b.assertNothingFor(Duration.ofMillis(300));
                assertThat(server.parley().rooms().memberIds("resume-7")).containsExactly(a.peerId(), b.peerId());
            }
        }
    }

    @Test
    void aKnockerWhoseSocketDropsIsNotKeptAtTheDoor() {
        try (TestServer server = TestServer.start();
             WsRecorder a = server.joined("resume-8", "Alice");
             WsRecorder k = server.hello()) {
            k.send(TestServer.join("resume-8", "Knocker", null));
            k.assertNext("knocking");
            String knocker = a.assertNext("knock").at("/peer/id").asText();
            k.drop();
            JsonNode ended = a.assertNext("knock-ended");
            assertThat(ended.get("peer").asText()).isEqualTo(knocker);
            assertThat(ended.get("admitted").asBoolean()).isFalse();
        }
    }

    @Test
    void aHeartbeatTimeoutKeepsThePlaceButAnErrorCloseDoesNot() {
        try (TestServer server = TestServer.start("--ping-interval", "100ms", "--ping-timeout", "400ms",
                // Pongs to 10 pings a second fit well under the rate; a flood of 200 does not.
                "--rate-burst", "50", "--rate-per-second", "25");
             WsRecorder a = server.connect().silent();
             WsRecorder b = server.joined("resume-9", "Bob")) {
            a.send("{\"type\":\"hello\",\"version\":1}");
            a.assertNext("welcome");
            a.send(TestServer.join("resume-9", "Alice", server.key("resume-9")));
            a.assertNext("joined");
            b.assertNext("peer-joined");
            // Alice stops answering: the server closes with 4000 but keeps her place.
            serverHoldsAway(server, 1);
            try (WsRecorder a2 = server.hello()) {
                a2.send(resume(a.peerId(), a.resumeToken()));
                assertThat(a2.assertNext("joined").get("peer").asText()).isEqualTo(a.peerId());
                // Now she floods: rate-limited (1008) is the server refusing her, not a lost network.
                for (int i = 0; i < 200 && a2.trySend("{\"type\":\"ping\"}"); i++) {
                    // until the server closes
                }
                assertThat(b.assertNext("peer-left").get("peer").asText()).isEqualTo(a.peerId());
                assertThat(server.parley().awayCount()).isZero();
            }
        }
    }

    /**
     * A shutdown closes every socket with 1001, and each browser echoes 1001 back: neither is a
     * peer leaving. The places stay (nobody is released, so no peer-left goes out on any socket
     * still open), and a page that reconnects while the server is still stopping can resume.
     */
    @Test
    void aServerShuttingDownKeepsEveryPlaceInsteadOfReleasingIt() {
        TestServer server = TestServer.start();
        try (WsRecorder a = server.joined("resume-10", "Alice");
             WsRecorder b = server.joined("resume-10", "Bob")) {
            a.assertNext("peer-joined");
            server.close();
            for (WsRecorder ws : List.of(a, b)) {
                assertThat(ws.assertClosed(1001).reason()).isEqualTo("server-shutdown");
            }
            Poll.until("both places kept", Duration.ofSeconds(5), () -> server.parley().awayCount() == 2);
            assertThat(server.parley().rooms().memberIds("resume-10")).containsExactly(a.peerId(), b.peerId());
        }
    }
}
