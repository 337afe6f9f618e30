package org.parley.room;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.parley.signaling.protocol.ErrorCode;

/**
 * The live rooms of this node, in memory only. A room is created by its first join and dropped
 * a grace period after its last member leaves, so a page reload does not lose the room.
 */
public final class Rooms {
    /** Tries before giving up on finding a free random code; only a nearly full code space fails. */
    private static final int CODE_ATTEMPTS = 100;

    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final int capacity;
    private final int codeLength;
    private final Duration grace;
    private final ScheduledExecutorService scheduler;

    public Rooms(int capacity, int codeLength, Duration grace, ScheduledExecutorService scheduler) {
        this.capacity = capacity;
        this.codeLength = codeLength;
        this.grace = grace;
        this.scheduler = scheduler;
    }

    /** Puts a member into the named room, creating the room on demand. */
    public Room join(String rawName, Member member, String displayName) throws RoomException {
        String name = RoomNames.normalize(rawName).orElseThrow(() -> new RoomException(ErrorCode.BAD_ROOM));
        while (true) {
            Room room = rooms.computeIfAbsent(name, n -> new Room(n, capacity));
            if (room.join(member, displayName)) {
                return room;
            }
            // Closed by the cleanup between lookup and join: it is gone from the map, look again.
            rooms.remove(name, room);
        }
    }

    public void leave(Room room, String memberId) {
        if (room.leave(memberId)) {
            scheduleCleanup(room);
        }
    }

    /** Creates an empty room with a fresh random code; it is dropped after the grace period if unused. */
    public String create() throws RoomException {
        for (int i = 0; i < CODE_ATTEMPTS; i++) {
            String code = RoomNames.randomCode(codeLength);
            Room fresh = new Room(code, capacity);
            if (rooms.putIfAbsent(code, fresh) == null) {
                scheduleCleanup(fresh);
                return code;
            }
        }
        throw new RoomException(ErrorCode.INTERNAL);
    }

    public int count() {
        return rooms.size();
    }

    public boolean exists(String name) {
        return rooms.containsKey(name);
    }

    private void scheduleCleanup(Room room) {
        Runnable drop = () -> {
            if (room.closeIfEmpty()) {
                rooms.remove(room.name(), room);
            }
        };
        if (grace.isZero()) {
            drop.run();
        } else {
            scheduler.schedule(drop, grace.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
