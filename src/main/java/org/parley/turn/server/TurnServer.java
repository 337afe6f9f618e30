package org.parley.turn.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.parley.limits.AddressCounter;
import org.parley.turn.Cidr;
import org.parley.turn.TurnCredentials;
import org.parley.turn.server.proto.ChannelData;
import org.parley.turn.server.proto.ErrorCodeAttribute;
import org.parley.turn.server.proto.RawAttribute;
import org.parley.turn.server.proto.StunAttribute;
import org.parley.turn.server.proto.StunException;
import org.parley.turn.server.proto.StunMessage;
import org.parley.turn.server.proto.UnknownAttributes;

/**
 * The embedded STUN/TURN server (RFC 8489, RFC 8656; UDP relay only): UDP and TCP listeners on one
 * port, optionally TLS on another, one handler per method, and the allocations. Malformed input is dropped without a reply
 * (a reply to a spoofed source would make the server a reflector); a request with unknown
 * comprehension-required attributes gets 420 (RFC 8489 §6.3.1).
 */
public final class TurnServer implements AutoCloseable {
    /** What the server needs from the configuration. */
    public record Options(InetAddress listen, int port, InetAddress relayBind, InetAddress relayAdvertised,
                          int relayMin, int relayMax, String realm, TurnCredentials credentials,
                          List<Cidr> allowPeers, int quota, long bytesPerSecond, int tlsPort, SSLContext tls,
                          Caps caps) {
        /** With the default caps. */
        public Options(InetAddress listen, int port, InetAddress relayBind, InetAddress relayAdvertised,
                       int relayMin, int relayMax, String realm, TurnCredentials credentials,
                       List<Cidr> allowPeers, int quota, long bytesPerSecond, int tlsPort, SSLContext tls) {
            this(listen, port, relayBind, relayAdvertised, relayMin, relayMax, realm, credentials, allowPeers, quota,
                    bytesPerSecond, tlsPort, tls, Caps.DEFAULT);
        }
    }

    /** What one client address, and all of them, may hold open (see {@code Defaults}). */
    public record Caps(int allocationsPerAddress, int tcpPerAddress, int tcpMax) {
        public static final Caps DEFAULT = new Caps(100, 32, 2000);
    }

    /** Counters for logs and metrics. */
    public record Stats(int allocations, long relayedBytes) {
    }

    private final Allocations allocations;
    private final PeerPolicy policy;
    private final Map<Integer, MethodHandler> requests;
    private final MethodHandler send;
    private final Options options;
    private UdpListener udp;
    private StreamListener tcp;
    private StreamListener tls;
    private ScheduledFuture<?> sweeper;

    public TurnServer(Options o) {
        this.options = o;
        Set<InetAddress> listed = new HashSet<>(localAddresses());
        listed.add(o.relayAdvertised());
        listed.add(o.relayBind());
        OwnAddresses own = new OwnAddresses(listed);
        allocations = new Allocations(o.relayBind(), o.relayAdvertised(), o.relayMin(), o.relayMax(), o.quota(),
                o.caps().allocationsPerAddress(), o.bytesPerSecond(), own);
        policy = new PeerPolicy(o.allowPeers(), own, port -> allocations.relayAt(port) != null);
        Authenticator auth = new Authenticator(o.realm(), o.credentials());
        AllocationGate gate = new AllocationGate(auth, allocations);
        requests = Map.of(
                StunMessage.BINDING, new BindingHandler(),
                StunMessage.ALLOCATE, new AllocateHandler(auth, allocations, o.relayAdvertised()),
                StunMessage.REFRESH, new RefreshHandler(gate, allocations),
                StunMessage.CREATE_PERMISSION, new CreatePermissionHandler(gate, policy),
                StunMessage.CHANNEL_BIND, new ChannelBindHandler(gate, policy));
        send = new SendHandler(allocations, policy);
    }

    /** Opens the UDP and TCP listeners on the same port (port 0: the UDP one picks, TCP follows). */
    public TurnServer start(ScheduledExecutorService scheduler) throws IOException {
        AddressCounter<InetAddress> streams = new AddressCounter<>(options.caps().tcpPerAddress(), options.caps().tcpMax());
        IOException last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            udp = new UdpListener(new InetSocketAddress(options.listen(), options.port()), this);
            try {
                tcp = StreamListener.tcp(new InetSocketAddress(options.listen(), udp.port()), this, streams, scheduler);
                last = null;
                break;
            } catch (IOException e) {
                udp.close();
                last = e;
                if (options.port() != 0) {
                    break;
                }
            }
        }
        if (last != null) {
            throw last;
        }
        if (options.tls() != null) {
            try {
                tls = StreamListener.tls(new InetSocketAddress(options.listen(), options.tlsPort()), options.tls(), this,
                        streams, scheduler);
            } catch (IOException e) {
                close();
                throw e;
            }
        }
        sweeper = scheduler.scheduleAtFixedRate(() -> allocations.sweep(System.nanoTime()), 5, 5, TimeUnit.SECONDS);
        return this;
    }

    public int port() {
        return udp.port();
    }

    /** The TLS listener's port, or -1 without one. */
    public int tlsPort() {
        return tls == null ? -1 : tls.port();
    }

    public Stats stats() {
        return new Stats(allocations.count(), allocations.relayedBytes());
    }

    /** The reply to one frame from a client, or null. Called by the listeners, and by tests directly. */
    byte[] handle(byte[] data, int length, ClientLink link) {
        if (ChannelData.looksLikeChannelData(data, length)) {
            relayChannelData(data, length, link);
            return null;
        }
        StunMessage m;
        try {
            m = StunMessage.decode(data, length);
        } catch (StunException | RuntimeException e) {
            return null;
        }
        Request r = new Request(m, data, length, link);
        return switch (m.messageClass()) {
            case REQUEST -> request(r);
            case INDICATION -> m.method() == StunMessage.SEND && unknown(m).isEmpty() ? send.handle(r) : null;
            case SUCCESS, ERROR -> null;
        };
    }

    private byte[] request(Request r) {
        List<Integer> unknown = unknown(r.message());
        if (!unknown.isEmpty()) {
            return r.error(null, ErrorCodeAttribute.UNKNOWN_ATTRIBUTE, "Unknown Attribute", new UnknownAttributes(unknown));
        }
        MethodHandler h = requests.get(r.message().method());
        return h == null ? r.error(null, ErrorCodeAttribute.BAD_REQUEST, "Unknown Method") : h.handle(r);
    }

    private static List<Integer> unknown(StunMessage m) {
        List<Integer> unknown = new ArrayList<>();
        for (StunAttribute a : m.attributes()) {
            if (a instanceof RawAttribute raw && StunAttribute.comprehensionRequired(raw.type())) {
                unknown.add(raw.type());
            }
        }
        return unknown;
    }

    /** ChannelData (RFC 8656 §12.6): to the bound peer, if the channel is bound; else dropped. */
    private void relayChannelData(byte[] data, int length, ClientLink link) {
        Allocation a = allocations.get(link);
        if (a == null) {
            return;
        }
        int channel = ((data[0] & 0xff) << 8) | (data[1] & 0xff);
        int dataLength = ((data[2] & 0xff) << 8) | (data[3] & 0xff);
        if (dataLength > length - ChannelData.HEADER_BYTES) {
            return;
        }
        InetSocketAddress peer = a.channelPeer(channel, System.nanoTime());
        if (peer != null && policy.permits(peer)) {
            a.toPeer(peer, data, ChannelData.HEADER_BYTES, dataLength);
        }
    }

    /** True while this 5-tuple has an allocation. */
    boolean allocated(ClientLink link) {
        return allocations.get(link) != null;
    }

    /** A TCP connection closed: its 5-tuple's allocation ends with it (RFC 8656 §3.1). */
    void linkClosed(ClientLink link) {
        Allocation a = allocations.get(link);
        if (a != null) {
            allocations.remove(a);
        }
    }

    private static Set<InetAddress> localAddresses() {
        Set<InetAddress> out = new HashSet<>();
        try {
            for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
                nic.inetAddresses().forEach(out::add);
            }
        } catch (SocketException e) {
            // Without the list, only the configured addresses count as the server's own.
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        if (sweeper != null) {
            sweeper.cancel(false);
        }
        if (udp != null) {
            udp.close();
        }
        if (tcp != null) {
            tcp.close();
        }
        if (tls != null) {
            tls.close();
        }
        allocations.closeAll();
    }
}
