package org.parley.bot;

import java.util.Locale;
import java.util.Optional;

/**
 * A command addressed to this bot: {@code /call}, {@code /call@ParleyBot team-standup},
 * {@code /start}, {@code /help}. Commands for other bots ({@code /call@OtherBot}) are not ours.
 */
record BotCommand(String name, String argument) {
    static Optional<BotCommand> parse(String text, String botUsername) {
        if (text == null || !text.startsWith("/")) {
            return Optional.empty();
        }
        String[] parts = text.strip().split("\\s+", 2);
        String head = parts[0].substring(1);
        int at = head.indexOf('@');
        if (at >= 0) {
            String addressee = head.substring(at + 1);
            if (botUsername != null && !addressee.equalsIgnoreCase(botUsername)) {
                return Optional.empty();
            }
            head = head.substring(0, at);
        }
        String argument = parts.length > 1 ? parts[1].strip() : "";
        return Optional.of(new BotCommand(head.toLowerCase(Locale.ROOT), argument));
    }
}
