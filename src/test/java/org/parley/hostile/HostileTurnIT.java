package org.parley.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.support.Poll;
import org.parley.support.RawTurnClient;
import org.parley.support.ServerProcess;
import org.parley.turn.TurnCredentials;
import org.parley.turn.server.proto.StunMessage;

/**
 * Hostile TURN clients against the packaged server, in a process of its own with a 128 MB heap
 * (build the jar first): stalled and flooding TCP connections, a TCP client that stops reading,
 * peers at the host's own services, an allocation flood from one address. Each test checks that
 * the fault is contained and that calls relayed through the server go on.
 */
@Timeout(180)
class HostileTurnIT {
    private static final String TURN_SECRET = "hostile-turn-secret-0123456789";
    private static final TurnCredentials CREDENTIALS =
            new TurnCredentials(TURN_SECRET, Duration.ofMinutes(10), Clock.systemUTC());
    /** How long a relayed datagram may take to arrive while the server is under attack. */
    private static final Duration LIVELY = Duration.ofSeconds(3);
    /** The connection deadlines in StreamListener (first frame, frame), and the slack allowed after them. */
    private static final Duration STREAM_DEADLINE = Duration.ofSeconds(5);
    private static final Duration SLACK = Duration.ofSeconds(3);
    /**
     * The live heap the attacked server may hold. Idle, its live set is ~12 MB, and about the same
     * under the attack below: the caps let in 144 connections that cost a 2 KiB buffer, a socket
     * and a virtual thread each. A 64 KiB buffer for each of the 528 would be ~33 MB more.
     */
    private static final long LIVE_HEAP_BOUND = 32L << 20;

    private static InetAddress ip(String text) throws IOException {
        return InetAddress.getByName(text);
    }

    private static RawTurnClient client(ServerProcess server, boolean tcp, String from) throws IOException {
        TurnCredentials.Credential c = CREDENTIALS.mint();
        InetSocketAddress turn = new InetSocketAddress("127.0.0.1", server.turnPort());
        return tcp ? RawTurnClient.tcp(ip(from), turn, c.username(), c.password())
                : RawTurnClient.udp(ip(from), turn, c.username(), c.password());
    }

    /** Two clients with a relay each, permitted to each other: what two relayed callers hold. */
    record Call(RawTurnClient a, RawTurnClient b, InetSocketAddress relayA, InetSocketAddress relayB)
            implements AutoCloseable {
        static Call open(ServerProcess server, boolean tcp, String fromA, String fromB) throws IOException {
            RawTurnClient a = client(server, tcp, fromA);
            RawTurnClient b = null;
            try {
                b = client(server, tcp, fromB);
                InetSocketAddress relayA = a.allocate();
                InetSocketAddress relayB = b.allocate();
                assertThat(a.permit(relayB)).isZero();
                assertThat(b.permit(relayA)).isZero();
                return new Call(a, b, relayA, relayB);
            } catch (IOException | RuntimeException | Error e) {
                a.close();
                if (b != null) {
                    b.close();
                }
                throw e;
            }
        }

        /** True when a datagram goes from a to b and another back, each within the time given. */
        boolean relaysBothWays(Duration within) throws Exception {
            return relays(a, b, relayA, relayB, within) && relays(b, a, relayB, relayA, within);
        }

        private static boolean relays(RawTurnClient from, RawTurnClient to, InetSocketAddress fromRelay,
                                      InetSocketAddress toRelay, Duration within) throws Exception {
            byte[] probe = ("probe-" + System.nanoTime()).getBytes(StandardCharsets.US_ASCII);
            from.send(toRelay, probe);
            long deadline = System.nanoTime() + within.toNanos();
            for (long left = within.toNanos(); left > 0; left = deadline - System.nanoTime()) {
                RawTurnClient.Received got = to.receive(Duration.ofNanos(left));
                if (got != null && fromRelay.equals(got.peer()) && Arrays.equals(got.data(), probe)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void close() throws IOException {
            a.close();
            b.close();
        }
    }

    private static boolean refusedAtOnce(ServerProcess server, InetAddress from) throws IOException {
        return RawTurnClient.refusedAtOnce(from, new InetSocketAddress("127.0.0.1", server.turnPort()));
    }

    /** Runs the test body, printing the server's log if it fails. */
    private interface Body {
        void run(ServerProcess server) throws Exception;
    }

    private static void against(Body body, String... flags) throws Exception {
        List<String> all = new ArrayList<>(List.of("--turn-secret", TURN_SECRET));
        all.addAll(List.of(flags));
        try (ServerProcess server = ServerProcess.start(128, all.toArray(String[]::new))) {
            try {
                body.run(server);
                assertThat(server.alive()).isTrue();
            } catch (Exception | AssertionError e) {
                System.err.println("--- server log ---\n" + server.log());
                throw e;
            }
        }
    }

    @Test
    void stalledTcpConnectionsAreCappedPerAddressAndCutAfterTheirDeadlineWhileRelayedCallsGoOn() throws Exception {
        against(server -> {
            try (Call before = Call.open(server, true, "127.0.0.1", "127.0.0.1")) {
                assertThat(before.relaysBothWays(LIVELY)).as("a call relayed over TCP before the attack").isTrue();

                List<Stallers> attack = new ArrayList<>();
                Stallers flood = null;
                try {
                    for (int i = 2; i <= 9; i++) {
                        attack.add(Stallers.held(ip("127.0.0." + i), server.turnPort(), 16));
                    }
                    Poll.until("the stalled connections are up", LIVELY,
                            () -> attack.stream().allMatch(s -> s.connected() == 16));
                    for (Stallers s : attack) {
                        assertThat(refusedAtOnce(server, s.from)).as("the 17th connection from %s", s.from).isTrue();
                    }
                    assertThat(attack.getFirst().firstsClosed()).as("the 16 it found were left alone").isZero();
                    flood = Stallers.flood(ip("127.0.0.10"), server.turnPort(), 400);
                    Stallers flooding = flood;
                    Poll.until("all but 16 of a flood from one address are refused", LIVELY,
                            () -> flooding.connected() <= 16);

                    try (Call during = Call.open(server, true, "127.0.0.1", "127.0.0.1")) {
                        assertThat(during.relaysBothWays(LIVELY)).as("a call set up during the attack").isTrue();
                    }
                    assertThat(before.relaysBothWays(LIVELY)).as("the call from before, during the attack").isTrue();
                    assertThat(server.liveHeapBytes()).as("live heap under attack, bytes").isLessThan(LIVE_HEAP_BOUND);

                    Poll.until("every stalled connection is cut", STREAM_DEADLINE.plus(SLACK).multipliedBy(2),
                            () -> attack.stream().allMatch(s -> s.firstsClosed() == 16) && flooding.connected() == 0);
                } finally {
                    for (Stallers s : attack) {
                        s.close();
                    }
                    if (flood != null) {
                        flood.close();
                        attack.add(flood);
                    }
                }
                for (Stallers s : attack) {
                    assertThat(s.longestLife()).as("the longest a stalled connection from %s lived", s.from)
                            .isLessThan(STREAM_DEADLINE.plus(SLACK));
                }

                // The server frees the attackers' slots as it sees their connections end.
                Call[] after = new Call[1];
                Poll.until("a call over TCP from the attackers' addresses once they let go", LIVELY, () -> {
                    try {
                        after[0] = Call.open(server, true, "127.0.0.2", "127.0.0.3");
                        return true;
                    } catch (IOException refused) {
                        return false;
                    }
                });
                try (Call call = after[0]) {
                    assertThat(call.relaysBothWays(LIVELY)).as("a call from the attackers' addresses afterwards").isTrue();
                }
                assertThat(before.relaysBothWays(LIVELY)).as("the call from before, after the attack").isTrue();
            }
            assertThat(server.log())
                    .contains("TURN TCP/TLS connection refused: its address holds the most allowed")
                    .contains("TURN TCP/TLS connection closed: idle, or a frame did not finish in time")
                    .as("no attacker address in the log").doesNotContain("127.0.0.2");
        }, "--turn-tcp-per-address", "16");
    }

    @Test
    void theRelayReachesTheHostsOwnAddressOnlyAtLiveRelayPortsNeverAnotherProgramInTheRelayRange() throws Exception {
        InetAddress lo = ip("127.0.0.1");
        try (DatagramSocket squatter = new DatagramSocket(new InetSocketAddress(lo, 0))) {
            int port = squatter.getLocalPort();
            Heard heard = new Heard(squatter);
            against(server -> {
                try (Call call = Call.open(server, false, "127.0.0.2", "127.0.0.3")) {
                    RawTurnClient a = call.a();
                    InetSocketAddress squatted = new InetSocketAddress(lo, port);
                    assertThat(a.permit(squatted)).as("a permission for the host's own address").isZero();
                    assertThat(a.channelBind(0x4001, squatted)).as("a channel to another program's port").isEqualTo(403);
                    a.send(squatted, bytes("send-indication"));
                    a.channelData(0x4001, bytes("channel-data-unbound"));

                    // A port that was a live relay when the channel was bound, then freed and taken.
                    InetSocketAddress freed;
                    try (RawTurnClient c = client(server, false, "127.0.0.4")) {
                        freed = c.allocate();
                        assertThat(a.channelBind(0x4002, freed)).as("a channel to a live relay").isZero();
                        assertThat(c.release()).isZero();
                    }
                    // The relay socket closes as its reader thread lets go of it: bind once it has.
                    DatagramSocket[] taken = new DatagramSocket[1];
                    Poll.until("the freed relay port can be bound", LIVELY, () -> {
                        try {
                            taken[0] = new DatagramSocket(freed);
                            return true;
                        } catch (SocketException inUse) {
                            return false;
                        }
                    });
                    try (DatagramSocket late = taken[0]) {
                        Heard heardLate = new Heard(late);
                        a.channelData(0x4002, bytes("channel-data-to-freed"));
                        a.send(freed, bytes("send-indication-to-freed"));

                        // The server handles one client's datagrams in order: once this has been
                        // relayed, whatever the ones before would have sent is already out.
                        assertThat(call.relaysBothWays(LIVELY)).as("two real allocations still relay").isTrue();
                        Poll.holdsFor("nothing reaches the programs on the host's own ports", Duration.ofSeconds(1),
                                () -> heard.nothing() && heardLate.nothing());
                    }
                }
            }, "--turn-relay-ports", (port - 8) + "-" + (port + 11));
        }
    }

    /**
     * A client on TCP that stops reading while a peer sends to its relay: the server's writes to it
     * block once the socket buffers are full. Its frames are handed over from the UDP listener's
     * thread (both relays are this server's), which must not wait for it: other clients are
     * answered as ever, and the one that stopped reading is cut.
     */
    @Test
    void aTcpClientThatStopsReadingHoldsUpNoOtherClientAndIsCut() throws Exception {
        against(server -> {
            try (RawTurnClient deaf = client(server, true, "127.0.0.2");
                 RawTurnClient sender = client(server, false, "127.0.0.3");
                 RawTurnClient bystander = client(server, false, "127.0.0.4")) {
                InetSocketAddress deafRelay = deaf.allocate();
                InetSocketAddress senderRelay = sender.allocate();
                assertThat(deaf.permit(senderRelay)).isZero();
                assertThat(sender.permit(deafRelay)).isZero();
                deaf.stopReading();
                byte[] datagram = new byte[1200];
                long slowest = 0;
                long giveUp = System.nanoTime() + STREAM_DEADLINE.plus(SLACK).multipliedBy(3).toNanos();
                while (deaf.writable() && System.nanoTime() - giveUp < 0) {
                    for (int i = 0; i < 100; i++) {
                        sender.send(deafRelay, datagram);
                    }
                    long asked = System.nanoTime();
                    assertThat(RawTurnClient.code(bystander.request(StunMessage.BINDING))).isZero();
                    slowest = Math.max(slowest, System.nanoTime() - asked);
                }
                assertThat(deaf.writable()).as("the client that stopped reading was cut").isFalse();
                assertThat(Duration.ofNanos(slowest)).as("the slowest answer to another client meanwhile")
                        .isLessThan(Duration.ofSeconds(1));
            }
        });
    }

    @Test
    void oneAddressGetsAtMostItsAllocationsWhileAnotherStillAllocates() throws Exception {
        against(server -> {
            List<RawTurnClient> held = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    RawTurnClient c = client(server, false, "127.0.0.2");
                    held.add(c);
                    assertThat(c.allocateCode()).as("allocation %d from 127.0.0.2", i + 1).isZero();
                }
                try (RawTurnClient fourth = client(server, false, "127.0.0.2")) {
                    assertThat(fourth.allocateCode()).as("the fourth, with credentials of its own").isEqualTo(486);
                }
                try (RawTurnClient other = client(server, false, "127.0.0.3")) {
                    assertThat(other.allocateCode()).as("another address").isZero();
                }
                assertThat(held.getFirst().release()).isZero();
                try (RawTurnClient again = client(server, false, "127.0.0.2")) {
                    assertThat(again.allocateCode()).as("once one of its allocations ended").isZero();
                }
            } finally {
                for (RawTurnClient c : held) {
                    c.close();
                }
            }
            assertThat(server.log()).contains("TURN allocation refused: its address holds the most allowed");
        }, "--turn-allocations-per-address", "3");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
