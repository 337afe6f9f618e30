package org.parley.turn.server;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import org.parley.config.LogPrivacy;
import org.parley.config.TurnSettings;
import org.parley.turn.TurnCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded relay's lifecycle: picks the address to advertise, starts the server, runs the
 * relay self-test in the background and keeps its verdict for {@code /readyz}.
 */
public final class EmbeddedRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRelay.class);

    private final TurnServer server;
    private final InetAddress advertised;
    private volatile RelaySelfTest.Verdict verdict;

    private final String urlHost;

    private EmbeddedRelay(TurnServer server, InetAddress advertised, String urlHost) {
        this.server = server;
        this.advertised = advertised;
        this.urlHost = urlHost;
    }

    /** @param tls the server's (reloadable) TLS context for TURN over TLS, or null for none */
    public static EmbeddedRelay start(TurnSettings s, String host, SSLContext tls, TurnCredentials credentials,
                                      ScheduledExecutorService scheduler) throws IOException {
        InetAddress listen = InetAddress.getByName(host);
        InetAddress advertised = advertised(s, listen);
        TurnServer server = new TurnServer(new TurnServer.Options(listen, s.port(), listen, advertised, s.relayMin(),
                s.relayMax(), s.realm(), credentials, s.allowPeers(), s.quota(), s.maxKbps() * 1000L / 8,
                s.tlsPort(), tls, new TurnServer.Caps(s.allocationsPerAddress(), s.tcpPerAddress(), s.tcpMax())))
                .start(scheduler);
        EmbeddedRelay relay = new EmbeddedRelay(server, advertised, s.host());
        InetAddress probe = listen.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : listen;
        Thread.ofVirtual().name("parley-turn-selftest").start(() -> relay.selfTest(probe, credentials));
        LOG.info("STUN/TURN on UDP and TCP port {}{}, relaying from ports {}-{}, advertised as {}", server.port(),
                tls == null ? "" : " and TLS port " + server.tlsPort(), s.relayMin(), s.relayMax(),
                LogPrivacy.address(advertised.getHostAddress(), source(s, listen)));
        return relay;
    }

    /** Where the advertised address came from, said instead of the address itself. */
    private static String source(TurnSettings s, InetAddress listen) {
        return !s.publicAddress().isEmpty() ? "--turn-public-address" : listen.isAnyLocalAddress()
                ? "the first interface address; --log-ips shows it" : "the listen address";
    }

    private void selfTest(InetAddress probe, TurnCredentials credentials) {
        RelaySelfTest.Verdict v = RelaySelfTest.run(probe, server.port(), credentials);
        verdict = v;
        if (v.passed()) {
            LOG.info("TURN relay self-test passed: {}", v.detail());
        } else {
            LOG.error("TURN relay self-test FAILED: {}. Callers behind strict NATs will not connect; "
                    + "/readyz reports not ready.", v.detail());
        }
    }

    /**
     * The configured public address; else the listen address; else, listening on all interfaces,
     * the first global interface address, with a warning: behind NAT that is the wrong one.
     */
    static InetAddress advertised(TurnSettings s, InetAddress listen) throws UnknownHostException {
        if (!s.publicAddress().isEmpty()) {
            return InetAddress.getByName(s.publicAddress());
        }
        if (!listen.isAnyLocalAddress()) {
            if (!listen.isLoopbackAddress()) {
                LOG.warn("No --turn-public-address: advertising the listen address {}. Behind NAT (most cloud VMs) "
                        + "set --turn-public-address to the address callers reach this host at.",
                        LogPrivacy.address(listen.getHostAddress(), "--host"));
            }
            return listen;
        }
        InetAddress guess = firstGlobalAddress().orElse(InetAddress.getLoopbackAddress());
        LOG.warn("No --turn-public-address while listening on all interfaces: advertising {}. If callers reach this "
                + "host at another address (NAT, cloud VM), set --turn-public-address or relayed calls fail.",
                LogPrivacy.address(guess.getHostAddress(), "the first interface address; --log-ips shows it"));
        return guess;
    }

    private static Optional<InetAddress> firstGlobalAddress() {
        try {
            List<InetAddress> all = NetworkInterface.networkInterfaces().filter(EmbeddedRelay::up)
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isAnyLocalAddress())
                    .toList();
            return all.stream().filter(a -> a instanceof Inet4Address).findFirst()
                    .or(() -> all.stream().filter(a -> a instanceof Inet6Address).findFirst());
        } catch (SocketException e) {
            return Optional.empty();
        }
    }

    private static boolean up(NetworkInterface nic) {
        try {
            return nic.isUp();
        } catch (SocketException e) {
            return false;
        }
    }

    /**
     * STUN and TURN URLs (UDP, TCP, and TLS when on) for browsers, naming {@code --turn-host} when
     * set: a {@code turns:} URL must name what the certificate covers.
     */
    public List<String> urls() {
        String h = !urlHost.isEmpty() ? urlHost
                : advertised instanceof Inet6Address ? "[" + advertised.getHostAddress() + "]" : advertised.getHostAddress();
        int port = server.port();
        List<String> urls = new java.util.ArrayList<>(List.of("stun:" + h + ":" + port,
                "turn:" + h + ":" + port + "?transport=udp", "turn:" + h + ":" + port + "?transport=tcp"));
        if (server.tlsPort() > 0) {
            urls.add("turns:" + h + ":" + server.tlsPort() + "?transport=tcp");
        }
        return urls;
    }

    public int tlsPort() {
        return server.tlsPort();
    }

    public int port() {
        return server.port();
    }

    /** Empty while the self-test runs. */
    public Optional<RelaySelfTest.Verdict> verdict() {
        return Optional.ofNullable(verdict);
    }

    public TurnServer.Stats stats() {
        return server.stats();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
