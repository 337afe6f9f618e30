package org.parley.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.browser.Callers.answer;
import static org.parley.browser.Callers.assertMediaFlowing;
import static org.parley.browser.Callers.id;
import static org.parley.browser.Callers.joinRoom;
import static org.parley.browser.Callers.waitParticipants;

import com.microsoft.playwright.Page;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.support.Browser;
import org.parley.support.MediaStats;
import org.parley.support.TestServer;

/**
 * Calls forced through a relay ({@code iceTransportPolicy: "relay"}): through the embedded TURN
 * server, and through a real coturn that Parley hands out credentials for in external mode.
 */
@Timeout(180)
class RelayBrowserIT {
    /** Forces every peer connection of the page to relay candidates only, as a strict NAT would. */
    private static final String RELAY_ONLY = """
            (() => {
              const Wrapped = window.RTCPeerConnection;
              window.RTCPeerConnection = class extends Wrapped {
                constructor(config, ...rest) { super({ ...(config || {}), iceTransportPolicy: 'relay' }, ...rest); }
              };
            })();
            """;

    private static Browser browser;
    private final List<Page> pages = new ArrayList<>();

    @BeforeAll
    static void start() {
        browser = new Browser();
    }

    @AfterAll
    static void stop() {
        browser.close();
    }

    @AfterEach
    void closePages() {
        pages.forEach(p -> p.context().close());
        pages.clear();
    }

    private void relayedCall(TestServer server) {
        relayedCall(server.link("relayed"));
    }

    private void relayedCall(String link) {
        List<Page> two = new ArrayList<>();
        for (String name : List.of("Alice", "Bob")) {
            Page p = browser.caller();
            p.context().addInitScript(RELAY_ONLY);
            pages.add(p);
            joinRoom(p, link, name);
            two.add(p);
        }
        waitParticipants(two.get(0), 2);
        id(two.get(0), "video-call").click();
        answer(two.get(1), "answer");
        for (Page p : two) {
            assertMediaFlowing(p, 1);
            MediaStats s = MediaStats.of(p);
            assertThat(s.peers().getFirst().candidateType()).as("selected local candidate").isEqualTo("relay");
        }
    }

    @Test
    void relayOnlyCallThroughTheEmbeddedTurnDecodesVideoBothWays() {
        try (TestServer server = TestServer.start()) {
            relayedCall(server);
            assertThat(server.parley().turnStats().relayedBytes()).as("bytes through the embedded relay")
                    .isGreaterThan(20_000);
        }
    }

    @Test
    void underAuthJoinThePageGetsTheRelayWithItsLinksTokenAndTheCallIsRelayed() {
        // The welcome carries no TURN credentials here: the page must fetch them with its token.
        String secret = "browser-test-hs256-secret-0123456789ab";
        try (TestServer server = TestServer.start("--auth", "join", "--auth-key", secret)) {
            org.parley.auth.TokenCommand command = new org.parley.auth.TokenCommand();
            new picocli.CommandLine(command).parseArgs("--room", "relayed", "--ttl", "10m", "--base-url",
                    server.httpUrl(), "--secret", "test-secret-0123456789", "--auth-key", secret);
            relayedCall(command.mint(java.time.Clock.systemUTC()).link());
            assertThat(server.parley().turnStats().relayedBytes()).as("bytes through the embedded relay")
                    .isGreaterThan(20_000);
        }
    }

    @Test
    void relayOnlyCallThroughAnExternalCoturnDecodesVideoBothWays() throws Exception {
        int port = freePort();
        Path dir = Files.createTempDirectory("coturn");
        String secret = "coturn-shared-secret-0123";
        Process coturn = new ProcessBuilder("turnserver", "-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1",
                "--listening-port=" + port, "--use-auth-secret", "--static-auth-secret=" + secret,
                "--realm=parley.test", "--no-tls", "--no-dtls", "--no-cli", "--allow-loopback-peers",
                "--min-port=46000", "--max-port=46999", "--userdb=" + dir.resolve("turndb"),
                "--pidfile=" + dir.resolve("pid"), "--log-file=" + dir.resolve("log"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("out").toFile()).start();
        try (TestServer server = TestServer.start("--turn", "external", "--turn-secret", secret,
                "--turn-urls", "turn:127.0.0.1:" + port + "?transport=udp")) {
            assertThat(server.parley().turnPort()).as("embedded relay off in external mode").isEqualTo(-1);
            relayedCall(server);
        } finally {
            coturn.destroy();
            coturn.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** A port free for both UDP and TCP on loopback at the moment of asking. */
    private static int freePort() throws IOException {
        for (int i = 0; i < 50; i++) {
            try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                 ServerSocket tcp = new ServerSocket(udp.getLocalPort(), 1, InetAddress.getLoopbackAddress())) {
                return udp.getLocalPort();
            } catch (IOException e) {
                // taken on TCP: try another
            }
        }
        throw new IOException("no free port");
    }
}
