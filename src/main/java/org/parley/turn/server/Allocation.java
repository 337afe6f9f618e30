package org.parley.turn.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import org.parley.turn.server.proto.ChannelData;
import org.parley.turn.server.proto.Data;
import org.parley.turn.server.proto.StunMessage;
import org.parley.turn.server.proto.XorPeerAddress;

/**
 * One allocation (RFC 8656 §2.2): a relay socket owned by one client 5-tuple, its permissions
 * (peer IP → expiry, §9) and channel bindings (number ↔ peer address, §12), and its lifetime.
 * A virtual thread reads the relay socket; datagrams from peers without a permission are dropped.
 */
final class Allocation {
    static final long PERMISSION_NANOS = 300_000_000_000L; // RFC 8656 §9: 5 minutes
    static final long CHANNEL_NANOS = 600_000_000_000L;    // RFC 8656 §12: 10 minutes
    /** The largest datagram relayed from a peer: a full 1500-byte MTU's payload and then some (see readRelay). */
    static final int MAX_PEER_DATAGRAM = 4096;

    record Channel(int number, InetSocketAddress peer, long expiresAt) {
    }

    final ClientLink client;
    final String username;
    final byte[] integrityKey;
    private volatile byte[] allocateTransaction = new byte[0];
    private volatile byte[] allocateReply;
    final InetSocketAddress relayAddress;
    private final DatagramChannel relay;
    private final Allocations owner;
    private final Bandwidth bandwidth;
    private final Map<InetAddress, Long> permissions = new ConcurrentHashMap<>();
    private final Map<Integer, Channel> channelsByNumber = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, Channel> channelsByPeer = new ConcurrentHashMap<>();
    private final LongAdder relayedBytes;
    private volatile long expiresAt;
    private Thread reader;

    Allocation(ClientLink client, String username, byte[] integrityKey, DatagramChannel relay, InetSocketAddress relayAddress, Allocations owner, long bytesPerSecond,
               long expiresAt) {
        this.client = client;
        this.username = username;
        this.integrityKey = integrityKey;
        this.relay = relay;
        this.relayAddress = relayAddress;
        this.owner = owner;
        this.bandwidth = new Bandwidth(bytesPerSecond, System.nanoTime());
        this.relayedBytes = owner.relayedCounter();
        this.expiresAt = expiresAt;
    }

    /** Keeps the success reply so a retransmitted Allocate gets it again (RFC 8656 §7.2). */
    void remember(byte[] transactionId, byte[] reply) {
        allocateReply = reply;
        allocateTransaction = transactionId;
    }

    /** The stored reply when this is a retransmission of the Allocate that made this allocation. */
    byte[] replyToRetransmission(byte[] transactionId) {
        return java.util.Arrays.equals(allocateTransaction, transactionId) ? allocateReply : null;
    }

    void startReading() {
        reader = Thread.ofVirtual().name("parley-turn-relay").start(this::readRelay);
    }

    private void readRelay() {
        // One buffer per allocation, for its life: 64 KiB each would make a few thousand
        // allocations cost hundreds of MB of heap. WebRTC keeps datagrams under ~1500 bytes (path
        // MTU); one larger than the buffer is dropped, as the network might have: a truncated one
        // would reach the client as a different, corrupt datagram.
        ByteBuffer buf = ByteBuffer.allocate(MAX_PEER_DATAGRAM + 1);
        while (relay.isOpen()) {
            try {
                buf.clear();
                InetSocketAddress from = (InetSocketAddress) relay.receive(buf);
                if (buf.position() <= MAX_PEER_DATAGRAM) {
                    fromPeer(from, buf.array(), buf.position());
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                // A failed receive (e.g. an ICMP error surfaced by the socket) loses one datagram only.
            }
        }
    }

    /** Data from a peer towards the client: ChannelData when the peer has a channel, else a Data indication. */
    void fromPeer(InetSocketAddress peer, byte[] data, int length) {
        long now = System.nanoTime();
        if (!hasPermission(peer.getAddress(), now) || !bandwidth.take(length, now)) {
            return;
        }
        relayedBytes.add(length);
        Channel ch = channelsByPeer.get(peer);
        if (ch != null && ch.expiresAt() - now > 0) {
            client.send(ChannelData.encode(ch.number(), data, 0, length, client.stream()));
            return;
        }
        byte[] txid = new byte[12];
        ThreadLocalRandom.current().nextBytes(txid);
        byte[] payload = java.util.Arrays.copyOf(data, length);
        client.send(new StunMessage(StunMessage.DATA, StunMessage.MessageClass.INDICATION, txid,
                List.of(new XorPeerAddress(peer), new Data(payload))).encode());
    }

    /** Data from the client towards a peer the policy already allowed; needs a permission. */
    void toPeer(InetSocketAddress peer, byte[] data, int offset, int length) {
        long now = System.nanoTime();
        if (!hasPermission(peer.getAddress(), now) || !bandwidth.take(length, now)) {
            return;
        }
        if (owner.own(peer.getAddress())) {
            // Both callers relay through this server: hand over in-process, no hairpin through the
            // NIC. Nothing goes onto the network towards this host itself: what listens at one of
            // its ports that is no live relay is not Parley (see PeerPolicy).
            Allocation local = owner.relayAt(peer.getPort());
            if (local != null) {
                relayedBytes.add(length);
                local.fromPeer(relayAddress, java.util.Arrays.copyOfRange(data, offset, offset + length), length);
            }
            return;
        }
        relayedBytes.add(length);
        try {
            relay.send(ByteBuffer.wrap(data, offset, length), peer);
        } catch (IOException e) {
            // Lost, like any UDP datagram.
        }
    }

    boolean hasPermission(InetAddress peer, long now) {
        Long until = permissions.get(peer);
        return until != null && until - now > 0;
    }

    void permit(InetAddress peer, long now) {
        permissions.put(peer, now + PERMISSION_NANOS);
    }

    /** Binds or refreshes a channel; false when the number or the peer is bound to something else. */
    synchronized boolean bind(int number, InetSocketAddress peer, long now) {
        Channel byNumber = channelsByNumber.get(number);
        Channel byPeer = channelsByPeer.get(peer);
        if ((byNumber != null && !byNumber.peer().equals(peer)) || (byPeer != null && byPeer.number() != number)) {
            return false;
        }
        Channel ch = new Channel(number, peer, now + CHANNEL_NANOS);
        channelsByNumber.put(number, ch);
        channelsByPeer.put(peer, ch);
        permit(peer.getAddress(), now);
        return true;
    }

    /** The peer bound to a channel number, or null. */
    InetSocketAddress channelPeer(int number, long now) {
        Channel ch = channelsByNumber.get(number);
        return ch != null && ch.expiresAt() - now > 0 ? ch.peer() : null;
    }

    /** Drops expired permissions and channels (RFC 8656 §9, §12). */
    synchronized void sweep(long now) {
        permissions.values().removeIf(until -> until - now <= 0);
        channelsByNumber.values().removeIf(ch -> ch.expiresAt() - now <= 0);
        channelsByPeer.values().removeIf(ch -> ch.expiresAt() - now <= 0);
    }

    long expiresAt() {
        return expiresAt;
    }

    void expiresAt(long at) {
        expiresAt = at;
    }

    int relayPort() {
        return relayAddress.getPort();
    }

    void close() {
        try {
            relay.close();
        } catch (IOException ignored) {
            // closing a UDP socket does not fail in a way that matters
        }
        if (reader != null) {
            reader.interrupt();
        }
    }
}
