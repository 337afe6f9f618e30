package org.parley.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.browser.Callers.answer;
import static org.parley.browser.Callers.assertMediaFlowing;
import static org.parley.browser.Callers.id;
import static org.parley.browser.Callers.joinRoom;
import static org.parley.browser.Callers.waitParticipants;

import com.microsoft.playwright.Page;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.support.Browser;
import org.parley.support.MediaStats;
import org.parley.support.Poll;
import org.parley.support.TcpProxy;
import org.parley.support.TestServer;

/**
 * Acceptance "Signaling drop": mid-call, one caller's connection to the server (page and
 * WebSocket, through a loopback proxy) is cut for 10 s. The call's media does not depend on it;
 * the page says it is reconnecting and then resumes its place under the same peer id.
 */
@Timeout(90)
class SignalingDropBrowserIT {
    private static final Duration CUT = Duration.ofSeconds(10);

    @Test
    void aTenSecondSignalingCutKeepsMediaFlowingAndResumesTheSamePlace() throws Exception {
        try (TestServer server = TestServer.start();
             TcpProxy proxy = new TcpProxy(server.port());
             Browser browser = new Browser()) {
            String room = "drop-" + System.nanoTime() % 100000;
            Page alice = browser.caller();
            Page bob = browser.caller();
            joinRoom(alice, proxy.httpUrl() + "/?room=" + room + "#" + server.key(room), "Alice");
            joinRoom(bob, server.link(room), "Bob");
            waitParticipants(alice, 2);
            id(alice, "video-call").click();
            answer(bob, "answer");
            assertMediaFlowing(alice, 1);
            assertMediaFlowing(bob, 1);
            List<String> ids = server.parley().rooms().memberIds(room);
            assertThat(ids).hasSize(2);

            proxy.cut();
            long cutAt = System.nanoTime();
            Poll.until("Alice's page says it is reconnecting", Duration.ofSeconds(5),
                    () -> id(alice, "reconnecting").isVisible());
            Poll.until("the server holds Alice's place", Duration.ofSeconds(5), () -> server.parley().awayCount() == 1);
            // Media keeps flowing both ways, early in the cut and until its end.
            MediaStats aliceStart = MediaStats.of(alice);
            MediaStats bobStart = MediaStats.of(bob);
            Poll.until("video and audio still arrive on both sides during the cut", Duration.ofSeconds(5),
                    () -> grew(aliceStart, MediaStats.of(alice)) && grew(bobStart, MediaStats.of(bob)));
            MediaStats aliceMid = MediaStats.of(alice);
            MediaStats bobMid = MediaStats.of(bob);
            Poll.until("the cut lasts " + CUT, CUT.plusSeconds(1), () -> System.nanoTime() - cutAt >= CUT.toNanos() - 300_000_000L);
            assertThat(grew(aliceMid, MediaStats.of(alice))).as("Alice receives until the end of the cut").isTrue();
            assertThat(grew(bobMid, MediaStats.of(bob))).as("Bob receives until the end of the cut").isTrue();
            assertThat(id(alice, "reconnecting").isVisible()).as("still reconnecting at the end of the cut").isTrue();
            assertThat(server.parley().rooms().memberIds(room)).as("Alice's place is kept").isEqualTo(ids);

            proxy.restore();
            Poll.until("Alice's page has reconnected", Duration.ofSeconds(15), () -> !id(alice, "reconnecting").isVisible());
            Poll.until("nobody is away", Duration.ofSeconds(5), () -> server.parley().awayCount() == 0);
            assertThat(server.parley().rooms().memberIds(room)).as("the same two peers").isEqualTo(ids);
            assertThat(server.parley().connectionCount()).isEqualTo(2);
            assertThat(received(alice).stream().filter("joined"::equals).count())
                    .as("Alice got a second joined: the resume").isEqualTo(2);
            assertThat(received(bob)).as("Bob saw nobody leave or arrive").noneMatch(t -> t.startsWith("peer-left")
                    || t.equals("peer-joined"));
            waitParticipants(alice, 2);
            waitParticipants(bob, 2);
            assertMediaFlowing(alice, 1);
            assertMediaFlowing(bob, 1);
            // Signaling works again both ways: Alice's chat reaches Bob.
            id(alice, "chat-toggle").click();
            id(alice, "chat-input").fill("back again");
            id(alice, "chat-send").click();
            Poll.until("Bob gets Alice's chat", Duration.ofSeconds(10),
                    () -> received(bob).contains("chat"));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> received(Page page) {
        return (List<String>) page.evaluate("() => window.__wsReceived.slice()");
    }

    /** The one connection of the page decoded more video frames and received more audio. */
    private static boolean grew(MediaStats before, MediaStats now) {
        if (before.peers().size() != 1 || now.peers().size() != 1) {
            return false;
        }
        MediaStats.Peer a = before.peers().getFirst();
        MediaStats.Peer b = now.peers().getFirst();
        return b.framesDecoded() > a.framesDecoded() && b.audioBytesReceived() > a.audioBytesReceived()
                && b.videoBytesReceived() > a.videoBytesReceived();
    }
}
