package org.parley.bot;

import com.pengrad.telegrambot.model.request.InlineKeyboardMarkup;
import java.util.function.Consumer;
import org.parley.room.RoomActivity;

/**
 * The group chat's link message, kept current: "N in the call now" while a call runs, "Call ended
 * (12 min)" afterwards. Fed by the room's activity; the room lock is held, so it only records
 * and hands the edit to {@link StatusMessage}.
 */
final class GroupStatus implements Consumer<RoomActivity> {
    private final StatusMessage message;
    private final String baseText;
    private final String language;
    private final InlineKeyboardMarkup keyboard;
    private long callStartedNanos;
    private boolean calling;
    private volatile boolean closed;

    GroupStatus(StatusMessage message, String baseText, String language, InlineKeyboardMarkup keyboard) {
        this.message = message;
        this.baseText = baseText;
        this.language = language;
        this.keyboard = keyboard;
    }

    @Override
    public synchronized void accept(RoomActivity a) {
        if (a.inCall() > 0) {
            if (!calling) {
                calling = true;
                callStartedNanos = System.nanoTime();
            }
            message.show(baseText + "\n\n" + BotTexts.say(language, "in-call", "n", String.valueOf(a.inCall())), keyboard);
        } else if (calling) {
            calling = false;
            long minutes = Math.max(1, Math.round((System.nanoTime() - callStartedNanos) / 60e9));
            message.show(baseText + "\n\n" + BotTexts.say(language, "ended", "minutes", String.valueOf(minutes)), keyboard);
        }
        closed |= a.closed();
    }

    boolean closed() {
        return closed;
    }
}
