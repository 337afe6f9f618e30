package org.parley.signaling;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import org.parley.room.Member.Place;
import org.parley.room.Room;
import org.parley.room.Rooms;

/**
 * Every live peer of this node by id: one {@link PeerSession} from {@code welcome} until it
 * leaves, is dropped, or its resume window runs out. Ids are unique among live sessions and not
 * guessable from one another; resume tokens are 128 random bits.
 */
final class Sessions {
    private static final int TOKEN_BYTES = 16;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, PeerSession> live = new ConcurrentHashMap<>();
    private final Rooms rooms;
    private final ScheduledExecutorService scheduler;
    private final Duration window;
    private final int awayLimit;
    private final long awayBytes;
    private final org.parley.limits.MemoryBudget budget;

    /**
     * @param window    how long a dropped socket's place is kept (zero: never)
     * @param awayLimit messages kept for an away peer before it is dropped for good
     * @param awayBytes bytes kept for an away peer before it is dropped for good
     * @param budget    the process-wide budget the kept messages are reserved from, as a socket's queue is
     */
    Sessions(Rooms rooms, ScheduledExecutorService scheduler, Duration window, int awayLimit, long awayBytes,
             org.parley.limits.MemoryBudget budget) {
        this.awayBytes = awayBytes;
        this.budget = budget;
        this.rooms = rooms;
        this.scheduler = scheduler;
        this.window = window;
        this.awayLimit = awayLimit;
    }

    /** A new session with a fresh id and resume token, attached to {@code socket}. */
    PeerSession create(Connection socket) {
        byte[] secret = new byte[TOKEN_BYTES];
        random.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        byte[] bytes = new byte[6];
        while (true) {
            random.nextBytes(bytes);
            String id = "p" + HexFormat.of().formatHex(bytes);
            PeerSession s = new PeerSession(id, token, socket, this);
            if (live.putIfAbsent(id, s) == null) {
                return s;
            }
        }
    }

    /** The session a {@code resume} names, or null when the id is unknown or the token wrong. */
    PeerSession find(String peer, String token) {
        PeerSession s = live.get(peer);
        return s != null && s.tokenMatches(token) ? s : null;
    }

    Duration window() {
        return window;
    }

    long awayBytes() {
        return awayBytes;
    }

    org.parley.limits.MemoryBudget budget() {
        return budget;
    }

    int awayLimit() {
        return awayLimit;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /**
     * Takes an ended session out of its room (the others get {@code peer-left}) and frees its id.
     * Called holding no room lock: at most the lock of the connection that ended it.
     */
    void release(PeerSession s) {
        Room r = s.room();
        if (r != null) {
            rooms.leave(r, s.id());
            s.moved(r, Place.OUT);
        }
        live.remove(s.id(), s);
    }

    /** Peers whose socket is lost and whose place is kept for a resume. */
    int awayCount() {
        return (int) live.values().stream().filter(PeerSession::isAway).count();
    }
}
