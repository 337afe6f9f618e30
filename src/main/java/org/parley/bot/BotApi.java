package org.parley.bot;

import com.pengrad.telegrambot.TelegramBot;
import com.pengrad.telegrambot.request.BaseRequest;
import com.pengrad.telegrambot.response.BaseResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Bot API client with the outage rules: 5xx, timeouts and network errors are retried with
 * back-off, a 429 waits its {@code retry_after}, other 4xx are final. Every message that reaches
 * the log passes {@link #redact} first, so the token (part of every request URL) never does.
 */
final class BotApi {
    private static final Logger LOG = LoggerFactory.getLogger(BotApi.class);
    private static final int ATTEMPTS = 6;
    private static final long MAX_RETRY_AFTER_S = 120;

    private final TelegramBot bot;
    private final String token;
    private volatile boolean stopped;

    BotApi(String token, String apiUrl, Duration pollTimeout) {
        this.token = token;
        OkHttpClient http = new OkHttpClient.Builder()
                .connectTimeout(10, TimeUnit.SECONDS)
                .writeTimeout(10, TimeUnit.SECONDS)
                // A hung Bot API must not hang the bot: a poll may wait its timeout, plus slack.
                .readTimeout(pollTimeout.plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS)
                .callTimeout(pollTimeout.plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS)
                .build();
        bot = new TelegramBot.Builder(token).apiUrl(apiUrl.replaceAll("/+$", "") + "/bot").okHttpClient(http).build();
    }

    /** One attempt; throws on network errors. For the polling loop, which has its own back-off. */
    <T extends BaseRequest<T, R>, R extends BaseResponse> R once(BaseRequest<T, R> request) {
        return bot.execute(request);
    }

    /** Sends with retries; empty when it finally failed (already logged). Blocks the calling thread. */
    <T extends BaseRequest<T, R>, R extends BaseResponse> Optional<R> send(BaseRequest<T, R> request, String what) {
        Backoff backoff = new Backoff();
        for (int attempt = 1; attempt <= ATTEMPTS && !stopped; attempt++) {
            Duration wait;
            try {
                R r = bot.execute(request);
                if (r.isOk()) {
                    return Optional.of(r);
                }
                if (r.errorCode() == 429) {
                    wait = retryAfter(r).orElseGet(backoff::next);
                } else if (r.errorCode() >= 500) {
                    wait = backoff.next();
                } else {
                    LOG.warn("Telegram refused {}: {} {}", what, r.errorCode(), redact(r.description()));
                    return Optional.empty();
                }
                LOG.info("Telegram answered {} with {}; retrying in {} ms", what, r.errorCode(), wait.toMillis());
            } catch (Exception e) { // the client rethrows InterruptedException unchecked when stopped
                if (stopped) {
                    break;
                }
                wait = backoff.next();
                LOG.info("Telegram unreachable for {} ({}); retrying in {} ms", what, describe(e), wait.toMillis());
            }
            if (!sleep(wait)) {
                break;
            }
        }
        LOG.warn("Gave up on {} after {} attempts", what, ATTEMPTS);
        return Optional.empty();
    }

    static Optional<Duration> retryAfter(BaseResponse r) {
        if (r.parameters() == null || r.parameters().retryAfter() == null) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofSeconds(Math.min(MAX_RETRY_AFTER_S, Math.max(1, r.parameters().retryAfter()))));
    }

    /** The exception's class and message with the token removed. */
    String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + redact(root.getMessage().lines().findFirst().orElse(""));
        return root.getClass().getSimpleName() + message;
    }

    String redact(String text) {
        return text == null ? "" : text.replace(token, "<token>");
    }

    /** Sleeps unless stopped; false when stopped. */
    boolean sleep(Duration d) {
        try {
            Thread.sleep(d);
            return !stopped;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void stop() {
        stopped = true;
        bot.shutdown();
    }
}
