package org.parley.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.time.Duration;
import java.util.function.Predicate;
import org.parley.support.MediaStats;
import org.parley.support.Poll;

/** What a person does in the page, through the stable test ids only. */
final class Callers {
    static final Duration MEDIA_WAIT = Duration.ofSeconds(30);

    private Callers() {}

    static Locator id(Page page, String testId) {
        return page.getByTestId(testId);
    }

    /** Opens the room link, fills the pre-join form and joins; waits until the room lists this person. */
    static void joinRoom(Page page, String link, String name) {
        page.navigate(link);
        id(page, "display-name").fill(name);
        id(page, "join").click();
        id(page, "participant").first().waitFor();
        assertThat(id(page, "participant").allTextContents()).anyMatch(t -> t.contains(name));
    }

    /** Creates a room from the landing page and enters it; returns the room's share link. */
    static String createRoomAndEnter(Page page, String baseUrl, String name) {
        page.navigate(baseUrl + "/");
        id(page, "create-room").click();
        id(page, "display-name").fill(name);
        id(page, "join").click();
        waitParticipants(page, 1);
        return shareLink(page);
    }

    /** The room's share link as the page shows it (an input's value or an element's text). */
    static String shareLink(Page page) {
        Locator el = id(page, "share-link");
        return "INPUT".equals(el.evaluate("e => e.tagName")) ? el.inputValue() : el.textContent().strip();
    }

    static void waitParticipants(Page page, int n) {
        Poll.until(n + " participants listed", MEDIA_WAIT, () -> id(page, "participant").count() == n);
    }

    static void visible(Page page, String testId) {
        id(page, testId).first().waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.VISIBLE)
                .setTimeout(MEDIA_WAIT.toMillis()));
    }

    static void answer(Page page, String button) {
        visible(page, "incoming-call");
        id(page, button).click();
    }

    /** Polls the page's stats until {@code ok} holds; the failure message carries the last stats. */
    static MediaStats await(Page page, String what, Predicate<MediaStats> ok) {
        MediaStats[] last = new MediaStats[1];
        try {
            Poll.until(what, MEDIA_WAIT, () -> ok.test(last[0] = MediaStats.of(page)));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last stats: " + last[0], e);
        }
        return last[0];
    }

    static MediaStats await(Page page, int peers, String what, Predicate<MediaStats.Peer> ok) {
        return await(page, what, s -> s.peers().size() == peers && s.peers().stream().allMatch(ok));
    }

    /** Video frames decoded and audio bytes received keep growing on each of the page's connections. */
    static void assertMediaFlowing(Page page, int peers) {
        MediaStats first = await(page, peers, "video and audio arrive from " + peers + " peers",
                p -> p.framesDecoded() > 0 && p.audioBytesReceived() > 0);
        await(page, "video and audio keep arriving", now -> grew(first, now, peers, true));
    }

    /** Audio bytes received keep growing on each of the page's connections. */
    static void assertAudioFlowing(Page page, int peers) {
        MediaStats first = await(page, peers, "audio arrives from " + peers + " peers",
                p -> p.audioBytesReceived() > 0);
        await(page, "audio keeps arriving", now -> grew(first, now, peers, false));
    }

    /** Connections are listed in creation order, so the i-th entries of two samples are the same one. */
    private static boolean grew(MediaStats before, MediaStats now, int peers, boolean video) {
        if (now.peers().size() != peers) {
            return false;
        }
        for (int i = 0; i < peers; i++) {
            MediaStats.Peer a = before.peers().get(i);
            MediaStats.Peer b = now.peers().get(i);
            if (b.audioBytesReceived() <= a.audioBytesReceived() || video && b.framesDecoded() <= a.framesDecoded()) {
                return false;
            }
        }
        return true;
    }
}
