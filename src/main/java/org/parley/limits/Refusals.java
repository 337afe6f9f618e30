package org.parley.limits;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts every {@link Refusal} for {@code /metrics} and leaves a trace in the log that a host
 * under attack can see without the log becoming the attack: at most one line per kind every
 * {@link #QUIET_NANOS}, saying how many happened since the previous line, and never the address.
 */
public final class Refusals {
    private static final Logger LOG = LoggerFactory.getLogger(Refusals.class);
    /** Ten seconds: a flood of a thousand refusals a second costs the log one line. */
    static final long QUIET_NANOS = 10_000_000_000L;

    private static final Map<Refusal, LongAdder> COUNTS = new EnumMap<>(Refusal.class);
    /** When each kind was last logged, and how many are not yet in a line. */
    private static final Map<Refusal, AtomicLong> LAST_LINE = new EnumMap<>(Refusal.class);
    private static final Map<Refusal, LongAdder> UNLOGGED = new EnumMap<>(Refusal.class);

    static {
        long longAgo = System.nanoTime() - 2 * QUIET_NANOS;
        for (Refusal r : Refusal.values()) {
            COUNTS.put(r, new LongAdder());
            LAST_LINE.put(r, new AtomicLong(longAgo));
            UNLOGGED.put(r, new LongAdder());
        }
    }

    private Refusals() {
    }

    /** One refusal: counted, and logged unless a line for its kind went out within the quiet time. */
    public static void record(Refusal r) {
        COUNTS.get(r).increment();
        UNLOGGED.get(r).increment();
        AtomicLong last = LAST_LINE.get(r);
        long now = System.nanoTime();
        long then = last.get();
        if (now - then >= QUIET_NANOS && last.compareAndSet(then, now)) {
            long n = UNLOGGED.get(r).sumThenReset();
            LOG.warn("{} ({} since the last such line)", r.line(), n);
        }
    }

    public static long count(Refusal r) {
        return COUNTS.get(r).sum();
    }
}
