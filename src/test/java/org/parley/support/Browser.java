package org.parley.support;

import com.microsoft.playwright.Browser.NewContextOptions;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's Chromium driven by Playwright, with fake camera and microphone. Each {@link #caller}
 * is a separate BrowserContext: its own storage, permissions and media, like another person.
 * Every page records its RTCPeerConnections (and how often each restarted ICE), its
 * getUserMedia streams, the types of the signaling messages it received and of the session
 * descriptions it sent, so tests can read {@code getStats()} and the page's side of signaling
 * without any hook in the app itself.
 */
public final class Browser implements AutoCloseable {
    public static final String CHROMIUM = "/usr/bin/chromium";

    /** Runs before any page script: wraps the constructors the app uses, changing no behaviour. */
    private static final String RECORDER = """
            (() => {
              const Native = window.RTCPeerConnection;
              const pcs = [];
              const streams = [];
              window.__pcs = pcs;
              window.__streams = streams;
              const typeOf = (c) => { const m = c && / typ (\\w+)/.exec(c.candidate || ''); return m && m[1]; };
              window.RTCPeerConnection = class extends Native {
                constructor(...args) {
                  super(...args);
                  this.__restarts = 0;
                  pcs.push(this);
                  // Candidate types as signaled: getStats() forgets candidates once ICE prunes their pairs.
                  this.__gathered = new Set();
                  this.__received = new Set();
                  this.addEventListener('icecandidate', e => { const t = typeOf(e.candidate); if (t) this.__gathered.add(t); });
                  this.addEventListener('iceconnectionstatechange', () => {
                    if (this.iceConnectionState === 'connected') this.__iceConnectedAt = Date.now();
                  });
                }
                addIceCandidate(c, ...rest) {
                  const t = typeOf(c);
                  if (t) this.__received.add(t);
                  return super.addIceCandidate(c, ...rest);
                }
                restartIce() { this.__restarts++; this.__restartAt = Date.now(); return super.restartIce(); }
              };
              const received = [];
              window.__wsReceived = received;
              // The session descriptions this page sent, by type ('offer' / 'answer'), in order.
              const descriptionsSent = [];
              window.__descriptionsSent = descriptionsSent;
              const NativeWs = window.WebSocket;
              window.WebSocket = class extends NativeWs {
                send(data) {
                  try {
                    const m = JSON.parse(data);
                    if (m.type === 'signal' && m.data && m.data.description) descriptionsSent.push(m.data.description.type);
                  } catch (err) { /* not JSON: not ours to record */ }
                  return super.send(data);
                }
                constructor(...args) {
                  super(...args);
                  this.addEventListener('message', (e) => {
                    try {
                      const m = JSON.parse(e.data);
                      received.push(m.type === 'peer-left' ? 'peer-left:' + m.peer : m.type);
                    } catch (err) { received.push('unparsable'); }
                  });
                }
              };
              const gum = navigator.mediaDevices && navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
              if (gum) {
                navigator.mediaDevices.getUserMedia = async (c) => { const s = await gum(c); streams.push(s); return s; };
              }
            })();
            """;

    private final boolean grantMedia;
    private final Playwright playwright;
    private final com.microsoft.playwright.Browser chromium;

    public Browser() {
        this(true);
    }

    /** @param grantMedia false to play a person who refuses camera and microphone access */
    public Browser(boolean grantMedia) {
        this(grantMedia, Path.of(CHROMIUM), List.of());
    }

    /**
     * Chromium that accepts any server certificate, for pages served over HTTPS with a test CA
     * or a self-signed certificate.
     */
    public static Browser ignoringCertificateErrors() {
        return new Browser(true, Path.of(CHROMIUM), List.of("--ignore-certificate-errors"));
    }

    /**
     * Chromium started through {@code executable} (for example a wrapper that enters a network
     * namespace first), with {@code extraArgs} after the usual ones.
     */
    public Browser(Path executable, List<String> extraArgs) {
        this(true, executable, extraArgs);
    }

    private Browser(boolean grantMedia, Path executable, List<String> extraArgs) {
        this.grantMedia = grantMedia;
        List<String> args = new ArrayList<>(List.of(
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--use-fake-device-for-media-stream",
                grantMedia ? "--use-fake-ui-for-media-stream" : "--deny-permission-prompts",
                "--allow-loopback-in-peer-connection",
                "--autoplay-policy=no-user-gesture-required"));
        args.addAll(extraArgs);
        playwright = Playwright.create();
        chromium = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(executable)
                .setHeadless(true)
                .setArgs(args));
    }

    /** A new person with English UI. */
    public Page caller() {
        return caller("en-US");
    }

    public Page caller(String locale) {
        NewContextOptions options = new NewContextOptions().setLocale(locale).setViewportSize(1000, 700)
                .setAcceptDownloads(true);
        options.setPermissions(grantMedia
                ? List.of("camera", "microphone", "clipboard-read", "clipboard-write")
                : List.of("clipboard-read", "clipboard-write"));
        BrowserContext context = chromium.newContext(options);
        context.addInitScript(RECORDER);
        Page page = context.newPage();
        page.onConsoleMessage(m -> {
            if ("error".equals(m.type())) {
                System.err.println("[page " + locale + "] " + m.text());
            }
        });
        page.onPageError(e -> System.err.println("[page error] " + e));
        return page;
    }

    @Override
    public void close() {
        chromium.close();
        playwright.close();
    }
}
