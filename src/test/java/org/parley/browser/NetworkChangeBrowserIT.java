package org.parley.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.browser.Callers.answer;
import static org.parley.browser.Callers.assertMediaFlowing;
import static org.parley.browser.Callers.id;
import static org.parley.browser.Callers.joinRoom;
import static org.parley.browser.Callers.waitParticipants;

import com.microsoft.playwright.Page;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.support.Browser;
import org.parley.support.MediaStats;
import org.parley.support.Poll;
import org.parley.support.TestServer;

/**
 * Acceptance "Network change": mid-call, the media path dies. iptables and ip6tables drop every
 * packet to the ports of the call's ICE candidates (both callers, UDP and TCP), as a switch of network kills
 * the old path; signaling stays up. The pages notice, restart ICE, gather candidates on new
 * ports and find a new path while the old one is still blocked.
 *
 * <p>What is measured: video is decoded again on both sides within 5 s of a page first showing
 * the link as disconnected/reconnecting, while the old ports stay blocked; and an ICE restart
 * really happened (restartIce called, the remote ice-ufrag changed on both sides). Without the
 * restart no packet can get through until the rules go, so the test fails.
 */
@Timeout(90)
class NetworkChangeBrowserIT {
    private static final Duration RECOVERY = Duration.ofSeconds(5);

    private static final String CANDIDATE_PORTS = """
            async () => {
              const out = [];
              for (const pc of window.__pcs) {
                if (pc.connectionState === 'closed') continue;
                (await pc.getStats()).forEach(r => {
                  if (r.type === 'local-candidate' && r.port > 9) out.push(r.protocol + ':' + r.port);
                });
              }
              return out;
            }
            """;

    private static final String REMOTE_UFRAGS = """
            () => window.__pcs.filter(pc => pc.connectionState !== 'closed')
                .map(pc => (/a=ice-ufrag:(\\S+)/.exec(pc.remoteDescription ? pc.remoteDescription.sdp : '') || [])[1] || '')
            """;

    private static final String RESTARTS = "() => window.__pcs.reduce((n, pc) => n + pc.__restarts, 0)";

    /** For a failure message: each open connection's states, selected pair and counters. */
    private static final String DIAGNOSIS = """
            async () => {
              const out = [];
              for (const pc of window.__pcs) {
                if (pc.connectionState === 'closed') continue;
                const r = await pc.getStats();
                let pair = null, frames = 0, pairs = {};
                r.forEach(x => {
                  if (x.type === 'transport' && x.selectedCandidatePairId) pair = r.get(x.selectedCandidatePairId);
                  if (x.type === 'inbound-rtp' && x.kind === 'video') frames += x.framesDecoded || 0;
                  if (x.type === 'candidate-pair') pairs[x.state] = (pairs[x.state] || 0) + 1;
                });
                const end = id => { const c = id && r.get(id); return c ? c.candidateType + ':' + c.protocol + ':' + c.port : '?'; };
                out.push({ conn: pc.connectionState, ice: pc.iceConnectionState, signaling: pc.signalingState,
                  restarts: pc.__restarts, restartAt: pc.__restartAt || 0, now: Date.now(), frames, pairs,
                  selected: pair ? end(pair.localCandidateId) + ' -> ' + end(pair.remoteCandidateId) + ' ' + pair.state : 'none' });
              }
              return JSON.stringify(out);
            }
            """;

    @Test
    void aDeadMediaPathComesBackThroughAnIceRestartWithoutTheUserDoingAnything() throws Exception {
        try (TestServer server = TestServer.start(); Browser browser = new Browser()) {
            String room = "netchange-" + System.nanoTime() % 100000;
            Page alice = browser.caller();
            Page bob = browser.caller();
            joinRoom(alice, server.link(room), "Alice");
            joinRoom(bob, server.link(room), "Bob");
            waitParticipants(alice, 2);
            id(alice, "video-call").click();
            answer(bob, "answer");
            assertMediaFlowing(alice, 1);
            assertMediaFlowing(bob, 1);
            List<String> ufragsBefore = ufrags(alice, bob);

            Set<String> ports = new TreeSet<>(strings(alice.evaluate(CANDIDATE_PORTS)));
            ports.addAll(strings(bob.evaluate(CANDIDATE_PORTS)));
            ports.removeIf(p -> p.endsWith(":" + server.port()));
            assertThat(ports).as("the call's candidate ports").isNotEmpty();
            System.out.println("blocking " + ports);
            List<String[]> rules = new ArrayList<>();
            try {
                for (String p : ports) {
                    for (String tool : List.of("iptables", "ip6tables")) {
                        String[] rule = {tool, "INPUT", "-p", p.substring(0, p.indexOf(':')), "--dport",
                                p.substring(p.indexOf(':') + 1), "-j", "DROP"};
                        iptables("-I", rule);
                        rules.add(rule);
                    }
                }
                Poll.until("a page shows the link as disconnected or reconnecting", Duration.ofSeconds(30),
                        () -> interrupted(alice) || interrupted(bob));
                long detected = System.nanoTime();
                long detectedAt = System.currentTimeMillis();
                MediaStats aliceStalled = MediaStats.of(alice);
                MediaStats bobStalled = MediaStats.of(bob);
                try {
                    Poll.until("video decodes again on both sides, old path still blocked", RECOVERY,
                            () -> decodedMore(aliceStalled, MediaStats.of(alice)) && decodedMore(bobStalled, MediaStats.of(bob)));
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "; detected at " + detectedAt + "; Alice " + alice.evaluate(DIAGNOSIS)
                            + "; Bob " + bob.evaluate(DIAGNOSIS), e);
                }
                System.out.printf("media back %d ms after the cut was shown; restartIce at +%s ms (Alice), +%s ms (Bob);"
                                + " ICE connected again at +%s ms (Alice), +%s ms (Bob)%n",
                        (System.nanoTime() - detected) / 1_000_000, at(alice, "__restartAt", detectedAt),
                        at(bob, "__restartAt", detectedAt), at(alice, "__iceConnectedAt", detectedAt),
                        at(bob, "__iceConnectedAt", detectedAt));
                assertThat(((Number) alice.evaluate(RESTARTS)).intValue() + ((Number) bob.evaluate(RESTARTS)).intValue())
                        .as("restartIce was called").isPositive();
                List<String> ufragsAfter = ufrags(alice, bob);
                for (int i = 0; i < 2; i++) {
                    assertThat(ufragsAfter.get(i)).as("remote ice-ufrag of page %d changed", i).isNotEqualTo(ufragsBefore.get(i));
                }
                Poll.until("the tiles say connected again", Duration.ofSeconds(5),
                        () -> "connected".equals(state(alice)) && "connected".equals(state(bob)));
            } finally {
                for (String[] rule : rules) {
                    iptables("-D", rule);
                }
            }
            assertMediaFlowing(alice, 1);
            assertMediaFlowing(bob, 1);
        }
    }

    /** A time the recorder noted on the page's connections (epoch ms), relative to {@code since}; "-" if none. */
    private static String at(Page page, String field, long since) {
        Object at = page.evaluate("f => Math.max(0, ...window.__pcs.map(pc => pc[f] || 0))", field);
        long t = ((Number) at).longValue();
        return t == 0 ? "-" : String.valueOf(t - since);
    }

    private static List<String> ufrags(Page alice, Page bob) {
        List<String> out = new ArrayList<>();
        for (Page p : List.of(alice, bob)) {
            List<String> u = strings(p.evaluate(REMOTE_UFRAGS));
            assertThat(u).hasSize(1);
            assertThat(u.getFirst()).isNotEmpty();
            out.add(u.getFirst());
        }
        return out;
    }

    private static String state(Page page) {
        return id(page, "peer-state").first().getAttribute("data-state");
    }

    private static boolean interrupted(Page page) {
        String s = state(page);
        return "disconnected".equals(s) || "reconnecting".equals(s) || "failed".equals(s);
    }

    /**
     * Frames decoded since the stall was sampled. By then the path had been silent for seconds
     * (that is what 'disconnected' means), so nothing buffered is left: any new frame came over
     * a new path. Two, so that a single late frame cannot pass.
     */
    private static boolean decodedMore(MediaStats before, MediaStats now) {
        return before.peers().size() == 1 && now.peers().size() == 1
                && now.peers().getFirst().framesDecoded() >= before.peers().getFirst().framesDecoded() + 2;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object list) {
        return (List<String>) list;
    }

    /** Runs iptables or ip6tables (the tests run as root); a failure fails the test, never skips it. */
    private static void iptables(String action, String[] rule) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(rule[0], "-w", action));
        cmd.addAll(List.of(rule).subList(1, rule.length));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("%s: %s", String.join(" ", cmd), out).isZero();
    }
}
