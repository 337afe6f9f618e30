package org.parley.turn.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.IntPredicate;
import org.parley.turn.Cidr;

/**
 * Which peers the relay may talk to. A TURN server that relays anywhere is an open door into the
 * host's own network and its cloud metadata service, so the default refuses every range below,
 * checked on the raw bytes: {@code InetAddress.isXxx()} predicates miss several of these forms
 * (100.64/10, 240/4, the IPv4-in-IPv6 forms).
 *
 * <p>This host's own addresses ({@link OwnAddresses}: loopback, its interfaces, its relay
 * addresses) are peers only at the ports of live Parley allocations, where two callers who both
 * relay through Parley meet. Any other port there is some other service of this host: the relay
 * range overlaps the kernel's ephemeral ports, so a DNS resolver, a VPN or a database client may
 * be listening on one, and a datagram to it would give a caller two-way UDP with it. This rule
 * comes first: the allow-list (config, for LANs and tests) opens other hosts of a private network,
 * never this host's own services.
 */
public final class PeerPolicy {
    /** Refused IPv4 ranges (RFC 6890 special-purpose and more). */
    static final List<Cidr> DENIED_V4 = ranges(
            "0.0.0.0/8",        // "this network" (RFC 791)
            "10.0.0.0/8",       // private (RFC 1918)
            "100.64.0.0/10",    // carrier-grade NAT (RFC 6598), also some cloud metadata services
            "127.0.0.0/8",      // loopback
            "169.254.0.0/16",   // link-local, including 169.254.169.254 metadata
            "172.16.0.0/12",    // private (RFC 1918)
            "192.0.0.0/24",     // IETF protocol assignments (RFC 6890)
            "192.168.0.0/16",   // private (RFC 1918)
            "224.0.0.0/4",      // multicast
            "240.0.0.0/4");     // reserved, and the limited broadcast 255.255.255.255

    /** Refused IPv6 ranges. */
    static final List<Cidr> DENIED_V6 = ranges(
            "::/128",           // unspecified
            "::1/128",          // loopback
            "100::/64",         // discard-only (RFC 6666)
            "64:ff9b:1::/48",   // local-use NAT64 (RFC 8215)
            "fc00::/7",         // unique local, including fd00:ec2::254 metadata
            "fe80::/10",        // link-local
            "fec0::/10",        // site-local (deprecated, still routed by some stacks)
            "ff00::/8");        // multicast

    private final List<Cidr> allowed;
    private final OwnAddresses own;
    private final IntPredicate liveRelayPort;

    /** @param liveRelayPort true for the relay port of an allocation that exists now */
    PeerPolicy(List<Cidr> allowed, OwnAddresses own, IntPredicate liveRelayPort) {
        this.allowed = List.copyOf(allowed);
        this.own = own;
        this.liveRelayPort = liveRelayPort;
    }

    /**
     * For CreatePermission, which names an address only (RFC 8656 §9). An own address is let
     * through: another caller's relay may be there, and each datagram's port is checked on its way.
     */
    public boolean permits(InetAddress peer) {
        return own.contains(peer) || allowedRange(peer) || !denied(peer.getAddress());
    }

    /** For data sent to a peer, and ChannelBind, which name a port too. */
    public boolean permits(InetSocketAddress peer) {
        InetAddress ip = peer.getAddress();
        if (own.contains(ip)) {
            return liveRelayPort.test(peer.getPort());
        }
        return allowedRange(ip) || !denied(ip.getAddress());
    }

    private boolean allowedRange(InetAddress ip) {
        for (Cidr c : allowed) {
            if (c.contains(ip)) {
                return true;
            }
        }
        return false;
    }

    /** The deny table on raw bytes, following IPv4 addresses embedded in IPv6 forms. */
    static boolean denied(byte[] raw) {
        if (raw.length == 4) {
            return any(DENIED_V4, raw);
        }
        byte[] embedded = embeddedIpv4(raw);
        if (embedded != null) {
            return any(DENIED_V4, embedded);
        }
        return any(DENIED_V6, raw);
    }

    /**
     * The IPv4 address inside an IPv6 form that reaches an IPv4 host: mapped ::ffff:0:0/96,
     * compatible ::/96, translated ::ffff:0:0:0/96 (RFC 2765), NAT64 64:ff9b::/96 (RFC 6052),
     * 6to4 2002::/16 (RFC 3056) and Teredo 2001::/32 (RFC 4380, the client address inverted).
     * Null for other addresses. An embedded 0.0.0.0 stays denied (it is in 0/8).
     */
    static byte[] embeddedIpv4(byte[] v6) {
        if (zeros(v6, 0, 10) && (v6[10] & 0xff) == 0xff && (v6[11] & 0xff) == 0xff) {
            return slice(v6, 12);
        }
        if (zeros(v6, 0, 12)) {
            return slice(v6, 12);
        }
        if (zeros(v6, 0, 8) && (v6[8] & 0xff) == 0xff && (v6[9] & 0xff) == 0xff && zeros(v6, 10, 12)) {
            return slice(v6, 12);
        }
        if ((v6[0] & 0xff) == 0x00 && (v6[1] & 0xff) == 0x64 && (v6[2] & 0xff) == 0xff && (v6[3] & 0xff) == 0x9b
                && zeros(v6, 4, 12)) {
            return slice(v6, 12);
        }
        if ((v6[0] & 0xff) == 0x20 && (v6[1] & 0xff) == 0x02) {
            return slice(v6, 2);
        }
        if ((v6[0] & 0xff) == 0x20 && (v6[1] & 0xff) == 0x01 && v6[2] == 0 && v6[3] == 0) {
            byte[] client = slice(v6, 12);
            for (int i = 0; i < 4; i++) {
                client[i] = (byte) ~client[i];
            }
            // Either end of a Teredo tunnel being internal is enough to refuse it.
            return any(DENIED_V4, slice(v6, 4)) ? slice(v6, 4) : client;
        }
        return null;
    }

    private static boolean zeros(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] slice(byte[] b, int from) {
        return java.util.Arrays.copyOfRange(b, from, from + 4);
    }

    private static boolean any(List<Cidr> table, byte[] raw) {
        for (Cidr c : table) {
            if (c.contains(raw)) {
                return true;
            }
        }
        return false;
    }

    private static List<Cidr> ranges(String... cidrs) {
        return java.util.Arrays.stream(cidrs).map(Cidr::parse).toList();
    }
}
