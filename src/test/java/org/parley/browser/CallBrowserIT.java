package org.parley.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.browser.Callers.answer;
import static org.parley.browser.Callers.assertAudioFlowing;
import static org.parley.browser.Callers.assertMediaFlowing;
import static org.parley.browser.Callers.await;
import static org.parley.browser.Callers.id;
import static org.parley.browser.Callers.joinRoom;
import static org.parley.browser.Callers.visible;
import static org.parley.browser.Callers.waitParticipants;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.support.Browser;
import org.parley.support.MediaStats;
import org.parley.support.Poll;
import org.parley.support.TestServer;
import org.parley.support.WsRecorder;

/** Real calls between headless Chromium callers with fake devices, through the real server and UI. */
@Timeout(180)
class CallBrowserIT {
    private static TestServer server;
    private static Browser browser;
    private final List<Page> pages = new ArrayList<>();
    private static int roomSeq;

    @BeforeAll
    static void start() {
        server = TestServer.start("--room-grace", "500ms");
        browser = new Browser();
    }

    @AfterAll
    static void stop() {
        browser.close();
        server.close();
    }

    @AfterEach
    void closePages() {
        pages.forEach(p -> p.context().close());
        pages.clear();
    }

    private Page caller(String locale) {
        Page p = browser.caller(locale);
        pages.add(p);
        return p;
    }

    /** Alice and Bob meet in a new room through the pre-join screen. */
    private List<Page> aliceAndBob() {
        String room = room();
        Page a = caller("en-US");
        Page b = caller("en-US");
        joinRoom(a, server.link(room), "Alice");
        joinRoom(b, server.link(room), "Bob");
        waitParticipants(a, 2);
        waitParticipants(b, 2);
        return List.of(a, b);
    }

    /** Alice, Bob and Carol meet in a new room; Alice starts a video call, the others answer. */
    private List<Page> videoCallOfThree(String room) {
        List<Page> three = new ArrayList<>();
        for (String name : List.of("Alice", "Bob", "Carol")) {
            Page p = caller("en-US");
            joinRoom(p, server.link(room), name);
            three.add(p);
        }
        waitParticipants(three.getFirst(), 3);
        id(three.get(0), "video-call").click();
        answer(three.get(1), "answer");
        answer(three.get(2), "answer");
        return three;
    }

    private static String room() {
        return "room-" + (++roomSeq) + "-" + System.nanoTime() % 100000;
    }

    @Test
    void twoCallersMeetAndTalkWithVideoBothWays() {
        List<Page> two = aliceAndBob();
        Page a = two.get(0);
        Page b = two.get(1);

        id(a, "video-call").click();
        visible(b, "incoming-call");
        PlaywrightAssertions.assertThat(id(b, "incoming-call")).containsText("Alice");
        id(b, "answer").click();

        assertMediaFlowing(a, 1);
        assertMediaFlowing(b, 1);
        PlaywrightAssertions.assertThat(id(a, "remote-video")).hasCount(1);
        PlaywrightAssertions.assertThat(id(b, "remote-video")).hasCount(1);
        MediaStats stats = MediaStats.of(a);
        assertThat(stats.peers().getFirst().candidateType()).isEqualTo("host");
    }

    /**
     * Both sides add their tracks and channel before the first offer is answered, so that one
     * round carries everything. A second offer right after the answer (the polite side's own
     * offer, queued behind the remote description it was waiting for) cost a whole extra round
     * before the caller's first frame.
     */
    @Test
    void aOneToOneCallIsNegotiatedInASingleOfferAnswerRound() {
        List<Page> two = aliceAndBob();
        Page a = two.get(0);
        Page b = two.get(1);
        id(a, "video-call").click();
        answer(b, "answer");
        assertMediaFlowing(a, 1);
        assertMediaFlowing(b, 1);
        assertSingleRound(a, b);
    }

    /**
     * The answerer asks to join while its camera opens. The caller's offer (or, when the caller
     * is polite and its 1 s wait ends first, its own offer) arrives before the tracks exist; it
     * waits for them, so the one answer still carries audio and video.
     */
    @Test
    void anAnswererWithASlowCameraStillAnswersTheFirstOfferWithItsTracks() {
        List<Page> two = aliceAndBob();
        Page a = two.get(0);
        Page b = two.get(1);
        b.evaluate("""
                () => {
                  const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
                  navigator.mediaDevices.getUserMedia = async (c) => {
                    await new Promise((r) => setTimeout(r, 1500));
                    return gum(c);
                  };
                }""");
        id(a, "video-call").click();
        answer(b, "answer");
        assertMediaFlowing(a, 1);
        assertMediaFlowing(b, 1);
        assertSingleRound(a, b);
    }

    private static void assertSingleRound(Page a, Page b) {
        // Whichever side is impolite offers (the ids decide); the other only answers.
        try {
            Poll.holdsFor("one offer from one side, one answer from the other, nothing more", Duration.ofSeconds(1), () -> {
                List<String> sentA = descriptionsSent(a);
                List<String> sentB = descriptionsSent(b);
                return sentA.equals(List.of("offer")) && sentB.equals(List.of("answer"))
                        || sentA.equals(List.of("answer")) && sentB.equals(List.of("offer"));
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; Alice sent " + descriptionsSent(a) + ", Bob sent " + descriptionsSent(b), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> descriptionsSent(Page page) {
        return (List<String>) page.evaluate("() => window.__descriptionsSent.slice()");
    }

    @Test
    void threeCallersEachDecodeVideoFromBothOthers() {
        for (Page p : videoCallOfThree(room())) {
            assertMediaFlowing(p, 2);
            PlaywrightAssertions.assertThat(id(p, "remote-video")).hasCount(2);
        }
    }

    /**
     * The member who was in the call first offers to each newcomer: Alice to Bob and Carol, and
     * Bob to Carol or Carol to Bob (whoever the server added second). One round per pair.
     */
    @Test
    void threeCallersNegotiateEachPairInASingleRound() {
        List<Page> three = videoCallOfThree(room());
        for (Page p : three) {
            assertMediaFlowing(p, 2);
        }
        try {
            Poll.holdsFor("two descriptions from each, three offers and three answers in all", Duration.ofSeconds(1), () -> {
                List<String> all = new ArrayList<>();
                for (Page p : three) {
                    List<String> sent = descriptionsSent(p);
                    if (sent.size() != 2) {
                        return false;
                    }
                    all.addAll(sent);
                }
                return all.stream().filter("offer"::equals).count() == 3 && all.stream().filter("answer"::equals).count() == 3;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; sent: " + three.stream().map(CallBrowserIT::descriptionsSent).toList(), e);
        }
        assertThat(descriptionsSent(three.getFirst())).as("Alice, who started the call, only offers").containsExactly("offer", "offer");
    }

    @Test
    void audioCallCarriesAudioBothWaysAndNoVideo() {
        List<Page> two = aliceAndBob();
        Page a = two.get(0);
        Page b = two.get(1);
        id(a, "audio-call").click();
        answer(b, "answer");
        for (Page p : List.of(a, b)) {
            assertAudioFlowing(p, 1);
            MediaStats s = MediaStats.of(p);
            assertThat(s.peers().getFirst().sendsVideoTrack()).as("audio call sends no video").isFalse();
            assertThat(s.peers().getFirst().videoBytesSent()).isZero();
        }
    }

    @Test
    void answeringAudioOnlySendsNoVideoButAudioFlowsBothWays() {
        List<Page> two = aliceAndBob();
        Page a = two.get(0);
        Page b = two.get(1);
        id(a, "video-call").click();
        answer(b, "answer-audio");
        assertAudioFlowing(a, 1);
        assertAudioFlowing(b, 1);
        await(b, 1, "Bob decodes Alice's video", p -> p.framesDecoded() > 0);
        MediaStats bob = MediaStats.of(b);
        assertThat(bob.peers().getFirst().sendsVideoTrack()).as("audio-only side sends no video track").isFalse();
        assertThat(bob.peers().getFirst().videoBytesSent()).isZero();
        assertThat(MediaStats.of(a).peers().getFirst().framesDecoded()).as("Alice gets no video").isZero();
    }

    @Test
    void declineIsShownToTheCallerAndLeavesNoMediaOpen() {
        List<Page> two = aliceAndBob();
        Page a = two.get(0);
        Page b = two.get(1);
        id(a, "video-call").click();
        answer(b, "decline");
        PlaywrightAssertions.assertThat(a.getByText("Bob declined")).isVisible(
                new LocatorAssertions.IsVisibleOptions().setTimeout(10_000));
        PlaywrightAssertions.assertThat(id(b, "incoming-call")).isHidden();
        for (Page p : List.of(a, b)) {
            await(p, "no media session left open", s -> s.peers().isEmpty() && s.allLocalTracksEnded());
        }
        PlaywrightAssertions.assertThat(id(a, "video-call")).isVisible();
    }

    @Test
    void leavingOrClosingTheTabDropsTheTileQuicklyAndTheRoomAfterGrace() {
        String room = room();
        List<Page> p3 = videoCallOfThree(room);
        Page a = p3.get(0);
        Page b = p3.get(1);
        Page c = p3.get(2);
        assertMediaFlowing(a, 2);

        id(b, "leave").click();
        PlaywrightAssertions.assertThat(id(a, "remote-video")).hasCount(1,
                new LocatorAssertions.HasCountOptions().setTimeout(2000));
        PlaywrightAssertions.assertThat(id(c, "remote-video")).hasCount(1,
                new LocatorAssertions.HasCountOptions().setTimeout(2000));

        c.close();
        PlaywrightAssertions.assertThat(id(a, "remote-video")).hasCount(0,
                new LocatorAssertions.HasCountOptions().setTimeout(2000));
        await(a, "Alice's connections closed", s -> s.peers().isEmpty());

        a.context().close();
        b.context().close();
        pages.clear();
        Poll.until("the room is removed after the grace period", Duration.ofSeconds(10),
                () -> !server.parley().rooms().exists(room));
    }

    @Test
    void seventhPersonSeesRoomFullInTheirLanguage() {
        String room = room();
        List<WsRecorder> six = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                six.add(server.joined(room, "P" + i));
            }
            Page en = caller("en-US");
            en.navigate(server.link(room));
            id(en, "display-name").fill("Late");
            id(en, "join").click();
            PlaywrightAssertions.assertThat(id(en, "error")).containsText("full");

            Page ru = caller("ru-RU");
            ru.navigate(server.link(room));
            id(ru, "display-name").fill("Поздний");
            id(ru, "join").click();
            PlaywrightAssertions.assertThat(id(ru, "error")).containsText("заполнена");
        } finally {
            six.forEach(WsRecorder::close);
        }
    }

    @Test
    void startCallFromTheLandingPageEntersRoomAndCallInOneStepAndACodeKnocksFirst() {
        Page a = caller("en-US");
        a.navigate(server.httpUrl() + "/");
        id(a, "start-call").click();
        a.waitForURL(u -> u.contains("room="));
        String url = a.url();
        String code = url.substring(url.indexOf("room=") + 5).replaceAll("[^0-9a-z-].*", "");
        assertThat(code).matches("\\d{5}");

        Page b = caller("en-US");
        b.navigate(server.httpUrl() + "/");
        id(b, "room-code-input").fill(code);
        id(b, "start-call").click();
        // The code alone knocks: Alice, already in the call, lets Bob in, and he lands in the call.
        visible(a, "knock-request");
        id(a, "admit").click();
        assertMediaFlowing(a, 1);
        assertMediaFlowing(b, 1);
    }
}
