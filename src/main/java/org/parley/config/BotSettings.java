package org.parley.config;

import java.net.URI;
import java.time.Duration;

/**
 * The Telegram bot: on when a token is set. Long polling by default; with a webhook secret, the
 * Bot API posts updates to {@code /telegram/webhook} instead and must send that secret back.
 */
public record BotSettings(String token, String apiUrl, String webhookSecret, Duration ringTimeout,
                          Duration pollTimeout) {
    public BotSettings {
        if (!token.isEmpty() && !token.matches("\\d+:[A-Za-z0-9_-]{20,}")) {
            throw new ConfigException("telegram-token", "does not look like a bot token (digits:characters from @BotFather)");
        }
        URI api = URI.create(apiUrl.isBlank() ? "x:" : apiUrl.strip());
        if (api.getScheme() == null || !api.getScheme().matches("https?") || api.getHost() == null) {
            throw new ConfigException("telegram-api-url", "'" + apiUrl + "' is not an http(s) address");
        }
        if (!webhookSecret.isEmpty() && !webhookSecret.matches("[A-Za-z0-9_-]{16,256}")) {
            throw new ConfigException("telegram-webhook-secret", "must be 16-256 characters of A-Z, a-z, 0-9, _ and -");
        }
        if (ringTimeout.toSeconds() < 5) {
            throw new ConfigException("telegram-ring-timeout", "must be at least 5s");
        }
        if (pollTimeout.toSeconds() < 1 || pollTimeout.toSeconds() > 50) {
            throw new ConfigException("telegram-poll-timeout", "must be between 1s and 50s");
        }
    }

    public boolean enabled() {
        return !token.isEmpty();
    }

    public boolean webhook() {
        return !webhookSecret.isEmpty();
    }

    /** Never prints the token or the webhook secret. */
    @Override
    public String toString() {
        return "BotSettings[token=" + (token.isEmpty() ? "" : "<hidden>") + ", apiUrl=" + apiUrl
                + ", webhook=" + webhook() + ", ringTimeout=" + ringTimeout + ", pollTimeout=" + pollTimeout + "]";
    }
}
