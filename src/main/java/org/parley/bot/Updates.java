package org.parley.bot;

import com.pengrad.telegrambot.model.CallbackQuery;
import com.pengrad.telegrambot.model.Chat;
import com.pengrad.telegrambot.model.Message;
import com.pengrad.telegrambot.model.Update;
import com.pengrad.telegrambot.model.User;
import com.pengrad.telegrambot.model.request.InlineKeyboardButton;
import com.pengrad.telegrambot.model.request.InlineKeyboardMarkup;
import com.pengrad.telegrambot.request.AnswerCallbackQuery;
import com.pengrad.telegrambot.request.SendMessage;
import com.pengrad.telegrambot.response.SendResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.parley.room.AttemptLimiter;
import org.parley.room.RoomException;
import org.parley.room.Rooms;
import org.parley.signaling.protocol.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the bot does with each update: {@code /start} and {@code /help} explain, {@code /call}
 * makes a link (a fresh room, a named one, or a ring for someone), and the Decline button ends a
 * ring. Runs on its own virtual thread per update; talks to rooms only through {@link Rooms}.
 */
final class Updates {
    private static final Logger LOG = LoggerFactory.getLogger(Updates.class);
    /** A status watch on a room that never comes to life ends after this long. */
    private static final Duration IDLE_WATCH = Duration.ofMinutes(15);

    private final BotApi api;
    private final Rooms rooms;
    private final CallLinks links;
    private final AttemptLimiter limiter;
    private final ScheduledExecutorService scheduler;
    private final Duration ringTimeout;
    private final Map<String, Ring> rings = new ConcurrentHashMap<>();
    private volatile String username;

    Updates(BotApi api, Rooms rooms, CallLinks links, AttemptLimiter limiter, ScheduledExecutorService scheduler,
            Duration ringTimeout) {
        this.api = api;
        this.rooms = rooms;
        this.links = links;
        this.limiter = limiter;
        this.scheduler = scheduler;
        this.ringTimeout = ringTimeout;
    }

    void username(String botUsername) {
        this.username = botUsername;
    }

    void handle(Update u) {
        try {
            if (u.callbackQuery() != null) {
                callback(u.callbackQuery());
            } else if (u.message() != null) {
                message(u.message());
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not handle a Telegram update: {}", api.describe(e));
        }
    }

    private void message(Message m) {
        Optional<BotCommand> command = BotCommand.parse(m.text(), username);
        if (command.isEmpty()) {
            return;
        }
        String lang = m.from() == null ? null : m.from().languageCode();
        long chat = m.chat().id();
        switch (command.get().name()) {
            case "start", "help" -> reply(chat, BotTexts.say(lang, "help"), null, "help");
            case "call" -> call(m, command.get().argument(), lang);
            default -> {
                // Not ours to answer: groups have other bots' commands in them.
            }
        }
    }

    private void call(Message m, String argument, String lang) {
        long chat = m.chat().id();
        String budget = "telegram-chat:" + chat;
        if (!limiter.charge(budget)) {
            reply(chat, BotTexts.say(lang, "rate-limited"), null, "a rate-limit notice");
            return;
        }
        try {
            User replied = m.replyToMessage() == null ? null : m.replyToMessage().from();
            if (argument.startsWith("@") && argument.length() > 1) {
                ring(m, lang, argument.split("\\s+")[0], argument.split("\\s+")[0].substring(1), null);
            } else if (argument.isEmpty() && replied != null && !Boolean.TRUE.equals(replied.isBot())) {
                ring(m, lang, replied.firstName(), null, replied.id());
            } else if (!argument.isEmpty()) {
                CallLinks.Link link = links.named(argument);
                link(m, lang, link, BotTexts.say(lang, "named", "room", link.room(), "link", link.url()));
            } else {
                CallLinks.Link link = links.fresh();
                link(m, lang, link, BotTexts.say(lang, "call", "link", link.url(), "code", link.code()));
            }
        } catch (RoomException e) {
            reply(chat, BotTexts.say(lang, e.code() == ErrorCode.BAD_ROOM ? "bad-room" : "refused"), null, "an error notice");
        }
    }

    /** Sends a link; in a group the message then follows the call. */
    private void link(Message m, String lang, CallLinks.Link link, String text) throws RoomException {
        InlineKeyboardMarkup keyboard = new InlineKeyboardMarkup(
                new InlineKeyboardButton(BotTexts.say(lang, "join")).url(link.url()));
        Optional<SendResponse> sent = reply(m.chat().id(), text, keyboard, "a call link");
        if (sent.isPresent() && isGroup(m.chat()) && sent.get().message() != null) {
            StatusMessage status = new StatusMessage(api, m.chat().id(), sent.get().message().messageId(), text);
            watch(link.room(), new GroupStatus(status, text, lang, keyboard));
        }
    }

    private void watch(String room, GroupStatus status) throws RoomException {
        AutoCloseable[] handle = new AutoCloseable[1];
        handle[0] = rooms.watch(room, a -> {
            status.accept(a);
            if (status.closed()) {
                close(handle[0]);
            }
        });
        scheduler.schedule(() -> {
            if (!rooms.exists(room)) {
                close(handle[0]);
            }
        }, IDLE_WATCH.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void ring(Message m, String lang, String callee, String calleeUsername, Long calleeId) throws RoomException {
        CallLinks.Link link = links.fresh();
        String caller = m.from() == null ? "?" : m.from().firstName();
        String text = BotTexts.say(lang, "ringing", "caller", caller, "callee", callee, "link", link.url());
        InlineKeyboardMarkup keyboard = new InlineKeyboardMarkup(
                new InlineKeyboardButton(BotTexts.say(lang, "join")).url(link.url()),
                new InlineKeyboardButton(BotTexts.say(lang, "decline")).callbackData("decline:" + link.room()));
        Optional<SendResponse> sent = reply(m.chat().id(), text, keyboard, "a ring");
        if (sent.isEmpty() || sent.get().message() == null) {
            return;
        }
        StatusMessage status = new StatusMessage(api, m.chat().id(), sent.get().message().messageId(), text);
        Ring ring = new Ring(link.room(), caller, callee, calleeUsername, calleeId, lang, status);
        rings.put(link.room(), ring);
        AutoCloseable watch = rooms.watch(link.room(), ring);
        scheduler.schedule(() -> {
            if (ring.end(Ring.State.MISSED)) {
                ring.message.show(BotTexts.say(lang, "missed", "caller", caller, "callee", callee), null);
            }
            rings.remove(link.room(), ring);
            close(watch);
        }, ringTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void callback(CallbackQuery q) {
        String data = q.data() == null ? "" : q.data();
        Ring ring = data.startsWith("decline:") ? rings.get(data.substring("decline:".length())) : null;
        String lang = q.from() == null ? null : q.from().languageCode();
        if (ring == null) {
            api.send(new AnswerCallbackQuery(q.id()), "a callback answer");
            return;
        }
        if (!ring.isCallee(q.from())) {
            api.send(new AnswerCallbackQuery(q.id()).text(BotTexts.say(lang, "not-for-you")), "a callback answer");
            return;
        }
        if (ring.end(Ring.State.DECLINED)) {
            try {
                rooms.declineFromOutside(ring.room, q.from().firstName());
            } catch (RoomException e) {
                // The room name came from our own link: it is always valid.
            }
            ring.message.show(BotTexts.say(ring.language, "declined", "caller", ring.caller, "callee",
                    q.from().firstName()), null);
        }
        api.send(new AnswerCallbackQuery(q.id()).text(BotTexts.say(lang, "declined-toast")), "a callback answer");
    }

    private Optional<SendResponse> reply(long chat, String text, InlineKeyboardMarkup keyboard, String what) {
        SendMessage send = new SendMessage(chat, text);
        if (keyboard != null) {
            send.replyMarkup(keyboard);
        }
        return api.send(send, what);
    }

    private static boolean isGroup(Chat chat) {
        return chat.type() == Chat.Type.group || chat.type() == Chat.Type.supergroup;
    }

    private static void close(AutoCloseable handle) {
        try {
            if (handle != null) {
                handle.close();
            }
        } catch (Exception e) {
            // closing a watch cannot fail in a way that matters
        }
    }
}
