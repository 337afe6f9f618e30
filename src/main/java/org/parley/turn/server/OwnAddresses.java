package org.parley.turn.server;

import java.net.InetAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.parley.turn.Cidr;

/**
 * The addresses at which a datagram from the relay would reach this host itself: its interface
 * and configured relay addresses, the whole loopback range (any 127.x address reaches services
 * bound to it, a DNS stub on 127.0.0.53 for one), and the unspecified address (Linux delivers
 * 0.0.0.0 and :: to the host). The same holds inside the IPv6 forms that carry an IPv4 address.
 * Compared on raw bytes, so an IPv6 scope id makes no difference.
 */
final class OwnAddresses {
    private static final List<Cidr> ALWAYS = List.of(
            Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128"), Cidr.parse("0.0.0.0/8"), Cidr.parse("::/128"));

    private final Set<String> listed;

    OwnAddresses(Set<InetAddress> listed) {
        this.listed = listed.stream().map(a -> key(a.getAddress())).collect(Collectors.toUnmodifiableSet());
    }

    boolean contains(InetAddress address) {
        byte[] raw = address.getAddress();
        if (own(raw)) {
            return true;
        }
        byte[] embedded = raw.length == 16 ? PeerPolicy.embeddedIpv4(raw) : null;
        return embedded != null && own(embedded);
    }

    private boolean own(byte[] raw) {
        for (Cidr c : ALWAYS) {
            if (c.contains(raw)) {
                return true;
            }
        }
        return listed.contains(key(raw));
    }

    private static String key(byte[] raw) {
        return HexFormat.of().formatHex(raw);
    }
}
