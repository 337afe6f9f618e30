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
 * The server restarts mid-call (a new process: it knows no session, room or call). Media keeps
 * flowing while it is down; the pages reconnect by themselves, find their places gone
 * ({@code resume-failed}), enter the room again under new ids and put the call back together.
 */
@Timeout(90)
class ServerRestartBrowserIT {

    @Test
    void afterAServerRestartThePagesRejoinTheRoomAndTheCallByThemselves() throws Exception {
        TestServer first = TestServer.start();
        try (TcpProxy proxy = new TcpProxy(first.port()); Browser browser = new Browser()) {
            String room = "restart-" + System.nanoTime() % 100000;
            // Same --secret on both servers: the link's standing key opens the room on either.
            String link = proxy.httpUrl() + "/?room=" + room + "#" + first.key(room);
            Page alice = browser.caller();
            Page bob = browser.caller();
            joinRoom(alice, link, "Alice");
            joinRoom(bob, link, "Bob");
            waitParticipants(alice, 2);
            id(alice, "video-call").click();
            answer(bob, "answer");
            assertMediaFlowing(alice, 1);
            List<String> before = first.parley().rooms().memberIds(room);

            first.close();
            for (Page p : List.of(alice, bob)) {
                Poll.until("the page says it is reconnecting", Duration.ofSeconds(5), () -> id(p, "reconnecting").isVisible());
            }
            MediaStats aliceDown = MediaStats.of(alice);
            Poll.until("media keeps flowing while the server is down", Duration.ofSeconds(5),
                    () -> MediaStats.of(alice).peers().getFirst().framesDecoded() > aliceDown.peers().getFirst().framesDecoded());

            try (TestServer second = TestServer.start()) {
                proxy.retarget(second.port());
                for (Page p : List.of(alice, bob)) {
                    Poll.until("the page is back", Duration.ofSeconds(20), () -> !id(p, "reconnecting").isVisible());
                }
                Poll.until("both are in the room on the new server", Duration.ofSeconds(10),
                        () -> second.parley().rooms().memberIds(room).size() == 2);
                assertThat(second.parley().rooms().memberIds(room)).as("new ids").doesNotContainAnyElementsOf(before);
                waitParticipants(alice, 2);
                waitParticipants(bob, 2);
                assertMediaFlowing(alice, 1);
                assertMediaFlowing(bob, 1);
            }
        }
    }
}
