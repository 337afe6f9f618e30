package org.parley.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.browser.Callers.id;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.support.Browser;
import org.parley.support.FakeBotApi;
import org.parley.support.TestServer;

/** "/call @bob", Bob presses Decline in Telegram: the caller's page shows it, and the chat does. */
@Timeout(120)
class TelegramDeclineBrowserIT {
    static final Duration WAIT = Duration.ofSeconds(20);
    static FakeBotApi telegram;
    static TestServer server;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        telegram = new FakeBotApi(FakeBotApi.TOKEN);
        server = TestServer.start("--telegram-token", FakeBotApi.TOKEN, "--telegram-api-url", telegram.url(),
                "--base-url", FakeBotApi.BASE, "--telegram-poll-timeout", "1s", "--telegram-ring-timeout", "60s");
        browser = new Browser();
    }

    @AfterAll
    static void stop() {
        browser.close();
        server.close();
        telegram.close();
    }

    @Test
    void declinePressedByTheCalleeShowsOnTheCallersPageAndInTheChat() {
        telegram.message(-200, "group", 7, "Alice", "alice", "en", "/call @bob", null);
        FakeBotApi.Call ring = telegram.await("sendMessage", c -> c.params().get("text").contains("is calling"),
                WAIT);
        FakeBotApi.Link link = FakeBotApi.link(ring.params().get("text"));
        int messageId = Integer.parseInt(ring.params().get("_message_id"));
        JsonNode decline = ring.json("reply_markup").get("inline_keyboard").get(0).get(1);

        Page alice = browser.caller();
        Callers.joinRoom(alice, server.httpUrl() + "/?room=" + link.room() + "#" + link.key(), "Alice");
        id(alice, "video-call").click();

        // Someone else cannot decline Bob's call.
        telegram.press(-200, messageId, 9, "Carol", "carol", decline.get("callback_data").asText());
        telegram.await("answerCallbackQuery", c -> "This call is for someone else.".equals(c.params().get("text")),
                WAIT);
        PlaywrightAssertions.assertThat(id(alice, "error")).not().containsText("declined");

        telegram.press(-200, messageId, 8, "Bob", "bob", decline.get("callback_data").asText());
        PlaywrightAssertions.assertThat(id(alice, "error")).containsText("Bob declined the call",
                new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(20_000));
        telegram.await("editMessageText", c -> c.params().get("text").equals("Bob declined the call from Alice."),
                WAIT);
        telegram.await("answerCallbackQuery", c -> "Declined".equals(c.params().get("text")), WAIT);
        assertThat(telegram.calls("editMessageText")).noneMatch(c -> c.params().get("text").contains("Missed"));
        alice.context().close();
    }
}
