package org.parley.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.browser.Callers.answer;
import static org.parley.browser.Callers.assertMediaFlowing;
import static org.parley.browser.Callers.await;
import static org.parley.browser.Callers.id;
import static org.parley.browser.Callers.joinRoom;
import static org.parley.browser.Callers.visible;
import static org.parley.browser.Callers.waitParticipants;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.parley.support.Browser;
import org.parley.support.MediaStats;
import org.parley.support.Poll;
import org.parley.support.TestServer;

/** What people do during a call: files, screen, recording, timer, who is speaking. */
@Timeout(180)
class InCallFeaturesBrowserIT {
    private static TestServer server;
    private static Browser browser;
    private static int seq;
    private Page a;
    private Page b;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        browser = new Browser();
    }

    @AfterAll
    static void stop() {
        browser.close();
        server.close();
    }

    @AfterEach
    void close() {
        for (Page p : new Page[] {a, b}) {
            if (p != null) {
                p.context().close();
            }
        }
    }

    /** Alice and Bob enter a new room by its link; Alice starts a video call. */
    private void aliceCallsBob() {
        String room = "features-" + (++seq);
        a = browser.caller();
        b = browser.caller();
        joinRoom(a, server.link(room), "Alice");
        joinRoom(b, server.link(room), "Bob");
        waitParticipants(a, 2);
        id(a, "video-call").click();
    }

    /** Alice calls Bob, Bob answers, media flows both ways. */
    private void inCall() {
        aliceCallsBob();
        answer(b, "answer");
        assertMediaFlowing(a, 1);
        assertMediaFlowing(b, 1);
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    @Test
    void fiveMegabyteFileArrivesIntactAndCancelLeavesBothSidesClean() throws Exception {
        inCall();
        byte[] data = new byte[5 * 1024 * 1024];
        new Random(42).nextBytes(data);
        Path file = dir.resolve("random.bin");
        Files.write(file, data);

        id(a, "file-send").setInputFiles(file);
        visible(b, "file-accept");
        PlaywrightAssertions.assertThat(b.locator("body")).containsText("random.bin");
        Download download = b.waitForDownload(() -> id(b, "file-accept").first().click());
        Path got = dir.resolve("got.bin");
        download.saveAs(got);
        assertThat(sha256(Files.readAllBytes(got))).isEqualTo(sha256(data));

        // A second, larger transfer is cancelled by the receiver while it runs.
        byte[] big = new byte[40 * 1024 * 1024];
        new Random(7).nextBytes(big);
        Path bigFile = dir.resolve("big.bin");
        Files.write(bigFile, big);
        id(a, "file-send").setInputFiles(bigFile);
        visible(b, "file-accept");
        id(b, "file-accept").last().click();
        visible(b, "file-progress");
        Poll.until("the transfer is under way", Callers.MEDIA_WAIT, () -> progress(b) > 0);
        id(b, "file-cancel").last().click();
        for (Page p : new Page[] {a, b}) {
            PlaywrightAssertions.assertThat(id(p, "file-cancel")).hasCount(0,
                    new LocatorAssertions.HasCountOptions().setTimeout(10_000));
        }
        assertMediaFlowing(a, 1);
    }

    private static double progress(Page p) {
        Object v = id(p, "file-progress").last().evaluate("e => e.value / (e.max || 1)");
        return ((Number) v).doubleValue();
    }

    @Test
    void screenShareIsDecodedByTheOtherSideAndStoppingRestoresTheCamera() {
        inCall();
        String cameraSize = trackSize(b);
        id(a, "screen-share").click();
        Poll.until("Bob receives a different (screen) video", Callers.MEDIA_WAIT,
                () -> !trackSize(b).equals(cameraSize) && !trackSize(b).isEmpty());
        MediaStats before = MediaStats.of(b);
        await(b, "screen frames keep decoding", s -> s.peers().size() == 1
                && s.peers().getFirst().framesDecoded() > before.peers().getFirst().framesDecoded() + 10);
        id(a, "screen-share").click();
        Poll.until("Bob sees the camera again", Callers.MEDIA_WAIT, () -> trackSize(b).equals(cameraSize));
    }

    /** The decoded size of the first remote video as "WxH" (empty before the first frame). */
    private static String trackSize(Page p) {
        return (String) p.evaluate("() => { const v = document.querySelector('[data-testid=remote-video]');"
                + " return v && v.videoWidth ? v.videoWidth + 'x' + v.videoHeight : ''; }");
    }

    @Test
    void recordingDownloadsAWebmAndEveryoneSeesTheIndicator() throws Exception {
        inCall();
        id(a, "record").click();
        visible(a, "recording-indicator");
        visible(b, "recording-indicator");
        PlaywrightAssertions.assertThat(id(b, "recording-indicator").first()).containsText("Alice");
        Poll.until("a few seconds are recorded", Callers.MEDIA_WAIT, () -> timerSeconds(a) >= 4);
        Download download = a.waitForDownload(() -> id(a, "record").click());
        byte[] webm = Files.readAllBytes(download.path());
        assertThat(webm.length).as("recording size").isGreaterThan(20_000);
        assertThat(HexFormat.of().formatHex(webm, 0, 4)).as("EBML header").isEqualTo("1a45dfa3");
        assertThat(new String(webm, 0, 64, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("webm");
        PlaywrightAssertions.assertThat(id(b, "recording-indicator")).hasCount(0);
    }

    @Test
    void timerStartsWhenTheCallConnectsAndSpeakingFollowsTheAudio() {
        aliceCallsBob();
        visible(b, "incoming-call");
        visible(a, "call-timer");
        // Ringing is not talking: the timer holds at zero through two seconds of ringing ...
        long ringStart = System.nanoTime();
        while (System.nanoTime() - ringStart < 2_000_000_000L) {
            assertThat(id(a, "call-timer").textContent().strip()).isEqualTo("00:00");
        }
        long answered = System.nanoTime();
        id(b, "answer").click();
        assertMediaFlowing(a, 1);
        // ... and then counts from the connection, not from the start of the ringing.
        long sinceAnswer = (System.nanoTime() - answered) / 1_000_000_000L;
        assertThat(timerSeconds(a)).isLessThanOrEqualTo((int) sinceAnswer + 1);
        Poll.until("the timer runs", Callers.MEDIA_WAIT, () -> timerSeconds(a) >= 2);

        // Chromium's fake microphone beeps: the remote tile's speaking flag goes on and off.
        List<String> seen = new java.util.ArrayList<>();
        Poll.until("the speaking highlight follows the beeps", Callers.MEDIA_WAIT, () -> {
            String v = (String) a.evaluate("() => document.querySelector("
                    + "'[data-testid=tile][data-speaking]:not([data-self])')?.dataset.speaking ?? ''");
            if (seen.isEmpty() || !seen.getLast().equals(v)) {
                seen.add(v);
            }
            return seen.contains("true") && seen.contains("false") && seen.lastIndexOf("false") > seen.indexOf("true");
        });
    }

    private static int timerSeconds(Page p) {
        String[] parts = id(p, "call-timer").textContent().strip().split(":");
        int s = 0;
        for (String part : parts) {
            s = s * 60 + Integer.parseInt(part.replaceAll("\\D", ""));
        }
        return s;
    }
}
