package org.parley.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.browser.Callers.id;
import static org.parley.browser.Callers.visible;
import static org.parley.browser.Callers.waitParticipants;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.support.Browser;
import org.parley.support.TestServer;

/** A link with its key goes straight in; the code alone knocks, and people inside decide. */
@Timeout(120)
class AccessBrowserIT {

    @Test
    void linkEntersDirectlyCodeKnocksAndTheRoomAdmitsOrDenies() {
        try (TestServer server = TestServer.start(); Browser browser = new Browser()) {
            Page a = browser.caller();
            String link = Callers.createRoomAndEnter(a, server.httpUrl(), "Alice");
            assertThat(link).matches("http://127\\.0\\.0\\.1:\\d+/\\?room=\\d{5}#[A-Za-z0-9_-]{22}");
            String code = link.replaceAll(".*room=(\\d+).*", "$1");

            Page b = browser.caller();
            b.navigate(link);
            id(b, "display-name").fill("Bob");
            id(b, "join").click();
            waitParticipants(b, 2);
            PlaywrightAssertions.assertThat(id(a, "knock-request")).hasCount(0);

            Page c = browser.caller();
            c.navigate(server.httpUrl() + "/");
            id(c, "room-code-input").fill(code);
            id(c, "join-by-code").click();
            id(c, "display-name").fill("Carol");
            id(c, "join").click();
            visible(c, "knock-wait");
            visible(a, "knock-request");
            PlaywrightAssertions.assertThat(id(a, "knock-request")).containsText("Carol");
            id(a, "admit").click();
            waitParticipants(c, 3);
            waitParticipants(a, 3);
            PlaywrightAssertions.assertThat(id(b, "knock-request")).hasCount(0);

            Page d = browser.caller();
            d.navigate(server.httpUrl() + "/?room=" + code);
            id(d, "display-name").fill("Dave");
            id(d, "join").click();
            visible(d, "knock-wait");
            visible(b, "knock-request");
            PlaywrightAssertions.assertThat(id(b, "knock-request")).containsText("Dave");
            id(b, "deny").click();
            PlaywrightAssertions.assertThat(id(d, "error")).containsText("did not let you in");
            PlaywrightAssertions.assertThat(id(a, "knock-request")).hasCount(0);
            waitParticipants(a, 3);
        }
    }

}
