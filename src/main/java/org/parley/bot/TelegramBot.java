package org.parley.bot;

import com.pengrad.telegrambot.model.Update;
import com.pengrad.telegrambot.request.GetMe;
import com.pengrad.telegrambot.request.GetUpdates;
import com.pengrad.telegrambot.request.SetWebhook;
import com.pengrad.telegrambot.response.GetMeResponse;
import com.pengrad.telegrambot.response.GetUpdatesResponse;
import com.pengrad.telegrambot.utility.BotUtils;
import java.io.IOException;
import org.parley.web.Exchange;
import org.parley.web.Router;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import org.parley.auth.TokenMinter;
import org.parley.config.BotSettings;
import org.parley.room.AttemptLimiter;
import org.parley.room.Rooms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Telegram bot inside the Parley process. It uses Telegram for text only; calls stay on this
 * server. Updates arrive by long polling (a loop that backs off through any Bot API outage and
 * never stops the call server) or, with a webhook secret, at {@code POST /telegram/webhook}.
 */
public final class TelegramBot implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TelegramBot.class);

    private final BotSettings settings;
    private final String baseUrl;
    private final BotApi api;
    private final Updates updates;
    private volatile boolean running = true;
    private Thread loop;

    /** {@code minter}: signs the access tokens in the bot's links when access control is on, else null. */
    public TelegramBot(BotSettings settings, String baseUrl, Rooms rooms, AttemptLimiter limiter, TokenMinter minter,
                       ScheduledExecutorService scheduler) {
        this.settings = settings;
        this.baseUrl = baseUrl;
        this.api = new BotApi(settings.token(), settings.apiUrl(), settings.pollTimeout());
        this.updates = new Updates(api, rooms, new CallLinks(rooms, baseUrl, minter), limiter, scheduler, settings.ringTimeout());
    }

    /** Starts polling, or registers the webhook; returns at once either way. */
    public void start() {
        if (settings.webhook()) {
            loop = Thread.ofVirtual().name("parley-bot-webhook").start(this::registerWebhook);
        } else {
            loop = Thread.ofVirtual().name("parley-bot-poll").start(this::poll);
        }
    }

    /** The webhook route; answers 200 at once and handles the update on its own thread. */
    public void register(Router router) {
        if (settings.webhook()) {
            router.post("/telegram/webhook", this::webhook);
        }
    }

    private void webhook(Exchange ctx) throws IOException {
        String given = ctx.header("X-Telegram-Bot-Api-Secret-Token");
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                settings.webhookSecret().getBytes(StandardCharsets.UTF_8))) {
            ctx.empty(403);
            return;
        }
        Update u;
        try {
            u = BotUtils.parseUpdate(ctx.body());
        } catch (RuntimeException e) {
            ctx.empty(400);
            return;
        }
        if (u != null) {
            Thread.ofVirtual().name("parley-bot-update").start(() -> updates.handle(u));
        }
        ctx.empty(200);
    }

    private void registerWebhook() {
        learnUsername();
        api.send(new SetWebhook().url(baseUrl + "/telegram/webhook").secretToken(settings.webhookSecret())
                .allowedUpdates("message", "callback_query"), "the webhook registration")
                .ifPresent(r -> LOG.info("Telegram bot: webhook registered"));
    }

    private boolean learnUsername() {
        try {
            GetMeResponse me = api.once(new GetMe());
            if (me.isOk() && me.user() != null) {
                updates.username(me.user().username());
                LOG.info("Telegram bot @{} is on", me.user().username());
                return true;
            }
        } catch (RuntimeException e) {
            // The poll loop reports outages; getMe is retried with it.
        }
        return false;
    }

    private void poll() {
        Backoff backoff = new Backoff();
        boolean named = false;
        int offset = 0;
        int seconds = (int) settings.pollTimeout().toSeconds();
        while (running) {
            if (!named) {
                named = learnUsername();
            }
            Duration wait;
            try {
                GetUpdatesResponse r = api.once(new GetUpdates().offset(offset).timeout(seconds)
                        .allowedUpdates("message", "callback_query"));
                if (r.isOk()) {
                    backoff.reset();
                    for (Update u : r.updates()) {
                        offset = Math.max(offset, u.updateId() + 1);
                        Thread.ofVirtual().name("parley-bot-update").start(() -> updates.handle(u));
                    }
                    continue;
                }
                wait = r.errorCode() == 429 ? BotApi.retryAfter(r).orElseGet(backoff::next) : backoff.next();
                LOG.info("Telegram getUpdates answered {}; polling again in {} ms", r.errorCode(), wait.toMillis());
            } catch (Exception e) { // the client rethrows InterruptedException unchecked when stopped
                if (!running) {
                    return;
                }
                wait = backoff.next();
                LOG.info("Telegram unreachable ({}); polling again in {} ms", api.describe(e), wait.toMillis());
            }
            if (!api.sleep(wait)) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        api.stop();
        if (loop != null) {
            loop.interrupt();
        }
    }
}
