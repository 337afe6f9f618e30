package org.parley.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.support.Browser;
import org.parley.support.TestServer;

/**
 * The page's PeerLink (js/call.js) under forced glare: two links renegotiate at the same moment,
 * with signals delayed so that both offers are in flight together. Perfect negotiation must
 * end with both sides stable, connected and receiving every track.
 */
@Timeout(120)
class NegotiationBrowserIT {
    private static final String GLARE = """
            async () => {
              const { PeerLink } = await import('/js/call.js');
              const until = async (what, ok) => {
                for (let i = 0; i < 300 && !ok(); i++) await new Promise(r => setTimeout(r, 50));
                if (!ok()) throw new Error('timed out: ' + what);
              };
              const media = () => navigator.mediaDevices.getUserMedia({ audio: true, video: true });
              const [s1, s2] = [await media(), await media()];
              const a = new PeerLink({ polite: false });
              const b = new PeerLink({ polite: true });
              let glare = false, offersA = 0, offersB = 0;
              const wire = (from, to, count) => from.addEventListener('signal', (e) => {
                if (e.detail.description?.type === 'offer' && glare) count();
                // Delivery takes a while, as over a real server: long enough for both to offer.
                setTimeout(() => to.handleSignal(e.detail), 100);
              });
              wire(a, b, () => offersA++);
              wire(b, a, () => offersB++);
              const tracks = { a: [], b: [] };
              a.addEventListener('track', (e) => tracks.a.push(e.detail.track));
              b.addEventListener('track', (e) => tracks.b.push(e.detail.track));
              a.addLocalStream(s1, { sendVideo: true });
              b.addLocalStream(s2, { sendVideo: true });
              await until('first connection', () => a.state === 'connected' && b.state === 'connected');

              glare = true;
              a.pc.addTrack(s1.getVideoTracks()[0].clone(), s1);
              b.pc.addTrack(s2.getVideoTracks()[0].clone(), s2);
              await until('renegotiation after glare', () => tracks.a.length === 3 && tracks.b.length === 3
                && a.pc.signalingState === 'stable' && b.pc.signalingState === 'stable');
              return { offersA, offersB, stateA: a.state, stateB: b.state,
                       tracksA: tracks.a.length, tracksB: tracks.b.length };
            }
            """;

    @Test
    void simultaneousRenegotiationOnBothSidesEndsStableWithAllTracks() {
        try (TestServer server = TestServer.start(); Browser browser = new Browser()) {
            Page page = browser.caller();
            page.navigate(server.httpUrl() + "/");
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) page.evaluate(GLARE);
            assertThat(((Number) r.get("offersA")).intValue()).as("impolite side offered").isPositive();
            assertThat(((Number) r.get("offersB")).intValue()).as("polite side offered too: a real glare").isPositive();
            assertThat(r).containsEntry("stateA", "connected").containsEntry("stateB", "connected");
            assertThat(((Number) r.get("tracksA")).intValue()).isEqualTo(3);
            assertThat(((Number) r.get("tracksB")).intValue()).isEqualTo(3);
        }
    }
}
