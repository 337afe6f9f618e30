package org.parley.bot;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.support.FakeBotApi;
import org.parley.support.TestServer;
import org.parley.support.WsRecorder;
import org.slf4j.LoggerFactory;

/** With --auth join the bot's links carry a token it minted, so they still open their rooms. */
@Timeout(120)
class TelegramAuthIT {
    static final String SECRET = "bot-test-hs256-secret-0123456789abcdef";
    static final Pattern TOKEN = Pattern.compile("&token=([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)");

    static String token(String text) {
        Matcher m = TOKEN.matcher(text);
        assertThat(m.find()).as("a token in: %s", text).isTrue();
        return m.group(1);
    }

    static String join(String room, String key, String token) {
        return "{\"type\":\"join\",\"room\":\"" + room + "\",\"name\":\"Ann\",\"key\":\"" + key + "\""
                + (token == null ? "" : ",\"token\":\"" + token + "\"") + "}";
    }

    @Test
    void theBotsLinksCarryATokenThatJoinsUnderAuthJoin() throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        try (FakeBotApi telegram = new FakeBotApi(FakeBotApi.TOKEN);
             TestServer server = TestServer.start("--telegram-token", FakeBotApi.TOKEN, "--telegram-api-url", telegram.url(),
                     "--base-url", FakeBotApi.BASE, "--telegram-poll-timeout", "1s", "--auth", "join", "--auth-key", SECRET)) {
            telegram.message(601, "private", 7, "Alice", "alice", "en", "/call", null);
            FakeBotApi.Call fresh = telegram.await("sendMessage", c -> c.params().get("text").contains("Code:"),
                    Duration.ofSeconds(20));
            String text = fresh.params().get("text");
            FakeBotApi.Link link = FakeBotApi.link(text);
            String token = token(text);
            assertThat(fresh.json("reply_markup").toString()).as("the Join button carries it too").contains(token);
            try (WsRecorder without = server.hello(); WsRecorder with = server.hello()) {
                without.send(join(link.room(), link.key(), null));
                without.assertError("auth-required");
                with.send(join(link.room(), link.key(), token));
                assertThat(with.assertNext("joined").get("room").asText()).isEqualTo(link.room());
            }

            telegram.message(601, "private", 7, "Alice", "alice", "en", "/call team-standup", null);
            FakeBotApi.Call named = telegram.await("sendMessage", c -> c.params().get("text").contains("team-standup"),
                    Duration.ofSeconds(20));
            FakeBotApi.Link standing = FakeBotApi.link(named.params().get("text"));
            try (WsRecorder ws = server.hello()) {
                ws.send(join(standing.room(), standing.key(), token(named.params().get("text"))));
                ws.assertNext("joined");
            }
            try (WsRecorder ws = server.hello()) {
                ws.send(join("team-standup", standing.key(), token))
                        .assertError("auth-wrong-room");
            }
        } finally {
            root.detachAppender(logs);
        }
        for (ILoggingEvent e : logs.list) {
            assertThat(e.getFormattedMessage()).as("a log line").doesNotContain(SECRET).doesNotContain("eyJ");
        }
    }
}
