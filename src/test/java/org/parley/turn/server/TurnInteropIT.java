package org.parley.turn.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.support.NetLab;
import org.parley.support.Poll;
import org.parley.turn.Cidr;
import org.parley.turn.TurnCredentials;
import org.parley.turn.server.proto.ErrorCodeAttribute;
import org.parley.turn.server.proto.RequestedTransport;
import org.parley.turn.server.proto.StunMessage;

/** coturn's own STUN and TURN clients against the embedded server, on loopback and in a network lab. */
@Timeout(120)
class TurnInteropIT {
    static final String SECRET = "interop-secret-0123456789";
    static ScheduledExecutorService scheduler;
    static TurnServer server;
    static TurnServer allowingLoopback;
    static TurnCredentials credentials;

    @BeforeAll
    static void start() throws Exception {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        credentials = new TurnCredentials(SECRET, Duration.ofMinutes(10), Clock.systemUTC());
        server = new TurnServer(options(List.of())).start(scheduler);
        allowingLoopback = new TurnServer(options(List.of(Cidr.parse("127.0.0.0/8")))).start(scheduler);
    }

    static TurnServer.Options options(List<Cidr> allow) throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        return new TurnServer.Options(lo, 0, lo, lo, 40000, 44999, "parley.test", credentials, allow, 12, 0, 0, null);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        allowingLoopback.close();
        scheduler.shutdownNow();
    }

    record Run(int exit, String out) {
    }

    static Run run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        boolean done = p.waitFor(40, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(done).as("%s finished: %s", command[0], out).isTrue();
        return new Run(p.exitValue(), out);
    }

    static List<String> uclient(TurnServer s, TurnCredentials.Credential c, String... flags) {
        List<String> cmd = new ArrayList<>(List.of("turnutils_uclient"));
        cmd.addAll(List.of(flags));
        cmd.addAll(List.of("-u", c.username(), "-w", c.password(), "-p", String.valueOf(s.port()), "127.0.0.1"));
        return cmd;
    }

    @Test
    void relaySelfTestPassesAndFailsWhenNothingListens() throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        assertThat(RelaySelfTest.run(lo, server.port(), credentials).passed()).isTrue();
        TurnCredentials wrongSecret = new TurnCredentials("another-secret-0123456789", Duration.ofMinutes(1), Clock.systemUTC());
        assertThat(RelaySelfTest.run(lo, server.port(), wrongSecret).passed()).isFalse();
    }

    @Test
    void stunclientGetsItsOwnAddressBack() throws Exception {
        Run r = run("turnutils_stunclient", "-p", String.valueOf(server.port()), "-L", "127.0.0.1", "127.0.0.1");
        assertThat(r.out()).as(r.out()).containsPattern("UDP reflexive addr: 127\\.0\\.0\\.1:\\d+");
        assertThat(r.exit()).as(r.out()).isZero();
    }

    @Test
    void uclientRelaysUdpBothWaysBetweenTwoAllocations() throws Exception {
        Run r = run(uclient(server, credentials.mint(), "-y", "-c", "-n", "20").toArray(String[]::new));
        assertThat(r.out()).as(r.out()).contains("tot_send_msgs=40, tot_recv_msgs=40")
                .contains("Total lost packets 0 (0.000000%)");
        assertThat(server.stats().relayedBytes()).isPositive();
    }

    @Test
    void uclientRelaysOverTheTcpListenerToo() throws Exception {
        long before = server.stats().relayedBytes();
        Run r = run(uclient(server, credentials.mint(), "-t", "-y", "-c", "-n", "20").toArray(String[]::new));
        assertThat(r.out()).as(r.out()).contains("tot_send_msgs=40, tot_recv_msgs=40")
                .contains("Total lost packets 0 (0.000000%)");
        assertThat(server.stats().relayedBytes()).isGreaterThan(before);
    }

    @Test
    void wrongPasswordGets401() throws Exception {
        TurnCredentials.Credential good = credentials.mint();
        Run r = run(uclient(server, new TurnCredentials.Credential(good.username(), "not-the-password"),
                "-y", "-c", "-n", "2").toArray(String[]::new));
        assertThat(r.out()).as(r.out()).contains("Cannot complete Allocation").doesNotContain("tot_recv_msgs=4");
        assertThat(allocateCode(new TurnCredentials.Credential(good.username(), "not-the-password"))).isEqualTo(401);
        assertThat(allocateCode(good)).as("the right password").isZero();
    }

    /** The error code our own client gets for an Allocate with these credentials (0: success). */
    static int allocateCode(TurnCredentials.Credential c) throws Exception {
        try (TurnClient client = new TurnClient(new InetSocketAddress("127.0.0.1", server.port()), c.username(),
                c.password(), Duration.ofSeconds(3))) {
            var reply = client.request(StunMessage.ALLOCATE, List.of(new RequestedTransport(RequestedTransport.UDP)));
            return reply.attribute(ErrorCodeAttribute.class).map(ErrorCodeAttribute::code).orElse(0);
        }
    }

    @Test
    void expiredCredentialGets401() throws Exception {
        TurnCredentials yesterday = new TurnCredentials(SECRET, Duration.ofMinutes(10),
                Clock.offset(Clock.systemUTC(), Duration.ofDays(-1)));
        TurnCredentials.Credential old = yesterday.mint();
        Run r = run(uclient(server, old, "-y", "-c", "-n", "2").toArray(String[]::new));
        assertThat(r.out()).as(r.out()).contains("Cannot complete Allocation").doesNotContain("tot_recv_msgs=4");
        assertThat(allocateCode(old)).isEqualTo(401);
    }

    /** True when a datagram to the echo peer comes back. */
    private static boolean echoes(int port) {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            s.setSoTimeout(200);
            byte[] probe = {1, 2, 3};
            s.send(new java.net.DatagramPacket(probe, probe.length, new InetSocketAddress("127.0.0.1", port)));
            s.receive(new java.net.DatagramPacket(new byte[16], 16));
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /**
     * An echo peer on loopback at a port inside the relay range (where the kernel also hands out
     * ephemeral ports, so other services of the host may be there): it is this host, not a relay,
     * so coturn's client gets 403 for it, also from the server whose allow-list holds 127.0.0.0/8.
     */
    @Test
    void loopbackPeersGet403EvenWhenAllowListed() throws Exception {
        int echoPort = 44000 + (int) (ProcessHandle.current().pid() % 1000);
        Process echo = new ProcessBuilder("turnutils_peer", "-L", "127.0.0.1", "-p", String.valueOf(echoPort))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            org.parley.support.Poll.until("the echo peer answers", java.time.Duration.ofSeconds(10),
                    () -> echoes(echoPort));
            for (TurnServer s : List.of(server, allowingLoopback)) {
                Run refused = run(uclient(s, credentials.mint(), "-c", "-n", "2", "-e", "127.0.0.1",
                        "-r", String.valueOf(echoPort)).toArray(String[]::new));
                assertThat(refused.out()).as(refused.out()).contains("error 403").doesNotContain("tot_recv_msgs=2");
            }
        } finally {
            echo.destroy();
        }
    }

    @Test
    void privatePeersGet403WithoutTheAllowList() throws Exception {
        for (String peer : List.of("10.0.0.1", "192.168.1.1", "169.254.169.254")) {
            Run refused = run(uclient(server, credentials.mint(), "-c", "-n", "2", "-e", peer, "-r", "3480")
                    .toArray(String[]::new));
            assertThat(refused.out()).as(peer + ": " + refused.out()).contains("error 403")
                    .doesNotContain("tot_recv_msgs=2");
        }
    }

    /**
     * The allow-list opens private addresses of other hosts, never this host's own: in a network
     * lab, the packaged server (its own private address 10.99.0.1 allow-listed with 10.99.0.0/24)
     * relays coturn's client to an echo peer on another host at 10.99.0.2, and refuses the one at
     * its own 10.99.0.1. Both peers answer; only the policy differs.
     */
    @Test
    void anAllowListedPrivatePeerOnAnotherHostIsRelayedAndTheServersOwnPrivateAddressIsNot() throws Exception {
        try (NetLab lab = NetLab.create(NetLab.Mapping.PORT_PRESERVING)) {
            NetLab.Host srv = lab.server();
            lab.addAddress(srv, "10.99.0.1/32");
            lab.addAddress(lab.internet(), "10.99.0.2/32");
            lab.start(lab.internet(), "peer-elsewhere", List.of("turnutils_peer", "-L", "10.99.0.2", "-p", "3480"));
            lab.start(srv, "peer-own", List.of("turnutils_peer", "-L", "10.99.0.1", "-p", "3480"));
            Path log = lab.logDir().resolve("parley.log");
            Process parley = lab.start(srv, "parley", List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                    "-jar", Path.of("target", "parley.jar").toAbsolutePath().toString(),
                    "--host", NetLab.SERVER_ADDRESS, "--port", "8080", "--turn-port", "3478",
                    "--secret", "netlab-secret-0123456789", "--turn-secret", SECRET,
                    "--turn-allow-peers", "10.99.0.0/24",
                    "--data-dir", lab.logDir().resolve("parley-data").toAbsolutePath().toString()));
            Poll.until("the relay self-test passed", Duration.ofSeconds(40), () -> {
                assertThat(parley.isAlive()).as("Parley still running (log in %s)", log).isTrue();
                return Files.exists(log) && read(log).contains("TURN relay self-test passed");
            });
            for (String peer : List.of("10.99.0.1", "10.99.0.2")) {
                Poll.until("the echo peer at " + peer + " listens", Duration.ofSeconds(10), () ->
                        !lab.exec(peer.equals("10.99.0.1") ? srv : lab.internet(), "ss", "-Hlun", "src", peer + ":3480")
                                .isBlank());
            }
            Run elsewhere = runIn(srv, uclientTo(NetLab.SERVER_ADDRESS, "-c", "-n", "10", "-e", "10.99.0.2", "-r", "3480"));
            assertThat(elsewhere.out()).as(elsewhere.out()).contains("tot_send_msgs=10, tot_recv_msgs=10")
                    .doesNotContain("error 403");
            Run own = runIn(srv, uclientTo(NetLab.SERVER_ADDRESS, "-c", "-n", "10", "-e", "10.99.0.1", "-r", "3480"));
            assertThat(own.out()).as(own.out()).contains("error 403").doesNotContain("tot_recv_msgs=10");
        }
    }

    private static List<String> uclientTo(String host, String... flags) {
        TurnCredentials.Credential c = credentials.mint();
        List<String> cmd = new ArrayList<>(List.of("turnutils_uclient"));
        cmd.addAll(List.of(flags));
        cmd.addAll(List.of("-u", c.username(), "-w", c.password(), "-p", "3478", host));
        return cmd;
    }

    private static Run runIn(NetLab.Host host, List<String> command) throws Exception {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", host.ns()));
        full.addAll(command);
        return run(full.toArray(String[]::new));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @Test
    void uclientRelaysOverTheTlsListener() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("turn-tls");
        Run cert = run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-keyout", dir.resolve("key.pem").toString(),
                "-out", dir.resolve("cert.pem").toString());
        assertThat(cert.exit()).as(cert.out()).isZero();
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        javax.net.ssl.SSLContext tls = org.parley.tls.PemFiles.context(dir.resolve("cert.pem"), dir.resolve("key.pem"));
        try (TurnServer withTls = new TurnServer(new TurnServer.Options(lo, 0, lo, lo, 40000, 44999, "parley.test",
                credentials, List.of(), 12, 0, 0, tls)).start(scheduler)) {
            assertThat(withTls.tlsPort()).isPositive();
            Run r = run("turnutils_uclient", "-t", "-S", "-y", "-c", "-n", "10", "-u", credentials.mint().username(),
                    "-w", "x", "-p", String.valueOf(withTls.tlsPort()), "127.0.0.1");
            assertThat(r.out()).as("wrong password over TLS: " + r.out()).contains("Cannot complete Allocation");
            TurnCredentials.Credential c = credentials.mint();
            Run ok = run("turnutils_uclient", "-t", "-S", "-y", "-c", "-n", "10", "-u", c.username(),
                    "-w", c.password(), "-p", String.valueOf(withTls.tlsPort()), "127.0.0.1");
            assertThat(ok.out()).as(ok.out()).contains("tot_send_msgs=20, tot_recv_msgs=20");
        }
    }
}
