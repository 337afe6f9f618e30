package org.parley.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.parley.browser.Callers.answer;
import static org.parley.browser.Callers.assertMediaFlowing;
import static org.parley.browser.Callers.await;
import static org.parley.browser.Callers.createRoomAndEnter;
import static org.parley.browser.Callers.id;
import static org.parley.browser.Callers.joinRoom;
import static org.parley.browser.Callers.waitParticipants;

import com.microsoft.playwright.Page;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.support.Browser;
import org.parley.support.MediaStats;
import org.parley.support.NetLab;
import org.parley.support.NetLab.Host;
import org.parley.support.NetLab.Mapping;
import org.parley.support.Poll;

/**
 * Two callers, each behind its own NAT, call each other through Parley on a simulated public
 * network ({@link NetLab}): Parley and the STUN/TURN server run in the server's namespace, each
 * caller's headless Chromium in its own LAN's namespace, and only the NATs join them. Behind
 * symmetric NATs the call needs the TURN relay; behind port-preserving NATs it goes direct.
 */
@Timeout(120)
class SymmetricNatBrowserIT {
    private static final String SERVER = NetLab.SERVER_ADDRESS;
    private static final String BASE_URL = "http://" + SERVER + ":8080";
    private static final Path JAR = Path.of("target", "parley.jar").toAbsolutePath();
    private static final Set<String> REFLEXIVE = Set.of("srflx", "prflx");
    private static final Pattern MAPPED = Pattern.compile("UDP reflexive addr: ([0-9.]+):(\\d+)");
    /**
     * Long against the relayed call, which connects within a few seconds; short against
     * Chromium's ICE, which would connect in that time if any candidate pair worked.
     */
    private static final Duration NO_CONNECTION_WINDOW = Duration.ofSeconds(20);

    @BeforeAll
    static void needsRoot() throws IOException {
        assumeTrue(Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0),
                "builds network namespaces and NAT rules with ip and iptables: run as root");
        assertThat(JAR).as("the packaged server (the integration-test phase runs after package)").exists();
    }

    @Test
    void eachNatShowsItsCallerToTheServerAsItsOwnPublicAddress() {
        try (NetLab lab = NetLab.create(Mapping.RANDOM)) {
            startServer(lab, true);
            for (Host caller : List.of(lab.callerA(), lab.callerB())) {
                assertThat(mappedAddress(lab, caller)).as("reflexive address of %s", caller)
                        .startsWith(lab.publicAddressOf(caller) + ":");
            }
        }
    }

    @Test
    void behindSymmetricNatsTheCallConnectsThroughTheTurnRelay() {
        try (NetLab lab = NetLab.create(Mapping.RANDOM)) {
            startServer(lab, true);
            try (Browser a = browserIn(lab, lab.callerA()); Browser b = browserIn(lab, lab.callerB())) {
                for (Page p : videoCall(a.caller(), b.caller())) {
                    assertMediaFlowing(p, 1);
                    await(p, 1, "the selected candidate pair goes through the TURN relay",
                            peer -> "connected".equals(peer.state()) && peer.relayed());
                }
            }
        }
    }

    @Test
    void behindPortPreservingNatsTheCallConnectsDirectlyWithoutTheRelay() {
        try (NetLab lab = NetLab.create(Mapping.PORT_PRESERVING)) {
            startServer(lab, true);
            try (Browser a = browserIn(lab, lab.callerA()); Browser b = browserIn(lab, lab.callerB())) {
                for (Page p : videoCall(a.caller(), b.caller())) {
                    assertMediaFlowing(p, 1);
                    MediaStats.Peer peer = await(p, 1, "a direct pair of reflexive candidates is selected",
                            x -> "connected".equals(x.state()) && REFLEXIVE.contains(x.candidateType())
                                    && REFLEXIVE.contains(x.remoteCandidateType())).peers().getFirst();
                    assertThat(peer.localCandidateTypes()).as("the relay was offered, and not needed").contains("relay");
                }
            }
        }
    }

    @Test
    void withoutTurnSymmetricNatsKeepTheCallFromConnecting() {
        try (NetLab lab = NetLab.create(Mapping.RANDOM)) {
            startServer(lab, false);
            try (Browser a = browserIn(lab, lab.callerA()); Browser b = browserIn(lab, lab.callerB())) {
                List<Page> call = videoCall(a.caller(), b.caller());
                for (Page p : call) {
                    // ICE has the NATs' addresses to try: STUN works, only the mapping defeats it.
                    await(p, 1, "server-reflexive candidates gathered and received", peer ->
                            peer.localCandidateTypes().contains("srflx") && peer.remoteCandidateTypes().contains("srflx"));
                }
                Poll.holdsFor("no media path between symmetric NATs without a relay", NO_CONNECTION_WINDOW,
                        () -> call.stream().allMatch(p -> MediaStats.of(p).peers().stream().allMatch(
                                peer -> !"connected".equals(peer.state()) && peer.framesDecoded() == 0)));
            }
        }
    }

    /** Alice (LAN a) creates a room and rings; Bob (LAN b) joins by her link and answers. */
    private static List<Page> videoCall(Page alice, Page bob) {
        String link = createRoomAndEnter(alice, BASE_URL, "Alice");
        joinRoom(bob, link, "Bob");
        waitParticipants(alice, 2);
        waitParticipants(bob, 2);
        id(alice, "video-call").click();
        answer(bob, "answer");
        return List.of(alice, bob);
    }

    /**
     * Parley on the server host: with its embedded STUN/TURN advertised at the public address, or
     * ({@code offerTurn} false) with its relay off and STUN only; returns once STUN answers a caller.
     */
    private static void startServer(NetLab lab, boolean offerTurn) {
        startParley(lab, offerTurn ? List.of("--turn-public-address", SERVER) : stunOnly(lab));
        Poll.until("STUN answers on " + SERVER + ":3478", Duration.ofSeconds(10),
                () -> mappedAddress(lab, lab.callerA()) != null);
    }

    /**
     * The control without a relay: Parley's own relay off, and a STUN-only server (coturn's
     * {@code --stun-only}) on the same address and port, so that callers still learn their
     * reflexive addresses; returns the Parley flags that hand it out.
     */
    private static List<String> stunOnly(NetLab lab) {
        Path dir = lab.logDir().toAbsolutePath();
        lab.start(lab.server(), "stun", List.of("turnserver", "-n", "--log-file=stdout", "--stun-only",
                "--listening-ip=" + SERVER, "--listening-port=3478", "--no-tls", "--no-dtls", "--no-cli",
                "--userdb=" + dir.resolve("turndb"), "--pidfile=" + dir.resolve("turnserver.pid")));
        return List.of("--turn", "off", "--ice-servers", "stun:" + SERVER + ":3478");
    }

    /** The packaged Parley on the server host, port 8080; returns once a caller's LAN gets its page. */
    private static void startParley(NetLab lab, List<String> flags) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString(),
                "--host", "0.0.0.0", "--port", "8080", "--secret", "netlab-secret-0123456789",
                "--data-dir", lab.logDir().resolve("parley-data").toAbsolutePath().toString()));
        command.addAll(flags);
        Process parley = lab.start(lab.server(), "parley", command);
        Poll.until("Parley serves its page at " + BASE_URL + " to caller a", Duration.ofSeconds(30), () -> {
            assertThat(parley.isAlive()).as("Parley still running (log in %s)", lab.logDir()).isTrue();
            return httpStatusLine(lab, lab.callerA()).contains(" 200 ");
        });
    }

    /**
     * Chromium inside {@code caller}'s namespace (Playwright's driver stays outside, talking over
     * a pipe); the server's plain-HTTP origin counts as secure so camera and microphone work, and
     * no proxy from the environment gets between the page and the server.
     */
    private static Browser browserIn(NetLab lab, Host caller) {
        return new Browser(lab.wrapper(caller, Browser.CHROMIUM), List.of(
                "--unsafely-treat-insecure-origin-as-secure=" + BASE_URL, "--no-proxy-server",
                // WebRTC's own log (selected pairs, TURN errors) into the lab's log directory.
                "--enable-logging=stderr", "--v=0"));
    }

    /** What the STUN server sees {@code caller} as, ip:port; null while it does not answer. */
    private static String mappedAddress(NetLab lab, Host caller) {
        try {
            // The client sends one request and waits forever if it is lost: bound each try.
            Matcher m = MAPPED.matcher(lab.exec(Duration.ofSeconds(2), caller, "turnutils_stunclient", "-p", "3478", SERVER));
            return m.find() ? m.group(1) + ":" + m.group(2) : null;
        } catch (IllegalStateException e) {
            return null;
        }
    }

    private static String httpStatusLine(NetLab lab, Host from) {
        try {
            return lab.exec(Duration.ofSeconds(5), from, "bash", "-c", "exec 3<>/dev/tcp/" + SERVER + "/8080"
                    + " && printf 'GET / HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3");
        } catch (IllegalStateException e) {
            return "";
        }
    }
}
