package org.parley.signaling;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.parley.room.Member;
import org.parley.room.Room;

/**
 * One peer as its room sees it: the id, the room and place, and the socket it currently speaks
 * through. When that socket is lost while the peer is inside a room, the session goes
 * <em>away</em>: it keeps its place, queues what the room sends it (bounded), and waits for the
 * page to {@code resume} on a new socket within the window. A full queue (by count or bytes, its
 * bytes reserved from the process-wide budget as a socket's are) or the end of the window ends
 * it, and the room then sees the peer leave as if the socket had just closed.
 *
 * <p>Lock order: connection, then room, then this session, then the socket's outbox. This
 * monitor is a leaf: nothing here calls into a room while holding it ({@link Sessions#release}
 * runs after it is released, on the thread that ended the session or one of its own).
 */
final class PeerSession implements Member {
    private final String id;
    /** The resume token's bytes; compared in constant time, never logged. */
    private final byte[] token;
    private final Sessions sessions;
    private volatile Room room;
    private volatile Place place = Place.OUT;
    /** Guarded by this: the current socket, or null while away or ended. */
    private Connection socket;
    /** Guarded by this: what arrived while away, in order; null unless away. */
    private ArrayDeque<String> missed;
    /** Guarded by this: bytes of {@link #missed}, all reserved from the budget. */
    private long missedBytes;
    private ScheduledFuture<?> expiry;
    private boolean ended;

    PeerSession(String id, String token, Connection socket, Sessions sessions) {
        this.id = id;
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.socket = socket;
        this.sessions = sessions;
    }

    @Override
    public String id() {
        return id;
    }

    /** The token handed out in {@code welcome}. */
    String token() {
        return new String(token, StandardCharsets.UTF_8);
    }

    boolean tokenMatches(String given) {
        return MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
    }

    /** Called by the room under its lock: straight to the socket, or queued while away. */
    @Override
    public void deliver(String encoded) {
        synchronized (this) {
            if (ended) {
                return;
            }
            if (socket != null) {
                socket.write(encoded);
                return;
            }
            long size = encoded.length();
            if (missed.size() < sessions.awayLimit() && missedBytes + size <= sessions.awayBytes()
                    && sessions.budget().tryReserveQueued(size)) {
                missed.add(encoded);
                missedBytes += size;
                return;
            }
            end();
        }
        // Not here: the room's lock is held. Leaving takes it again on a thread of its own.
        Thread.ofVirtual().name("parley-away-overflow").start(() -> sessions.release(this));
    }

    @Override
    public void moved(Room to, Place where) {
        place = where;
        room = where == Place.OUT ? null : to;
    }

    Room room() {
        return room;
    }

    Place place() {
        return place;
    }

    /** Whether the socket is lost and the place kept for a resume. */
    synchronized boolean isAway() {
        return missed != null;
    }

    synchronized boolean speaksThrough(Connection c) {
        return socket == c;
    }

    /**
     * The socket {@code c} was lost: keep the place for the resume window. False when {@code c}
     * is no longer this session's socket (a resume took over) or the session is over.
     */
    synchronized boolean goAway(Connection c) {
        if (ended || socket != c) {
            return false;
        }
        socket = null;
        missed = new ArrayDeque<>();
        try {
            expiry = sessions.scheduler().schedule(this::expire, sessions.window().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            expiry = null; // the server is shutting down: every place goes with it
        }
        return true;
    }

    /**
     * Ends the session if {@code c} is its socket; the caller must then {@link Sessions#release} it.
     * False when another socket took it over, or it ended already.
     */
    synchronized boolean endFrom(Connection c) {
        if (ended || socket != c) {
            return false;
        }
        end();
        return true;
    }

    /**
     * Moves the session onto socket {@code c}: what was queued while away is written to it first,
     * in order. The socket it had (still open as far as the server knew) goes to {@code previous}.
     * False when the session is over. Called under the room's lock, so nothing interleaves.
     */
    synchronized boolean attach(Connection c, Consumer<Connection> previous) {
        if (ended) {
            return false;
        }
        if (socket != null) {
            previous.accept(socket);
        }
        socket = c;
        if (missed != null) {
            if (expiry != null) {
                expiry.cancel(false);
            }
            missed.forEach(c::write);
            missed = null;
            sessions.budget().release(missedBytes); // the socket's queue holds them now
            missedBytes = 0;
        }
        return true;
    }

    private void expire() {
        synchronized (this) {
            if (ended || socket != null) {
                return;
            }
            end();
        }
        sessions.release(this);
    }

    /** Holding the monitor. */
    private void end() {
        ended = true;
        socket = null;
        missed = null;
        sessions.budget().release(missedBytes);
        missedBytes = 0;
        if (expiry != null) {
            expiry.cancel(false);
        }
    }
}
