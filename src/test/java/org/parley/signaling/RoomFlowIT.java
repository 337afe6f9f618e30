package org.parley.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.support.Poll;
import org.parley.support.TestServer;
import org.parley.support.WsRecorder;

/** Presence and the call lifecycle as seen on the wire. */
@Timeout(60)
class RoomFlowIT {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start("--room-grace", "300ms");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void joinListsPeopleAlreadyPresentAndAnnouncesTheNewcomer() {
        try (WsRecorder a = server.hello()) {
            a.send("{\"type\":\"join\",\"room\":\"Presence\",\"name\":\"  Alice\\u0007 \",\"key\":\""
                    + server.key("presence") + "\"}");
            JsonNode ja = a.assertNext("joined");
            assertThat(ja.get("room").asText()).isEqualTo("presence");
            assertThat(ja.get("peers")).isEmpty();
            assertThat(ja.get("call").isNull()).isTrue();
            try (WsRecorder b = server.hello()) {
                b.send(TestServer.join("presence", "Bob", server.key("presence")));
                JsonNode jb = b.assertNext("joined");
                assertThat(jb.get("peers")).hasSize(1);
                assertThat(jb.at("/peers/0/id").asText()).isEqualTo(a.peerId());
                assertThat(jb.at("/peers/0/name").asText()).isEqualTo("Alice");
                JsonNode pj = a.assertNext("peer-joined");
                assertThat(pj.at("/peer/id").asText()).isEqualTo(b.peerId());
                assertThat(pj.at("/peer/name").asText()).isEqualTo("Bob");
            }
            assertThat(a.assertNext("peer-left").get("peer").asText()).isNotBlank();
        }
    }

    @Test
    void videoCallRingsOthersAndAnswerMakesBothMembers() {
        try (WsRecorder a = server.joined("ring", "Alice"); WsRecorder b = server.joined("ring", "Bob")) {
            a.assertNext("peer-joined");
            a.send("{\"type\":\"call-start\",\"kind\":\"video\"}");
            JsonNode ring = b.assertNext("call-ring");
            assertThat(ring.get("from").asText()).isEqualTo(a.peerId());
            assertThat(ring.get("name").asText()).isEqualTo("Alice");
            assertThat(ring.get("kind").asText()).isEqualTo("video");
            JsonNode stateB = b.assertNext("call-state");
            assertThat(stateB.at("/call/members")).hasSize(1);
            a.assertNext("call-state");

            b.send("{\"type\":\"call-join\",\"audioOnly\":true}");
            for (WsRecorder w : List.of(a, b)) {
                JsonNode s = w.assertNext("call-state");
                assertThat(s.at("/call/kind").asText()).isEqualTo("video");
                assertThat(s.at("/call/members/0/id").asText()).isEqualTo(a.peerId());
                assertThat(s.at("/call/members/1/id").asText()).isEqualTo(b.peerId());
                assertThat(s.at("/call/members/1/audioOnly").asBoolean()).isTrue();
            }

            b.send("{\"type\":\"call-leave\"}");
            a.assertNext("call-state");
            b.assertNext("call-state");
            a.send("{\"type\":\"call-leave\"}");
            JsonNode ended = b.assertNext("call-state");
            assertThat(ended.get("call").isNull()).as("last member gone ends the call").isTrue();
        }
    }

    @Test
    void declineIsShownToTheCallerWithTheNameOfWhoDeclined() {
        try (WsRecorder a = server.joined("decline", "Alice"); WsRecorder b = server.joined("decline", "Bob")) {
            a.assertNext("peer-joined");
            a.send("{\"type\":\"call-start\",\"kind\":\"audio\"}");
            a.assertNext("call-state");
            b.assertNext("call-ring");
            b.assertNext("call-state");
            b.send("{\"type\":\"call-decline\"}");
            JsonNode d = a.assertNext("call-declined");
            assertThat(d.get("peer").asText()).isEqualTo(b.peerId());
            assertThat(d.get("name").asText()).isEqualTo("Bob");
            assertThat(a.assertNext("call-state").get("call").isNull()).as("nobody left to ring").isTrue();
            assertThat(b.assertNext("call-state").get("call").isNull()).isTrue();
        }
    }

    @Test
    void newcomerSeesTheRunningCall() {
        try (WsRecorder a = server.joined("running", "Alice")) {
            a.send("{\"type\":\"call-start\",\"kind\":\"video\"}");
            a.assertNext("call-state");
            try (WsRecorder b = server.hello()) {
                b.send(TestServer.join("running", "Bob", server.key("running")));
                JsonNode joined = b.assertNext("joined");
                assertThat(joined.at("/call/from").asText()).isEqualTo(a.peerId());
                assertThat(joined.at("/call/members")).hasSize(1);
            }
        }
    }

    @Test
    void leavingTheRoomLeavesTheCallAndEndsItWhenLast() {
        try (WsRecorder a = server.joined("drop", "Alice"); WsRecorder b = server.joined("drop", "Bob")) {
            a.assertNext("peer-joined");
            a.send("{\"type\":\"call-start\",\"kind\":\"video\"}");
            a.assertNext("call-state");
            b.assertNext("call-ring");
            b.assertNext("call-state");
            a.close();
            JsonNode state = b.assertNext("call-state");
            assertThat(state.get("call").isNull()).isTrue();
            assertThat(b.assertNext("peer-left").get("peer").asText()).isEqualTo(a.peerId());
        }
    }

    @Test
    void seventhPersonInASixPersonRoomGetsRoomFull() {
        List<WsRecorder> six = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                six.add(server.joined("full", "P" + i));
            }
            try (WsRecorder seventh = server.hello()) {
                seventh.send(TestServer.join("full", "Late", server.key("full")));
                seventh.assertError("room-full");
                assertThat(seventh.isOpen()).as("room-full leaves the socket open").isTrue();
                seventh.send("{\"type\":\"join\",\"room\":\"other\",\"name\":\"Late\"}");
                seventh.assertNext("joined");
            }
        } finally {
            six.forEach(WsRecorder::close);
        }
    }

    @Test
    void emptyRoomIsRemovedAfterTheGracePeriod() {
        try (WsRecorder a = server.joined("grace", "Alice")) {
            assertThat(server.parley().rooms().exists("grace")).isTrue();
        }
        Poll.until("the empty room is gone", Duration.ofSeconds(5), () -> !server.parley().rooms().exists("grace"));
    }

    @Test
    void rejoiningWithinTheGracePeriodKeepsTheRoom() {
        try (WsRecorder a = server.joined("keep", "Alice"); WsRecorder marker = server.joined("marker", "M")) {
            a.send("{\"type\":\"leave\"}");
            marker.send("{\"type\":\"leave\"}");
            a.send(TestServer.join("keep", "Alice", server.key("keep")));
            a.assertNext("joined");
            // Both cleanups were scheduled together; once the marker room is gone, so is the grace period.
            Poll.until("the marker room's grace period ends", Duration.ofSeconds(5),
                    () -> !server.parley().rooms().exists("marker"));
            assertThat(server.parley().rooms().exists("keep")).isTrue();
        }
    }
}
