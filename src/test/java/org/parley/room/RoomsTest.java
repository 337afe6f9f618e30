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
    private final RoomKeys keys = new RoomKeys("unit-test-secret-0123".getBytes());
    private final Rooms rooms = new Rooms(3, 5, Duration.ZERO, keys, scheduler);

    record Fake(String id, List<String> inbox, List<Member.Place> places, List<Room> rooms) implements Member {
        Fake(String id) {
            this(id, new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }

        @Override
        public void deliver(String encoded) {
            inbox.add(encoded);
        }

        @Override
        public void moved(Room room, Place place) {
            places.add(place);
            rooms.add(room);
        }

        Place place() {
            return places.getLast();
        }

        String last() {
            return inbox.getLast();
        }
    }

    /** Joins with the room's standing key: straight in. */
    private Room enter(String room, Fake m, String name) throws RoomException {
        String key = RoomNames.normalize(room).map(keys::standing).orElse(null);
        assertThat(rooms.join(room, m, name, key, true)).isEqualTo(Room.Entry.INSIDE);
        return m.rooms().getLast();
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void roomIsCreatedByTheFirstJoinAndDroppedWithTheLastLeave() throws Exception {
        Fake a = new Fake("pa");
        Room room = enter("Team-Standup", a, "Alice");
        assertThat(room.name()).isEqualTo("team-standup");
        assertThat(rooms.count()).isEqualTo(1);
        rooms.leave(room, "pa");
        assertThat(rooms.count()).isZero();
    }

    @Test
    void capacityIsEnforced() throws Exception {
        for (String id : List.of("p1", "p2", "p3")) {
            enter("cap", new Fake(id), id);
        }
        assertThatThrownBy(() -> enter("cap", new Fake("p4"), "p4"))
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
            assertThatThrownBy(() -> enter(bad, new Fake("p1"), "A"))
                    .isInstanceOfSatisfying(RoomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_ROOM));
        }
        assertThat(rooms.count()).isZero();
    }

    @Test
    void callLifecycleRingsDeclinesAndEnds() throws Exception {
        Fake a = new Fake("pa");
        Fake b = new Fake("pb");
        Fake c = new Fake("pc");
        Room room = enter("call", a, "Alice");
        enter("call", b, "Bob");
        enter("call", c, "Carol");
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
        Room room = enter("nobody", a, "Alice");
        enter("nobody", b, "Bob");
        enter("nobody", c, "Carol");
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
        Room room = enter("audio", a, "Alice");
        enter("audio", b, "Bob");
        room.startCall("pa", CallKind.AUDIO);
        room.joinCall("pb", false);
        assertThat(a.last()).contains("{\"id\":\"pb\",\"audioOnly\":true}");
    }

    @Test
    void relayStampsTheSenderAndRefusesStrangers() throws Exception {
        Fake a = new Fake("pa");
        Fake b = new Fake("pb");
        Room room = enter("relay", a, "Alice");
        enter("relay", b, "Bob");
        String data = "{\"x\":1}";
        room.relay("pa", "pb", data);
        assertThat(b.last()).isEqualTo("{\"type\":\"signal\",\"from\":\"pa\",\"data\":{\"x\":1}}");
        assertThatThrownBy(() -> room.relay("pa", "pz", data)).isInstanceOf(RoomException.class);
        assertThatThrownBy(() -> room.relay("pa", "pa", data)).isInstanceOf(RoomException.class);
    }

    @Test
    void createdRoomsHaveADigitCodeAndA128BitKey() throws Exception {
        Rooms.Created created = rooms.create();
        assertThat(created.code()).matches("\\d{5}");
        assertThat(java.util.Base64.getUrlDecoder().decode(created.key())).hasSize(16);
        assertThat(rooms.create().key()).isNotEqualTo(created.key());
    }

    @Test
    void theKeyLetsInAndNoKeyKnocksUntilAdmitted() throws Exception {
        Rooms.Created created = rooms.create();
        Fake host = new Fake("ph");
        assertThat(rooms.join(created.code(), host, "Host", created.key(), true)).isEqualTo(Room.Entry.INSIDE);
        Room room = host.rooms().getLast();
        assertThat(host.inbox().getFirst()).contains("\"host\":\"ph\"").contains(created.key());

        Fake knocker = new Fake("pk");
        assertThat(rooms.join(created.code(), knocker, "Kim", null, true)).isEqualTo(Room.Entry.KNOCKING);
        assertThat(knocker.place()).isEqualTo(Member.Place.AT_DOOR);
        assertThat(knocker.inbox().getLast()).isEqualTo("{\"type\":\"knocking\",\"present\":1}");
        assertThat(host.inbox().getLast()).contains("\"knock\"").contains("\"Kim\"");
        assertThatThrownBy(() -> room.startCall("pk", CallKind.VIDEO)).isInstanceOf(RoomException.class);

        room.admit("ph", "pk");
        assertThat(knocker.place()).isEqualTo(Member.Place.INSIDE);
        assertThat(knocker.inbox().getLast()).contains("\"joined\"").contains(created.key());

        Fake wrong = new Fake("pw");
        assertThat(rooms.join(created.code(), wrong, "Wes", "not-the-key", true)).isEqualTo(Room.Entry.KNOCKING);
        room.deny("pk", "pw");
        assertThat(wrong.place()).isEqualTo(Member.Place.OUT);
        assertThat(wrong.inbox().getLast()).contains("\"knock-denied\"");
        assertThat(host.inbox().getLast()).isEqualTo("{\"type\":\"knock-ended\",\"peer\":\"pw\",\"admitted\":false}");
    }

    @Test
    void knockingWithNobodyInsideWaitsForTheFirstOneIn() throws Exception {
        Rooms.Created created = rooms.create();
        Fake early = new Fake("pe");
        rooms.join(created.code(), early, "Early", null, true);
        assertThat(early.inbox().getLast()).isEqualTo("{\"type\":\"knocking\",\"present\":0}");
        Fake host = new Fake("ph");
        rooms.join(created.code(), host, "Host", created.key(), true);
        assertThat(host.inbox()).anyMatch(m -> m.contains("\"knock\"") && m.contains("\"pe\""));
    }

    @Test
    void withoutAttemptsLeftOnlyTheKeyGetsIn() throws Exception {
        Rooms.Created created = rooms.create();
        assertThatThrownBy(() -> rooms.join(created.code(), new Fake("p1"), "A", null, false))
                .isInstanceOfSatisfying(RoomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_ATTEMPTS));
        assertThatThrownBy(() -> rooms.join("99999", new Fake("p2"), "A", null, false))
                .isInstanceOfSatisfying(RoomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_ATTEMPTS));
        assertThat(rooms.join(created.code(), new Fake("p3"), "A", created.key(), false)).isEqualTo(Room.Entry.INSIDE);
    }

    @Test
    void unknownNumericCodesAreNotFoundAndAnOldKeyDiesWithItsRoom() throws Exception {
        assertThatThrownBy(() -> rooms.join("12345", new Fake("p1"), "A", null, true))
                .isInstanceOfSatisfying(RoomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ROOM_NOT_FOUND));
        Rooms.Created created = rooms.create();
        Fake a = new Fake("pa");
        rooms.join(created.code(), a, "A", created.key(), true);
        rooms.leave(a.rooms().getLast(), "pa");
        assertThat(rooms.exists(created.code())).isFalse();
        assertThatThrownBy(() -> rooms.join(created.code(), new Fake("pb"), "B", created.key(), true))
                .isInstanceOfSatisfying(RoomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ROOM_NOT_FOUND));
    }

    @Test
    void hostOpensLocksAndRemovesAndHostPassesOnWhenTheyLeave() throws Exception {
        Fake a = new Fake("pa");
        Fake b = new Fake("pb");
        Room room = enter("hosted", a, "Alice");
        enter("hosted", b, "Bob");
        assertThatThrownBy(() -> room.settings("pb", true, null))
                .isInstanceOfSatisfying(RoomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_HOST));

        room.settings("pa", true, null);
        assertThat(b.inbox().getLast()).isEqualTo("{\"type\":\"room-state\",\"host\":\"pa\",\"open\":true,\"locked\":false}");
        Fake walkIn = new Fake("pc");
        assertThat(rooms.join("hosted", walkIn, "Carol", null, true)).isEqualTo(Room.Entry.INSIDE);

        room.settings("pa", false, true);
        assertThatThrownBy(() -> rooms.join("hosted", new Fake("pd"), "Dan", keys.standing("hosted"), true))
                .isInstanceOfSatisfying(RoomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ROOM_LOCKED));

        room.remove("pa", "pc");
        assertThat(walkIn.place()).isEqualTo(Member.Place.OUT);
        assertThat(walkIn.inbox().getLast()).contains("\"removed\"");
        assertThat(b.inbox().getLast()).isEqualTo("{\"type\":\"peer-left\",\"peer\":\"pc\"}");

        rooms.leave(room, "pa");
        assertThat(b.inbox().getLast()).contains("\"room-state\"").contains("\"host\":\"pb\"");
    }

    @Test
    void aNamedRoomOpenedFromThePageGetsARandomKeyButTheStandingKeyStillOpensIt() throws Exception {
        Fake a = new Fake("pa");
        assertThat(rooms.join("team-standup", a, "Alice", null, true)).isEqualTo(Room.Entry.INSIDE);
        assertThat(a.inbox().getFirst()).doesNotContain(keys.standing("team-standup"));
        assertThat(rooms.join("team-standup", new Fake("pb"), "Bob", null, true)).isEqualTo(Room.Entry.KNOCKING);
        assertThat(rooms.join("team-standup", new Fake("pc"), "Carol", keys.standing("team-standup"), true))
                .isEqualTo(Room.Entry.INSIDE);
    }

    @Test
    void theCreateCheckIsAskedOnlyWhenAJoinWouldMakeANamedRoom() throws Exception {
        int[] asked = {0};
        Rooms.CreateCheck refuse = () -> {
            asked[0]++;
            throw new RoomException(ErrorCode.AUTH_REQUIRED);
        };
        assertThatThrownBy(() -> rooms.join("gated", new Fake("pa"), "Alice", null, true, refuse))
                .isInstanceOfSatisfying(RoomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTH_REQUIRED));
        assertThat(rooms.exists("gated")).as("a refused check makes no room").isFalse();
        assertThat(rooms.join("gated", new Fake("pb"), "Bob", null, true, Rooms.CreateCheck.ALLOWED))
                .isEqualTo(Room.Entry.INSIDE);
        assertThat(rooms.join("gated", new Fake("pc"), "Carol", keys.standing("gated"), true, refuse))
                .as("a live room is entered without asking").isEqualTo(Room.Entry.INSIDE);
        Rooms.Created created = rooms.create();
        assertThat(rooms.join(created.code(), new Fake("pd"), "Dan", created.key(), true, refuse))
                .as("numeric rooms are made by create(), never by a join").isEqualTo(Room.Entry.INSIDE);
        assertThat(asked[0]).isEqualTo(1);
    }

    @Test
    void standingKeysDependOnTheSecretAndTheNameOnly() {
        RoomKeys again = new RoomKeys("unit-test-secret-0123".getBytes());
        RoomKeys other = new RoomKeys("another-secret-456789".getBytes());
        assertThat(again.standing("team-standup")).isEqualTo(keys.standing("team-standup")).hasSize(22);
        assertThat(other.standing("team-standup")).isNotEqualTo(keys.standing("team-standup"));
        assertThat(keys.standing("team-retro")).isNotEqualTo(keys.standing("team-standup"));
    }

    @Test
    void displayNamesAreCleanedAndCapped() {
        assertThat(RoomNames.displayName("  Al\u0000ice\u200E ")).isEqualTo("Alice");
        assertThat(RoomNames.displayName("\t")).isEqualTo("Guest");
        assertThat(RoomNames.displayName("я".repeat(100))).hasSize(64);
    }
}
