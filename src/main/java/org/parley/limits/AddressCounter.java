package org.parley.limits;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open resources (sockets, connections, relays) per client address, with a cap per address and
 * one in total. A newcomer over either cap is refused; nothing already open is ever taken away.
 * Addresses are map keys only while they hold something, and never logged.
 *
 * @param <K> the address type (a string after trusted-proxy resolution, or an {@code InetAddress})
 */
public final class AddressCounter<K> {
    private final ConcurrentHashMap<K, AtomicInteger> open = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final int perAddress;
    private final int max;

    /** Why {@link #acquire} said no. */
    public enum Verdict { OK, PER_ADDRESS, TOTAL }

    /**
     * @param perAddress most resources one address may hold
     * @param max        most resources in all ({@link Integer#MAX_VALUE}: no total cap)
     */
    public AddressCounter(int perAddress, int max) {
        this.perAddress = perAddress;
        this.max = max;
    }

    /** Takes one slot for the address; on anything but OK nothing was taken. */
    public Verdict acquire(K address) {
        if (total.incrementAndGet() > max) {
            total.decrementAndGet();
            return Verdict.TOTAL;
        }
        boolean[] over = new boolean[1];
        open.compute(address, (a, n) -> {
            AtomicInteger c = n == null ? new AtomicInteger() : n;
            if (c.get() >= perAddress) {
                over[0] = true;
            } else {
                c.incrementAndGet();
            }
            return c.get() == 0 ? null : c;
        });
        if (over[0]) {
            total.decrementAndGet();
            return Verdict.PER_ADDRESS;
        }
        return Verdict.OK;
    }

    /** Gives back a slot that {@link #acquire} granted. */
    public void release(K address) {
        open.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
        total.decrementAndGet();
    }

    public int held(K address) {
        AtomicInteger n = open.get(address);
        return n == null ? 0 : n.get();
    }

    public int total() {
        return total.get();
    }
}
