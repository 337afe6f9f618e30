package org.parley.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.parley.signaling.protocol.CallKind;
import org.parley.signaling.protocol.ErrorCode;

/** The room state machine, without any transport. */
class RoomsTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final Rooms rooms = new Rooms(3, 5, Duration.ZERO, scheduler);

    record Fake(String id, List<String> inbox) implements Member {
        Fake(String id) {
            this(id, new ArrayList<>());
        }

        @Override
        public void deliver(String encoded) {
            inbox.add(encoded);
        }

        String last() {
            return inbox.getLast();
        }
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void roomIsCreatedByTheFirstJoinAndDroppedWithTheLastLeave() throws Exception {
        Fake a = new Fake("pa");
        Room room = rooms.join("Team-Standup", a, "Alice");
        assertThat(room.name()).isEqualTo("team-standup");
        assertThat(rooms.count()).isEqualTo(1);
        rooms.leave(room, "pa");
        assertThat(rooms.count()).isZero();
    }

    @Test
    void capacityIsEnforced() throws Exception {
        for (String id : List.of("p1", "p2", "p3")) {
            rooms.join("cap", new Fake(id), id);
        }
        assertThatThrownBy(() -> rooms.join("cap", new Fake("p4"), "p4"))
                .isInstanceOfSatisfying(RoomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ROOM_FULL));
    }

    @Test
    void roomNamesFollowTheFixtureSharedWithThePage() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(RoomsTest.class.getResourceAsStream("/protocol/room-names.json"));
        json.get("valid").forEach(n -> assertThat(RoomNames.normalize(n.asText())).as(n.asText()).isPresent());
        json.get("invalid").forEach(n -> assertThat(RoomNames.normalize(n.asText())).as(n.asText()).isEmpty());
    }

    @Test
    void invalidNamesAreRefused() {
        for (String bad : List.of("", "   ", "a b", "../etc", "x".repeat(65), "<script>")) {
            assertThatThrownBy(() -> rooms.join(bad, new Fake("p1"), "A"))
                    .isInstanceOfSatisfying(RoomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_ROOM));
        }
        assertThat(rooms.count()).isZero();
    }

    @Test
    void callLifecycleRingsDeclinesAndEnds() throws Exception {
        Fake a = new Fake("pa");
        Fake b = new Fake("pb");
        Fake c = new Fake("pc");
        Room room = rooms.join("call", a, "Alice");
        rooms.join("call", b, "Bob");
        rooms.join("call", c, "Carol");
        room.startCall("pa", CallKind.VIDEO);
        assertThat(b.inbox()).anyMatch(m -> m.contains("\"call-ring\"") && m.contains("\"Alice\""));
        assertThat(a.inbox()).noneMatch(m -> m.contains("\"call-ring\""));
        room.declineCall("pc");
        assertThat(a.last()).contains("\"call-declined\"").contains("\"pc\"");
        room.joinCall("pb", false);
        assertThat(c.last()).contains("\"call-state\"").contains("\"pa\"").contains("\"pb\"");
        assertThatThrownBy(() -> room.declineCall("pb")).isInstanceOf(RoomException.class);
        room.leaveCall("pa");
        room.leaveCall("pb");
        assertThat(c.last()).isEqualTo("{\"type\":\"call-state\",\"call\":null}");
        assertThatThrownBy(() -> room.joinCall("pc", false))
                .isInstanceOfSatisfying(RoomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_CALL));
    }

    @Test
    void callEndsWhenEveryoneElseDeclined() throws Exception {
        Fake a = new Fake("pa");
        Fake b = new Fake("pb");
        Fake c = new Fake("pc");
        Room room = rooms.join("nobody", a, "Alice");
        rooms.join("nobody", b, "Bob");
        rooms.join("nobody", c, "Carol");
        room.startCall("pa", CallKind.VIDEO);
        room.declineCall("pb");
        assertThat(a.last()).contains("\"call-declined\"");
        room.declineCall("pc");
        assertThat(a.last()).isEqualTo("{\"type\":\"call-state\",\"call\":null}");
        assertThat(b.last()).isEqualTo("{\"type\":\"call-state\",\"call\":null}");
    }

    @Test
    void audioCallMakesEveryMemberAudioOnly() throws Exception {
        Fake a = new Fake("pa");
        Fake b = new Fake("pb");
        Room room = rooms.join("audio", a, "Alice");
        rooms.join("audio", b, "Bob");
        room.startCall("pa", CallKind.AUDIO);
        room.joinCall("pb", false);
        assertThat(a.last()).contains("{\"id\":\"pb\",\"audioOnly\":true}");
    }

    @Test
    void relayStampsTheSenderAndRefusesStrangers() throws Exception {
        Fake a = new Fake("pa");
        Fake b = new Fake("pb");
        Room room = rooms.join("relay", a, "Alice");
        rooms.join("relay", b, "Bob");
        var data = org.parley.signaling.protocol.Codec.mapper().createObjectNode().put("x", 1);
        room.relay("pa", "pb", data);
        assertThat(b.last()).isEqualTo("{\"type\":\"signal\",\"from\":\"pa\",\"data\":{\"x\":1}}");
        assertThatThrownBy(() -> room.relay("pa", "pz", data)).isInstanceOf(RoomException.class);
        assertThatThrownBy(() -> room.relay("pa", "pa", data)).isInstanceOf(RoomException.class);
    }

    @Test
    void createdCodesAreDigitsOfTheConfiguredLength() throws Exception {
        String code = rooms.create();
        assertThat(code).matches("\\d{5}");
    }

    @Test
    void displayNamesAreCleanedAndCapped() {
        assertThat(RoomNames.displayName("  Al\u0000ice\u200E ")).isEqualTo("Alice");
        assertThat(RoomNames.displayName("\t")).isEqualTo("Guest");
        assertThat(RoomNames.displayName("я".repeat(100))).hasSize(64);
    }
}
