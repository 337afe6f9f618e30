package org.parley.bot;

import com.pengrad.telegrambot.model.request.InlineKeyboardMarkup;
import com.pengrad.telegrambot.request.EditMessageText;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A bot message that is edited as things change. Edits are coalesced: one sender at a time, and
 * it always sends the latest text, so a burst of room changes costs one or two edits, never a
 * queue; an unchanged text is not sent again (Telegram refuses "message is not modified").
 */
final class StatusMessage {
    private final BotApi api;
    private final long chatId;
    private final int messageId;
    private final AtomicBoolean sending = new AtomicBoolean();
    private volatile String wanted;
    private volatile InlineKeyboardMarkup wantedKeyboard;
    private String sent;

    StatusMessage(BotApi api, long chatId, int messageId, String initialText) {
        this.api = api;
        this.chatId = chatId;
        this.messageId = messageId;
        this.sent = initialText;
        this.wanted = initialText;
    }

    /** Shows this text (with this keyboard, or none) soon; never blocks. */
    void show(String text, InlineKeyboardMarkup keyboard) {
        wantedKeyboard = keyboard;
        wanted = text;
        if (sending.compareAndSet(false, true)) {
            Thread.ofVirtual().name("parley-bot-edit").start(this::flush);
        }
    }

    private void flush() {
        try {
            while (true) {
                String text = wanted;
                InlineKeyboardMarkup keyboard = wantedKeyboard;
                if (text.equals(sent)) {
                    return;
                }
                EditMessageText edit = new EditMessageText(chatId, messageId, text);
                if (keyboard != null) {
                    edit.replyMarkup(keyboard);
                }
                api.send(edit, "a status edit");
                sent = text;
            }
        } finally {
            sending.set(false);
            if (!wanted.equals(sent) && sending.compareAndSet(false, true)) {
                Thread.ofVirtual().name("parley-bot-edit").start(this::flush);
            }
        }
    }
}
