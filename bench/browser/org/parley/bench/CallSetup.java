package org.parley.bench;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Call setup: two headless Chromium callers (separate contexts, fake camera and microphone) in
 * one room through the real UI; one presses Video call, the other Answer. Measured: from the
 * Answer click to the first decoded remote video frame, on each side (the later of the two is
 * the figure). The floor: two RTCPeerConnections wired to each other inside one page, from
 * applying the answer to the first decoded frame on both. Times are the pages' own clocks
 * ({@code performance.timeOrigin + now()}), one machine, one browser. {@code -Dcall.timeline=true}
 * prints each call's timeline on both sides (getUserMedia, signaling messages, ICE and
 * connection states, first frame), in ms from the Answer click.
 */
public final class CallSetup {
    /**
     * {@code -Dcall.camera-delay-ms=N}: every getUserMedia takes N ms longer, as a real camera does
     * (the fake one opens in tens of ms; webcams often take hundreds). 0 by default.
     */
    private static final int CAMERA_DELAY_MS = Integer.getInteger("call.camera-delay-ms", 0);

    /** Runs before any page script: notes the Answer click and the first decoded frame of every connection. */
    private static final String PROBE = """
            (() => {
              const now = () => performance.timeOrigin + performance.now();
              window.__firstFrame = null;

              window.__t = [];
              const T = (what) => window.__t.push([Math.round(now()), what]);
              const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
              const cameraDelay = window.__cameraDelayMs || 0;
              navigator.mediaDevices.getUserMedia = async (c) => {
                T('gum-start');
                if (cameraDelay) await new Promise((r) => setTimeout(r, cameraDelay));
                const s = await gum(c);
                T('gum-done');
                return s;
              };
              const WS = window.WebSocket;
              window.WebSocket = class extends WS {
                constructor(...a) { super(...a); this.addEventListener('message', (e) => { try { const m = JSON.parse(e.data); if (m.type !== 'ping' && m.type !== 'pong') T('recv ' + m.type + (m.data ? ' ' + Object.keys(m.data)[0] + (m.data.description ? ':' + m.data.description.type : '') : '')); } catch (x) {} }); }
                send(d) { try { const m = JSON.parse(d); T('send ' + m.type + (m.data ? ' ' + Object.keys(m.data)[0] + (m.data.description ? ':' + m.data.description.type : '') : '')); } catch (x) {} return super.send(d); }
              };
              document.addEventListener('click', (e) => {
                const t = e.target.closest && e.target.closest('[data-testid="answer"]');
                if (t) window.__answerAt = now();
              }, true);
              const Native = window.RTCPeerConnection;
              window.RTCPeerConnection = class extends Native {
                constructor(...a) {
                  super(...a);
                  T('pc-new');
                  this.addEventListener('negotiationneeded', () => T('negotiationneeded'));
                  const poll = async () => {
                    if (this.connectionState === 'closed' || window.__firstFrame) return;
                    const s = await this.getStats();
                    for (const r of s.values()) {
                      if (r.type === 'inbound-rtp' && r.kind === 'video' && r.framesDecoded > 0) {
                        if (!window.__firstFrame) { window.__firstFrame = now(); T('first-frame'); }
                        return;
                      }
                    }
                    setTimeout(poll, 2);
                  };
                  this.addEventListener('track', () => { T('track'); poll(); });
                  this.addEventListener('iceconnectionstatechange', () => T('ice ' + this.iceConnectionState));
                  this.addEventListener('connectionstatechange', () => T('pc ' + this.connectionState));
                  this.addEventListener('signalingstatechange', () => T('sig ' + this.signalingState));
                }
              };
            })();
            """;

    private static final String FLOOR = """
            async () => {
              const now = () => performance.timeOrigin + performance.now();
              const media = await navigator.mediaDevices.getUserMedia({video: true, audio: true});
              const a = new RTCPeerConnection(), b = new RTCPeerConnection();
              a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
              b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
              for (const t of media.getTracks()) { a.addTrack(t, media); }
              const bMedia = await navigator.mediaDevices.getUserMedia({video: true, audio: true});
              for (const t of bMedia.getTracks()) { b.addTrack(t, bMedia); }
              const first = (pc) => new Promise((resolve) => {
                const poll = async () => {
                  for (const r of (await pc.getStats()).values()) {
                    if (r.type === 'inbound-rtp' && r.kind === 'video' && r.framesDecoded > 0) { resolve(now()); return; }
                  }
                  setTimeout(poll, 2);
                };
                poll();
              });
              await a.setLocalDescription(await a.createOffer());
              await b.setRemoteDescription(a.localDescription);
              await b.setLocalDescription(await b.createAnswer());
              const answeredAt = now();
              await a.setRemoteDescription(b.localDescription);
              const [fa, fb] = await Promise.all([first(a), first(b)]);
              a.close(); b.close();
              for (const t of [...media.getTracks(), ...bMedia.getTracks()]) t.stop();
              return Math.max(fa, fb) - answeredAt;
            }
            """;

    public static void main(String[] args) throws Exception {
        String jar = args.length > 0 ? args[0] : "target/parley.jar";
        org.parley.bench.Results results = new org.parley.bench.Results(Path.of(args.length > 1 ? args[1] : "bench/out/results.tsv"));
        int runs = Integer.getInteger("call.runs", 20);
        int port = ServerProcess.freePort();
        try (ServerProcess server = ServerProcess.start("parley", "0", List.of(System.getProperty("java.home") + "/bin/java",
                "@deploy/jvm.options", "-jar", jar, "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--turn-port", String.valueOf(ServerProcess.freePort()),
                "--data-dir", System.getProperty("java.io.tmpdir") + "/parley-bench-data"),
                results.dir().resolve("callsetup-server.log"));
             Playwright pw = Playwright.create()) {
            server.awaitPort(port, 30_000);
            Browser chromium = pw.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(Path.of("/usr/bin/chromium")).setHeadless(true)
                    .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                            "--allow-loopback-in-peer-connection", "--autoplay-policy=no-user-gesture-required")));
            String base = "http://127.0.0.1:" + port;
            List<Double> parley = new ArrayList<>();
            List<Double> floor = new ArrayList<>();
            for (int i = 0; i <= runs; i++) { // run 0 warms up both and is not counted
                Page a = caller(chromium);
                Page b = caller(chromium);
                a.navigate(base + "/");
                a.getByTestId("create-room").click();
                a.getByTestId("display-name").fill("Ann");
                a.getByTestId("join").click();
                a.getByTestId("participant").first().waitFor();
                var share = a.getByTestId("share-link");
                String link = "INPUT".equals(share.evaluate("e => e.tagName")) ? share.inputValue() : share.textContent().strip();
                b.navigate(link);
                b.getByTestId("display-name").fill("Bob");
                b.getByTestId("join").click();
                a.waitForCondition(() -> a.getByTestId("participant").count() == 2);
                a.getByTestId("video-call").click();
                b.getByTestId("answer").click();
                a.waitForFunction("() => window.__firstFrame");
                b.waitForFunction("() => window.__firstFrame");
                double answered = ((Number) b.evaluate("() => window.__answerAt")).doubleValue();
                double last = Math.max(((Number) a.evaluate("() => window.__firstFrame")).doubleValue(),
                        ((Number) b.evaluate("() => window.__firstFrame")).doubleValue());
                for (Page p : Boolean.getBoolean("call.timeline") ? List.of(a, b) : List.<Page>of()) {
                    System.out.println(p == a ? "  A (caller):" : "  B (answerer):");
                    List<?> t = (List<?>) p.evaluate("() => window.__t");
                    for (Object o : t) { List<?> e = (List<?>) o; System.out.printf("    %+6.0f %s%n", ((Number) e.get(0)).doubleValue() - answered, e.get(1)); }
                }
                a.context().close();
                b.context().close();
                Page f = caller(chromium);
                f.navigate(base + "/");
                double fl = ((Number) f.evaluate(FLOOR)).doubleValue();
                f.context().close();
                System.out.printf("  run %2d: answer -> first frame on both sides %.1f ms; floor %.1f ms%n", i, last - answered, fl);
                if (i > 0) {
                    parley.add(last - answered);
                    floor.add(fl);
                }
            }
            put(results, "parley", parley);
            put(results, "floor", floor);
        }
    }

    private static void put(org.parley.bench.Results results, String who, List<Double> ms) {
        double[] s = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        results.put(who, "call.answer_to_frame_p50", s[(int) Math.ceil(0.50 * s.length) - 1], "ms");
        results.put(who, "call.answer_to_frame_p95", s[(int) Math.ceil(0.95 * s.length) - 1], "ms");
    }

    private static Page caller(Browser chromium) {
        BrowserContext c = chromium.newContext(new Browser.NewContextOptions().setViewportSize(1000, 700)
                .setPermissions(List.of("camera", "microphone")));
        c.addInitScript("window.__cameraDelayMs = " + CAMERA_DELAY_MS + ";");
        c.addInitScript(PROBE);
        return c.newPage();
    }
}
