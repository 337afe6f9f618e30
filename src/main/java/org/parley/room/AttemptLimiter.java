package org.parley.room;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Failed attempts to enter rooms (unknown codes, wrong or missing keys, knocks) per client
 * address: a bucket of {@code burst} attempts refilled at {@code perMinute}. Room codes are short,
 * so this, not their length, is what stops a script from walking the code space. Addresses are
 * held only while their bucket is not full again, and never logged.
 */
public final class AttemptLimiter {
    private final double burst;
    private final double perNano;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongAdder failures = new LongAdder();
    private final LongAdder refused = new LongAdder();

    /** Counters for operators and tests: failed attempts charged, attempts refused for lack of budget. */
    public record Stats(long failures, long refused, int addresses) {}

    private static final class Bucket {
        double tokens;
        long last;

        Bucket(double tokens, long last) {
            this.tokens = tokens;
            this.last = last;
        }
    }

    public AttemptLimiter(int burst, double perMinute) {
        this.burst = burst;
        this.perNano = perMinute / Duration.ofMinutes(1).toNanos();
    }

    /** True when the address may still fail once more. */
    public boolean mayFail(String address) {
        Bucket b = buckets.get(address);
        if (b == null) {
            return true;
        }
        synchronized (b) {
            refill(b, System.nanoTime());
            if (b.tokens >= 1) {
                return true;
            }
        }
        refused.increment();
        return false;
    }

    /**
     * Takes one attempt from the address's allowance if one is left, in one step: for callers
     * that charge every attempt up front (room creation, the bot's links), where a separate check
     * and charge would let a parallel burst through.
     */
    public boolean charge(String address) {
        Bucket b = buckets.computeIfAbsent(address, a -> new Bucket(burst, System.nanoTime()));
        synchronized (b) {
            refill(b, System.nanoTime());
            if (b.tokens >= 1) {
                b.tokens -= 1;
                failures.increment();
                return true;
            }
        }
        refused.increment();
        return false;
    }

    /** Charges one failed attempt to the address. */
    public void failed(String address) {
        failures.increment();
        Bucket b = buckets.computeIfAbsent(address, a -> new Bucket(burst, System.nanoTime()));
        synchronized (b) {
            refill(b, System.nanoTime());
            b.tokens = Math.max(0, b.tokens - 1);
        }
    }

    /** Forgets addresses whose bucket has refilled: they are back to a fresh start anyway. */
    public void sweep() {
        long now = System.nanoTime();
        buckets.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                refill(e.getValue(), now);
                return e.getValue().tokens >= burst;
            }
        });
    }

    public Stats stats() {
        return new Stats(failures.sum(), refused.sum(), buckets.size());
    }

    private void refill(Bucket b, long now) {
        b.tokens = Math.min(burst, b.tokens + (now - b.last) * perNano);
        b.last = now;
    }
}
