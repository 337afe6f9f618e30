package org.parley.bot;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential back-off with jitter: 0.5 s doubling to 30 s; reset after a success. */
final class Backoff {
    private static final long FIRST_MS = 500;
    private static final long MAX_MS = 30_000;
    private long nextMs = FIRST_MS;

    Duration next() {
        long base = nextMs;
        nextMs = Math.min(MAX_MS, nextMs * 2);
        // Full jitter on the upper half, so many bots do not retry in step.
        return Duration.ofMillis(base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1));
    }

    void reset() {
        nextMs = FIRST_MS;
    }
}
