package org.parley.bot;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.support.FakeBotApi;
import org.parley.support.TestServer;
import org.parley.support.WsRecorder;
import org.slf4j.LoggerFactory;

/** The bot against a local fake Bot API, with the rooms of a real running server. */
@Timeout(120)
class TelegramBotIT {
    static final String TOKEN = FakeBotApi.TOKEN;
    static final String BASE = FakeBotApi.BASE;
    static final Duration WAIT = Duration.ofSeconds(20);

    FakeBotApi telegram;
    TestServer server;
    ListAppender<ILoggingEvent> logs;

    @BeforeEach
    void start() throws Exception {
        logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        telegram = new FakeBotApi(TOKEN);
        server = TestServer.start("--telegram-token", TOKEN, "--telegram-api-url", telegram.url(),
                "--base-url", BASE, "--telegram-poll-timeout", "1s", "--telegram-ring-timeout", "5s");
    }

    @AfterEach
    void stop() {
        server.close();
        telegram.close();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        for (ILoggingEvent e : logs.list) {
            assertThat(e.getFormattedMessage()).as("a log line").doesNotContain(TOKEN).doesNotContain("AAHfakeToken");
        }
    }

    static FakeBotApi.Link link(String text) {
        return FakeBotApi.link(text);
    }

    /** Joins with the link's key: straight in (no knocking) means the link opens a live room. */
    WsRecorder enter(FakeBotApi.Link link, String name) {
        return enter(server, link, name);
    }

    static WsRecorder enter(TestServer server, FakeBotApi.Link link, String name) {
        WsRecorder ws = server.hello();
        ws.send(TestServer.join(link.room(), name, link.key()));
        JsonNode joined = ws.assertNext("joined");
        assertThat(joined.get("room").asText()).isEqualTo(link.room());
        return ws;
    }

    static JsonNode until(WsRecorder ws, String type) {
        for (int i = 0; i < 50; i++) {
            if (ws.next() instanceof WsRecorder.Message m && m.type().equals(type)) {
                return m.json();
            }
        }
        throw new AssertionError("no " + type);
    }

    @Test
    void callRepliesWithALinkCodeAndJoinButtonThatOpenALiveRoom() {
        telegram.message(501, "private", 7, "Alice", "alice", "en", "/call", null);
        FakeBotApi.Call reply = telegram.await("sendMessage", c -> c.params().get("text").contains("Code:"), WAIT);
        assertThat(reply.params().get("chat_id")).isEqualTo("501");
        FakeBotApi.Link link = link(reply.params().get("text"));
        assertThat(link.room()).matches("\\d{5}");
        assertThat(reply.params().get("text")).contains("Code: " + link.room()).contains("Open the link in a browser");
        JsonNode button = reply.json("reply_markup").get("inline_keyboard").get(0).get(0);
        assertThat(button.get("text").asText()).isEqualTo("Join call");
        assertThat(button.get("url").asText()).isEqualTo(BASE + "/?room=" + link.room() + "#" + link.key());
        try (WsRecorder ws = enter(link, "Alice")) {
            assertThat(ws.isOpen()).isTrue();
        }
    }

    @Test
    void callWithANameLinksThatNamedRoomAndHelpSpeaksTheUsersLanguage() {
        telegram.message(502, "private", 8, "Борис", null, "ru", "/call team-standup", null);
        FakeBotApi.Call reply = telegram.await("sendMessage", c -> c.params().get("text").contains("team-standup"), WAIT);
        FakeBotApi.Link link = link(reply.params().get("text"));
        assertThat(link.room()).isEqualTo("team-standup");
        assertThat(link.key()).isEqualTo(server.key("team-standup"));
        assertThat(reply.params().get("text")).contains("Комната");
        enter(link, "Boris").close();

        telegram.message(502, "private", 8, "Борис", null, "ru", "/help", null);
        telegram.await("sendMessage", c -> c.params().get("text").contains("/call ИМЯ"), WAIT);
        telegram.message(503, "private", 9, "Carol", null, "en-GB", "/start", null);
        telegram.await("sendMessage", c -> c.params().get("text").contains("/call NAME"), WAIT);
        telegram.message(503, "private", 9, "Carol", null, "en", "/call 12", null);
        telegram.await("sendMessage", c -> c.params().get("text").contains("A room name is"), WAIT);
    }

    @Test
    void inAGroupTheLinkMessageFollowsTheCallAndSaysWhenItEnded() {
        telegram.message(-100, "group", 7, "Alice", "alice", "en", "/call@OtherBot", null);
        telegram.message(-100, "group", 7, "Alice", "alice", "en", "/call@ParleyBot", null);
        FakeBotApi.Call reply = telegram.await("sendMessage", c -> c.params().get("chat_id").equals("-100"), WAIT);
        FakeBotApi.Link link = link(reply.params().get("text"));
        try (WsRecorder a = enter(link, "Alice"); WsRecorder b = enter(link, "Bob")) {
            a.send("{\"type\":\"call-start\",\"kind\":\"video\"}");
            until(b, "call-ring");
            b.send("{\"type\":\"call-join\",\"audioOnly\":false}");
            FakeBotApi.Call running = telegram.await("editMessageText",
                    c -> c.params().get("text").contains("2 in the call now"), WAIT);
            assertThat(running.params().get("chat_id")).isEqualTo("-100");
            assertThat(running.params().get("text")).startsWith(reply.params().get("text"));
            a.send("{\"type\":\"call-leave\"}");
            b.send("{\"type\":\"call-leave\"}");
            telegram.await("editMessageText", c -> c.params().get("text").contains("Call ended (1 min)"), WAIT);
        }
        assertThat(telegram.calls("sendMessage")).as("the other bot's command is not ours").hasSize(1);
    }

    @Test
    void aRingThatNobodyAnswersBecomesAMissedCall() {
        telegram.message(504, "group", 7, "Alice", "alice", "en", "/call @bob", null);
        FakeBotApi.Call ring = telegram.await("sendMessage", c -> c.params().get("text").contains("is calling"), WAIT);
        assertThat(ring.params().get("text")).contains("Alice is calling @bob");
        JsonNode buttons = ring.json("reply_markup").get("inline_keyboard").get(0);
        assertThat(buttons.get(1).get("callback_data").asText()).startsWith("decline:");
        telegram.await("editMessageText", c -> c.params().get("text").contains("Missed call from Alice to @bob"), WAIT);
    }

    @Test
    void callInReplyRingsTheRepliedToPersonAndOnlyTheyMayDecline() {
        com.fasterxml.jackson.databind.node.ObjectNode bobsMessage = new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode().put("message_id", 77).put("date", 1).put("text", "call me");
        bobsMessage.set("from", FakeBotApi.user(8, "Bob", null, "en"));
        bobsMessage.set("chat", new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                .put("id", -300).put("type", "supergroup"));
        telegram.message(-300, "supergroup", 7, "Alice", "alice", "en", "/call", bobsMessage);
        FakeBotApi.Call ring = telegram.await("sendMessage", c -> c.params().get("text").contains("is calling"), WAIT);
        assertThat(ring.params().get("text")).contains("Alice is calling Bob");
        String data = ring.json("reply_markup").get("inline_keyboard").get(0).get(1).get("callback_data").asText();
        int id = Integer.parseInt(ring.params().get("_message_id"));
        telegram.press(-300, id, 9, "Bob", "bob", data); // another "Bob": a different user id
        telegram.await("answerCallbackQuery", c -> "This call is for someone else.".equals(c.params().get("text")), WAIT);
        telegram.press(-300, id, 8, "Bob", null, data);
        telegram.await("editMessageText", c -> c.params().get("text").equals("Bob declined the call from Alice."), WAIT);
    }

    @Test
    void theServerKeepsServingThroughABotApiOutageAndTheBotRecovers() throws Exception {
        telegram.fail(new FakeBotApi.Status500(), new FakeBotApi.Status500(), new FakeBotApi.TooMany(1),
                new FakeBotApi.Hang(Duration.ofSeconds(8)), new FakeBotApi.Status500());
        telegram.message(505, "private", 7, "Alice", "alice", "en", "/call", null);
        // Meanwhile the call server answers as ever.
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.httpUrl() + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            server.joined("outage-room-" + i, "Dave").close();
            Thread.sleep(300);
        }
        FakeBotApi.Call reply = telegram.await("sendMessage", c -> c.params().get("text").contains("Code:"), Duration.ofSeconds(60));
        enter(link(reply.params().get("text")), "Alice").close();
        assertThat(telegram.faultsServed()).isEqualTo(5);
        assertThat(logs.list).as("the outage was noticed and logged")
                .anyMatch(e -> e.getFormattedMessage().contains("Telegram"));
    }

    @Test
    void tooManyCallsFromOneChatGetAShortRefusal() {
        // 20 at once, then 10 a minute: of 30 quick calls (handled in parallel), some are refused.
        for (int i = 0; i < 30; i++) {
            telegram.message(506, "private", 7, "Alice", "alice", "en", "/call", null);
        }
        telegram.await("sendMessage", c -> c.params().get("text").contains("Too many calls from this chat"), WAIT);
        org.parley.support.Poll.until("thirty answers", WAIT, () -> telegram.calls("sendMessage").stream()
                .filter(c -> c.params().get("chat_id").equals("506")).count() >= 30);
        assertThat(telegram.calls("sendMessage")).filteredOn(c -> c.params().get("text").contains("Code:"))
                .as("the burst of 20, plus what refilled meanwhile").hasSizeBetween(20, 29);
        telegram.message(507, "private", 8, "Bob", "bob", "en", "/call", null);
        telegram.await("sendMessage", c -> c.params().get("chat_id").equals("507")
                && c.params().get("text").contains("Code:"), WAIT);
    }

    @Test
    void webhookModeRegistersItselfAndChecksTheSecretToken() throws Exception {
        String secret = "webhook-secret-0123456789";
        try (TestServer hooked = TestServer.start("--telegram-token", TOKEN, "--telegram-api-url", telegram.url(),
                "--base-url", BASE, "--telegram-webhook-secret", secret)) {
            FakeBotApi.Call set = telegram.await("setWebhook", c -> true, WAIT);
            assertThat(set.params().get("url")).isEqualTo(BASE + "/telegram/webhook");
            assertThat(set.params().get("secret_token")).isEqualTo(secret);
            String update = "{\"update_id\":1,\"message\":{\"message_id\":5,\"date\":1,\"chat\":{\"id\":601,"
                    + "\"type\":\"private\"},\"from\":{\"id\":7,\"is_bot\":false,\"first_name\":\"Alice\"},"
                    + "\"text\":\"/call\"}}";
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(hooked.httpUrl() + "/telegram/webhook"))
                    .POST(HttpRequest.BodyPublishers.ofString(update));
            assertThat(http.send(post.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
            assertThat(http.send(post.copy().header("X-Telegram-Bot-Api-Secret-Token", "wrong-secret-0123456789").build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
            assertThat(telegram.calls("sendMessage")).noneMatch(c -> c.params().get("chat_id").equals("601"));
            assertThat(http.send(post.copy().header("X-Telegram-Bot-Api-Secret-Token", secret).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            FakeBotApi.Call reply = telegram.await("sendMessage", c -> c.params().get("chat_id").equals("601"), WAIT);
            enter(hooked, link(reply.params().get("text")), "Alice").close();
        }
    }
}
