package org.parley.turn.server;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A per-allocation byte budget (token bucket): {@code bytesPerSecond}, with one second of burst.
 * Datagrams over the budget are dropped, which congestion control in the browser reads as loss
 * and answers by sending less. Zero means unlimited.
 */
final class Bandwidth {
    private final double perNano;
    private final double burst;
    private final ReentrantLock lock = new ReentrantLock();
    private double tokens;
    private long last;

    Bandwidth(long bytesPerSecond, long nowNanos) {
        this.perNano = bytesPerSecond / 1e9;
        this.burst = bytesPerSecond;
        this.tokens = burst;
        this.last = nowNanos;
    }

    boolean take(int bytes, long nowNanos) {
        if (burst == 0) {
            return true;
        }
        lock.lock();
        try {
            tokens = Math.min(burst, tokens + (nowNanos - last) * perNano);
            last = nowNanos;
            if (tokens < bytes) {
                return false;
            }
            tokens -= bytes;
            return true;
        } finally {
            lock.unlock();
        }
    }
}
