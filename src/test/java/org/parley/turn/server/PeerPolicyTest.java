package org.parley.turn.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.parley.turn.Cidr;

/** The relay's peer table: one case per refused form, the public ones that must pass, and this host's own addresses. */
class PeerPolicyTest {
    private static final int LIVE_RELAY = 50000;
    private static final PeerPolicy DEFAULT = new PeerPolicy(List.of(), new OwnAddresses(Set.of()), port -> false);

    static InetAddress ip(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "10.0.0.1", "10.255.255.255",            // RFC 1918
            "172.16.0.1", "172.31.255.255",
            "192.168.0.1", "192.168.255.255",
            "100.64.0.1", "100.127.255.255",         // CGNAT (and Alibaba's 100.100.100.200 metadata)
            "100.100.100.200",
            "169.254.169.254", "169.254.0.1",        // link-local, cloud metadata
            "192.0.0.1", "192.0.0.170",              // IETF protocol assignments
            "224.0.0.1", "239.255.255.250",          // multicast
            "240.0.0.1", "255.255.255.255",          // reserved, broadcast
            "fc00::1", "fd00:ec2::254",              // unique local, AWS metadata over IPv6
            "fe80::1", "febf::1",                    // link-local
            "fec0::1",                               // site-local
            "ff02::1", "ff0e::1",                    // multicast
            "100::1",                                // discard-only
            "64:ff9b:1::a00:1",                      // local-use NAT64
            "::ffff:10.0.0.1",                       // IPv4-mapped
            "::10.0.0.1",                            // IPv4-compatible
            "::ffff:0:169.254.169.254",              // IPv4-translated (SIIT)
            "64:ff9b::a9fe:a9fe",                    // NAT64 well-known prefix
            "2002:c0a8:101::1",                      // 6to4 of 192.168.1.1
            "2001:0:a00:1:8000:63bf:3fff:fdd2",      // Teredo, server 10.0.0.1
    })
    void refused(String address) throws Exception {
        InetAddress a = ip(address);
        assertThat(DEFAULT.permits(a)).as(address).isFalse();
        assertThat(DEFAULT.permits(new InetSocketAddress(a, 5000))).as(address).isFalse();
        assertThat(DEFAULT.permits(new InetSocketAddress(a, LIVE_RELAY))).as(address).isFalse();
    }

    /** Every spelling of loopback and of "this host" (Linux delivers 0.0.0.0 and :: locally). */
    @ParameterizedTest
    @ValueSource(strings = {
            "127.0.0.1", "127.0.0.53", "127.255.255.254", // the whole loopback range
            "0.0.0.0", "0.1.2.3", "::1", "::",           // this network, unspecified
            "::ffff:127.0.0.1", "::127.0.0.1",           // IPv4-mapped, -compatible
            "::ffff:0:127.0.0.1",                        // IPv4-translated (SIIT)
            "64:ff9b::7f00:1",                           // NAT64 well-known prefix
            "2002:7f00:1::1",                            // 6to4 of 127.0.0.1
            "2001:0:4136:e378:8000:63bf:80ff:fffe",      // Teredo, client 127.0.0.1 (inverted bits)
    })
    void loopbackIsThisHostAndReachedOnlyAtLiveRelayPorts(String address) throws Exception {
        InetAddress a = ip(address);
        PeerPolicy p = new PeerPolicy(List.of(), new OwnAddresses(Set.of()), port -> port == LIVE_RELAY);
        assertThat(p.permits(new InetSocketAddress(a, 53))).as(address + " DNS").isFalse();
        assertThat(p.permits(new InetSocketAddress(a, LIVE_RELAY + 1))).as(address + " a relay-range port no allocation holds").isFalse();
        assertThat(p.permits(new InetSocketAddress(a, LIVE_RELAY))).as(address + " a live relay").isTrue();
        assertThat(p.permits(a)).as(address + ": a permission, every datagram's port checked on its way").isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "198.18.0.7", "203.0.113.9", "172.32.0.1", "100.128.0.1", "11.0.0.1",
            "2001:db8::1", "2a00:1450::1", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"})
    void permitted(String address) throws Exception {
        assertThat(DEFAULT.permits(ip(address))).as(address).isTrue();
        assertThat(DEFAULT.permits(new InetSocketAddress(ip(address), 5000))).as(address).isTrue();
    }

    @Test
    void theAllowListLetsPrivateRangesOfOtherHostsThrough() throws Exception {
        PeerPolicy lan = new PeerPolicy(List.of(Cidr.parse("192.168.1.0/24")), new OwnAddresses(Set.of()), port -> false);
        assertThat(lan.permits(ip("192.168.1.20"))).isTrue();
        assertThat(lan.permits(new InetSocketAddress(ip("192.168.1.20"), 5353))).isTrue();
        assertThat(lan.permits(ip("192.168.2.20"))).isFalse();
        assertThat(lan.permits(ip("10.0.0.1"))).isFalse();
    }

    @Test
    void ownAddressesArePeersOnlyAtLiveRelayPorts() throws Exception {
        InetAddress self = ip("203.0.113.5");
        InetAddress nic = ip("192.168.1.5");
        PeerPolicy p = new PeerPolicy(List.of(), new OwnAddresses(Set.of(self, nic)), port -> port == LIVE_RELAY);
        assertThat(p.permits(new InetSocketAddress(self, LIVE_RELAY))).as("another caller's relay").isTrue();
        assertThat(p.permits(new InetSocketAddress(self, 50001))).as("a relay-range port no allocation holds").isFalse();
        assertThat(p.permits(new InetSocketAddress(self, 8080))).as("the HTTP port").isFalse();
        assertThat(p.permits(new InetSocketAddress(self, 3478))).as("the TURN port itself").isFalse();
        assertThat(p.permits(new InetSocketAddress(nic, LIVE_RELAY))).as("the relay at the NIC address").isTrue();
        assertThat(p.permits(new InetSocketAddress(nic, 51820))).as("WireGuard on the NIC").isFalse();
        assertThat(p.permits(new InetSocketAddress(ip("::ffff:203.0.113.5"), 51820))).as("mapped form").isFalse();
        assertThat(p.permits(new InetSocketAddress(ip("203.0.113.6"), 51820))).as("a public neighbour").isTrue();
    }

    @Test
    void theAllowListNeverOpensThisHostsOwnServices() throws Exception {
        InetAddress nic = ip("10.0.0.5");
        PeerPolicy p = new PeerPolicy(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("127.0.0.0/8"),
                Cidr.parse("0.0.0.0/0"), Cidr.parse("::/0")), new OwnAddresses(Set.of(nic)), port -> port == LIVE_RELAY);
        assertThat(p.permits(new InetSocketAddress(ip("10.0.0.6"), 5000))).as("another host on the LAN").isTrue();
        for (String own : List.of("10.0.0.5", "127.0.0.1", "127.0.0.53", "0.0.0.0", "::1", "::ffff:10.0.0.5")) {
            assertThat(p.permits(new InetSocketAddress(ip(own), 53))).as(own + " although allow-listed").isFalse();
            assertThat(p.permits(new InetSocketAddress(ip(own), LIVE_RELAY))).as(own + " live relay").isTrue();
        }
    }
}
