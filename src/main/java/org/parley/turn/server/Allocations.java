package org.parley.turn.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.channels.DatagramChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.parley.limits.AddressCounter;

/**
 * Every allocation, by client 5-tuple and by relay port, with the per-credential quota and the
 * per-client-address cap (both 486, RFC 8656 §7.2 step 10: credentials are minted freely, so only
 * the address bounds what one client can hold). Relay ports are drawn at random from the
 * configured range, so the next one cannot be guessed from the last.
 */
final class Allocations {
    private static final int BIND_ATTEMPTS = 64;

    private final Map<ClientLink, Allocation> byClient = new ConcurrentHashMap<>();
    private final Map<Integer, Allocation> byPort = new ConcurrentHashMap<>();
    private final Map<String, Integer> perUser = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final LongAdder relayed = new LongAdder();
    private final InetAddress relayBind;
    private final InetAddress relayAdvertised;
    private final int portMin;
    private final int portMax;
    private final int quota;
    private final AddressCounter<InetAddress> perAddress;
    private final long bytesPerSecond;
    private final OwnAddresses own;

    /** Why an allocation could not be made; each maps to one STUN error. */
    enum Refusal { QUOTA, PER_ADDRESS, NO_PORT }

    /** Either an allocation or a refusal. */
    record Outcome(Allocation allocation, Refusal refusal) {
    }

    /**
     * @param quota                 allocations per credential
     * @param allocationsPerAddress allocations per client IP (of the 5-tuple)
     */
    Allocations(InetAddress relayBind, InetAddress relayAdvertised, int portMin, int portMax, int quota,
                int allocationsPerAddress, long bytesPerSecond, OwnAddresses own) {
        this.relayBind = relayBind;
        this.relayAdvertised = relayAdvertised;
        this.portMin = portMin;
        this.portMax = portMax;
        this.quota = quota;
        this.perAddress = new AddressCounter<>(allocationsPerAddress, Integer.MAX_VALUE);
        this.bytesPerSecond = bytesPerSecond;
        this.own = own;
    }

    Allocation get(ClientLink client) {
        return byClient.get(client);
    }

    /** True when a datagram to this address would reach this host itself. */
    boolean own(InetAddress address) {
        return own.contains(address);
    }

    /** The live allocation relaying from this port, or null. */
    Allocation relayAt(int port) {
        return byPort.get(port);
    }

    Outcome create(ClientLink client, String username, byte[] key, boolean evenPort, boolean dontFragment,
                   long expiresAt) {
        lock.lock();
        try {
            if (perUser.getOrDefault(username, 0) >= quota) {
                return new Outcome(null, Refusal.QUOTA);
            }
            InetAddress address = client.remote().getAddress();
            if (perAddress.acquire(address) != AddressCounter.Verdict.OK) {
                return new Outcome(null, Refusal.PER_ADDRESS);
            }
            DatagramChannel relay = bindRelay(evenPort, dontFragment);
            if (relay == null) {
                perAddress.release(address);
                return new Outcome(null, Refusal.NO_PORT);
            }
            InetSocketAddress advertised = new InetSocketAddress(relayAdvertised, relay.socket().getLocalPort());
            Allocation a = new Allocation(client, username, key, relay, advertised, this, bytesPerSecond, expiresAt);
            byClient.put(client, a);
            byPort.put(a.relayPort(), a);
            perUser.merge(username, 1, Integer::sum);
            a.startReading();
            return new Outcome(a, null);
        } finally {
            lock.unlock();
        }
    }

    private DatagramChannel bindRelay(boolean evenPort, boolean dontFragment) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < BIND_ATTEMPTS; i++) {
            int port = portMin + random.nextInt(portMax - portMin + 1);
            if (evenPort) {
                port &= ~1;
                if (port < portMin) {
                    continue;
                }
            }
            if (byPort.containsKey(port)) {
                continue;
            }
            DatagramChannel ch = null;
            try {
                ch = DatagramChannel.open();
                if (dontFragment) {
                    ch.setOption(jdk.net.ExtendedSocketOptions.IP_DONTFRAGMENT, true);
                }
                ch.bind(new InetSocketAddress(relayBind, port));
                return ch;
            } catch (SocketException e) {
                close(ch); // in use by another process: try another port
            } catch (IOException | UnsupportedOperationException e) {
                close(ch);
                return null;
            }
        }
        return null;
    }

    private static void close(DatagramChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing to release
            }
        }
    }

    void remove(Allocation a) {
        boolean removed;
        lock.lock();
        try {
            removed = byClient.remove(a.client, a);
            if (removed) {
                byPort.remove(a.relayPort(), a);
                perUser.computeIfPresent(a.username, (u, n) -> n <= 1 ? null : n - 1);
                perAddress.release(a.client.remote().getAddress());
                a.close();
            }
        } finally {
            lock.unlock();
        }
        if (removed) {
            a.client.endOfAllocation();
        }
    }

    /** Ends expired allocations and tidies the rest (called every few seconds). */
    void sweep(long now) {
        for (Allocation a : byClient.values()) {
            if (a.expiresAt() - now <= 0) {
                remove(a);
            } else {
                a.sweep(now);
            }
        }
    }

    int count() {
        return byClient.size();
    }

    long relayedBytes() {
        return relayed.sum();
    }

    /** Every allocation adds the bytes it relays here, so the total outlives them. */
    LongAdder relayedCounter() {
        return relayed;
    }

    void closeAll() {
        byClient.values().forEach(this::remove);
    }
}
