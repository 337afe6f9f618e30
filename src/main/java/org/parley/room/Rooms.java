package org.parley.room;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.parley.signaling.protocol.ErrorCode;

/**
 * The live rooms of this node, in memory only. A numeric room is created by {@link #create} and
 * only entered afterwards; a named room is created by its first join. Either is dropped a grace
 * period after its last member leaves, so a page reload does not lose the room.
 */
public final class Rooms {
    /** A created room waits this long for its creator to get past the pre-join screen. */
    private static final Duration RESERVATION = Duration.ofMinutes(10);
    /** Tries before giving up on finding a free random code; only a nearly full code space fails. */
    private static final int CODE_ATTEMPTS = 100;

    /** Whether a join may make the named room it asks for, asked only when that room is not live. */
    @FunctionalInterface
    public interface CreateCheck {
        CreateCheck ALLOWED = () -> { };

        /** Returns when the join may create the room; throws the refusal otherwise. */
        void check() throws RoomException;
    }

    /** A freshly created numeric room: its code and the key that opens it. */
    public record Created(String code, String key) {}

    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, java.util.List<java.util.function.Consumer<RoomActivity>>> watchers =
            new ConcurrentHashMap<>();
    private final int capacity;
    private final int codeLength;
    private final Duration grace;
    private final RoomKeys keys;
    private final ScheduledExecutorService scheduler;
    /** Set when the server drains: no new rooms and no joins; calls in progress go on. */
    private volatile boolean draining;

    public Rooms(int capacity, int codeLength, Duration grace, RoomKeys keys, ScheduledExecutorService scheduler) {
        this.capacity = capacity;
        this.codeLength = codeLength;
        this.grace = grace;
        this.keys = keys;
        this.scheduler = scheduler;
    }

    /**
     * Puts a member into the room, or at its door. Numeric rooms must exist already; named rooms
     * are created on demand with a random key (standing keys are only ever handed out by trusted
     * paths, never to whoever types a name).
     */
    public Room.Entry join(String rawName, Member member, String displayName, String key, boolean mayKnock)
            throws RoomException {
        return join(rawName, member, displayName, key, mayKnock, CreateCheck.ALLOWED);
    }

    /** As above; {@code create} is asked before this join makes a named room (access control). */
    public Room.Entry join(String rawName, Member member, String displayName, String key, boolean mayKnock,
                           CreateCheck create) throws RoomException {
        if (draining) {
            throw new RoomException(ErrorCode.DRAINING);
        }
        String name = RoomNames.normalize(rawName).orElseThrow(() -> new RoomException(ErrorCode.BAD_ROOM));
        boolean numeric = RoomNames.isCode(name);
        while (true) {
            Room room = rooms.get(name);
            if (room == null && !numeric) {
                create.check();
                room = rooms.computeIfAbsent(name, this::named);
            }
            if (room == null) {
                throw new RoomException(mayKnock ? ErrorCode.ROOM_NOT_FOUND : ErrorCode.TOO_MANY_ATTEMPTS);
            }
            Room.Entry entry = room.join(member, displayName, key, mayKnock);
            if (entry != null) {
                return entry;
            }
            // Closed by the cleanup between lookup and join: it is gone from the map, look again.
            rooms.remove(name, room);
        }
    }

    public void leave(Room room, String memberId) {
        if (room.leave(memberId)) {
            scheduleCleanup(room, grace);
        }
    }

    /** Creates an empty numeric room with a fresh code and key; dropped after the grace period if unused. */
    public Created create() throws RoomException {
        if (draining) {
            throw new RoomException(ErrorCode.DRAINING);
        }
        for (int i = 0; i < CODE_ATTEMPTS; i++) {
            String code = RoomNames.randomCode(codeLength);
            String key = RoomKeys.random();
            Room fresh = new Room(code, capacity, key, null, this::observed);
            if (rooms.putIfAbsent(code, fresh) == null) {
                scheduleCleanup(fresh, grace.compareTo(RESERVATION) > 0 ? grace : RESERVATION);
                return new Created(code, key);
            }
        }
        throw new RoomException(ErrorCode.INTERNAL);
    }

    /** The link key that opens a named room on any day, for trusted paths (bot, CLI, API). */
    public String standingKey(String rawName) throws RoomException {
        String name = RoomNames.normalize(rawName).filter(n -> !RoomNames.isCode(n))
                .orElseThrow(() -> new RoomException(ErrorCode.BAD_ROOM));
        return keys.standing(name);
    }

    /**
     * Watches a room by name, across its lifetimes (a named room is made again by its next visitor).
     * The watcher runs under the room's lock: it must hand off, never block. Closing the returned
     * handle stops the watch.
     */
    public AutoCloseable watch(String rawName, java.util.function.Consumer<RoomActivity> watcher) throws RoomException {
        String name = RoomNames.normalize(rawName).orElseThrow(() -> new RoomException(ErrorCode.BAD_ROOM));
        watchers.computeIfAbsent(name, n -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(watcher);
        return () -> watchers.computeIfPresent(name, (n, list) -> {
            list.remove(watcher);
            return list.isEmpty() ? null : list;
        });
    }

    /** Relays a decline from outside the room (see {@link Room#declineFromOutside}); false if the room is gone. */
    public boolean declineFromOutside(String rawName, String displayName) throws RoomException {
        String name = RoomNames.normalize(rawName).orElseThrow(() -> new RoomException(ErrorCode.BAD_ROOM));
        Room room = rooms.get(name);
        if (room == null) {
            return false;
        }
        room.declineFromOutside(displayName);
        return true;
    }

    private void observed(RoomActivity activity) {
        var list = watchers.get(activity.room());
        if (list != null) {
            list.forEach(w -> w.accept(activity));
        }
    }

    /** From now on, refuses new rooms and joins (graceful shutdown). */
    public void drain() {
        draining = true;
    }

    /** People inside rooms on this node. */
    public int participantCount() {
        return rooms.values().stream().mapToInt(r -> r.activity().present()).sum();
    }

    /** Calls running on this node (a call counts from its first ring until its last member leaves). */
    public int activeCalls() {
        return (int) rooms.values().stream().filter(Room::callRunning).count();
    }

    public int count() {
        return rooms.size();
    }

    public boolean exists(String name) {
        return rooms.containsKey(name);
    }

    /** Who is inside a live room (away members included), in entry order; empty when there is no such room. */
    public java.util.List<String> memberIds(String name) {
        Room room = rooms.get(name);
        return room == null ? java.util.List.of() : room.memberIds();
    }

    /** A join into an empty named room always succeeds, so a room made here never stays empty. */
    private Room named(String name) {
        return new Room(name, capacity, RoomKeys.random(), keys.standing(name), this::observed);
    }

    private void scheduleCleanup(Room room, Duration delay) {
        Runnable drop = () -> {
            if (room.closeIfEmpty()) {
                rooms.remove(room.name(), room);
            }
        };
        if (delay.isZero()) {
            drop.run();
        } else {
            try {
                scheduler.schedule(drop, delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // The server is shutting down: the rooms go with it.
            }
        }
    }
}
