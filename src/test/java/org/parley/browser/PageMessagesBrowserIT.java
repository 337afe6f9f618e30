package org.parley.browser;

import static org.parley.browser.Callers.id;
import static org.parley.browser.Callers.joinRoom;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.support.Browser;
import org.parley.support.TestServer;

/** The human messages a caller sees when something is wrong, in English and Russian. */
@Timeout(120)
class PageMessagesBrowserIT {

    @Test
    void serverUnreachableWhenJoiningIsExplained() {
        try (Browser browser = new Browser()) {
            for (String[] lang : new String[][] {{"en-US", "Cannot reach the server"}, {"ru-RU", "Сервер недоступен"}}) {
                TestServer server = TestServer.start();
                Page page = browser.caller(lang[0]);
                page.navigate(server.httpUrl() + "/?room=gone");
                id(page, "display-name").fill("Alice");
                server.close();
                id(page, "join").click();
                PlaywrightAssertions.assertThat(id(page, "error")).containsText(lang[1]);
                // A connection problem points at the page that finds out which part is missing.
                PlaywrightAssertions.assertThat(id(page, "error-check-link")).isVisible();
                PlaywrightAssertions.assertThat(id(page, "error-check-link")).hasAttribute("href", "/check");
                page.context().close();
            }
        }
    }

    @Test
    void losingTheServerInARoomIsExplained() {
        try (Browser browser = new Browser()) {
            TestServer server = TestServer.start();
            Page page = browser.caller("ru-RU");
            joinRoom(page, server.link("lost"), "Алиса");
            server.close();
            // The page keeps trying to reconnect (the server may come back) and says so.
            PlaywrightAssertions.assertThat(id(page, "reconnecting")).isVisible();
            PlaywrightAssertions.assertThat(id(page, "reconnecting")).containsText("Соединение с сервером потеряно");
        }
    }

    @Test
    void deniedCameraAndMicrophoneAreExplainedAndJoiningStillWorks() {
        try (TestServer server = TestServer.start(); Browser browser = new Browser(false)) {
            Page page = browser.caller("en-US");
            page.navigate(server.httpUrl() + "/?room=denied");
            PlaywrightAssertions.assertThat(id(page, "error")).containsText("access was denied");
            PlaywrightAssertions.assertThat(id(page, "error-check-link")).isHidden();
            id(page, "display-name").fill("Alice");
            id(page, "join").click();
            PlaywrightAssertions.assertThat(id(page, "participant")).hasCount(1);
        }
    }
}
