package org.parley.limits;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes of messages in flight across the whole process: queued to be written, and read but not
 * yet handed on. Each socket also has its own bound; this one stops many sockets that each stay
 * under theirs from filling the heap together. It only counts: what to do when it is spent (refuse
 * newcomers, drop a client that is not reading) is the caller's choice. Messages queued for
 * clients may take only three quarters of it ({@link #tryReserveQueued}): a backlog of unread
 * messages, the usual way to fill it, must never stop the server from reading what callers send.
 */
public final class MemoryBudget {
    private final long limit;
    private final AtomicLong used = new AtomicLong();

    public MemoryBudget(long limit) {
        this.limit = limit;
    }

    /** Reserves bytes if they fit; false (and nothing reserved) if they do not. */
    public boolean tryReserve(long bytes) {
        return tryReserve(bytes, limit);
    }

    /** Reserves bytes for a queue of messages to write, if they fit in its three quarters. */
    public boolean tryReserveQueued(long bytes) {
        return tryReserve(bytes, limit - limit / 4);
    }

    private boolean tryReserve(long bytes, long ceiling) {
        long now;
        do {
            now = used.get();
            if (now + bytes > ceiling) {
                return false;
            }
        } while (!used.compareAndSet(now, now + bytes));
        return true;
    }

    /** Reserves bytes even over the limit: for the one message a socket with nothing queued may always have. */
    public void force(long bytes) {
        used.addAndGet(bytes);
    }

    public void release(long bytes) {
        used.addAndGet(-bytes);
    }

    public long used() {
        return used.get();
    }

    public long limit() {
        return limit;
    }

    /**
     * True once less than a third is left, so queued messages fill most of what they may: from
     * there on newcomers are turned away until the clients who do not read are dropped.
     */
    public boolean nearlySpent() {
        return used.get() > limit - limit / 3;
    }
}
