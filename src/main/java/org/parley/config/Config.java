package org.parley.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.parley.turn.IceServer;

/** The whole, validated configuration of one Parley process. */
public record Config(
        String host,
        int port,
        int roomCapacity,
        int codeLength,
        Duration roomGrace,
        int maxMessageBytes,
        double ratePerSecond,
        int rateBurst,
        int outboxLimit,
        Duration pingInterval,
        Duration pingTimeout,
        List<String> allowedOrigins,
        List<IceServer> iceServers,
        int joinFailuresBurst,
        double joinFailuresPerMinute,
        String secret,
        Path dataDir,
        long maxFileBytes,
        Duration resumeWindow,
        TurnSettings turn,
        TlsFiles tls,
        String baseUrl,
        BotSettings bot,
        Duration drainTimeout,
        Logging logging,
        AuthSettings auth,
        Https https,
        List<org.parley.turn.Cidr> trustedProxies,
        SocketCaps caps) {

    /** True when the app is served over HTTPS (certificate from files, self-signed or ACME). */
    public boolean httpsOn() {
        return tls.enabled() || https.selfSigned() || https.acme().enabled();
    }

    /** A place held longer than this is a ghost in the room, not a reconnect. */
    private static final Duration MAX_RESUME_WINDOW = Duration.ofMinutes(10);

    public Config {
        allowedOrigins = List.copyOf(allowedOrigins);
        iceServers = List.copyOf(iceServers);
        trustedProxies = List.copyOf(trustedProxies);
        require(!(tls.enabled() && (https.selfSigned() || https.acme().enabled())) && !(https.selfSigned() && https.acme().enabled()),
                https.acme().enabled() ? "domain" : "self-signed",
                "choose one certificate source: --tls-cert/--tls-key, --self-signed or --domain");
        require(https.httpPort() < 0 || tls.enabled() || https.selfSigned() || https.acme().enabled(), "http-port",
                "the plain-HTTP listener redirects to HTTPS: it needs --tls-cert, --self-signed or --domain");
        require(!https.acme().enabled() || https.httpPort() >= 0, "http-port",
                "--domain needs the plain-HTTP listener to answer the ACME HTTP-01 challenge");
        validate(host, port, roomCapacity, codeLength, roomGrace, maxMessageBytes, ratePerSecond, rateBurst, outboxLimit,
                pingInterval, pingTimeout, allowedOrigins, iceServers);
        require(joinFailuresBurst >= 1, "join-failures-burst", "must be at least 1");
        require(joinFailuresPerMinute > 0, "join-failures-per-minute", "must be positive");
        require(secret.isEmpty() || secret.length() >= 16, "secret", "must be at least 16 characters");
        require(baseUrl.isEmpty() || baseUrl.matches("https?://[^/\\s]+(/[^\\s]*)?"), "base-url",
                "'" + baseUrl + "' is not an address like https://calls.example.org");
        require(!bot.enabled() || !baseUrl.isEmpty(), "base-url",
                "required with --telegram-token: the bot's links must point at this server's public address");
        require(!bot.enabled() || !auth.enabled() || auth.canMint(), "auth-private-key",
                "required with --telegram-token and --auth-alg " + auth.algorithm() + ": the bot signs the tokens in its links");
        require(maxFileBytes >= 0, "max-file-bytes", "must not be negative (0 turns file transfer off)");
        require(!resumeWindow.isNegative() && resumeWindow.compareTo(MAX_RESUME_WINDOW) <= 0, "resume-window",
                "must be between 0 and " + Durations.format(MAX_RESUME_WINDOW));
    }

    /** Never prints the server secret; the nested settings hide their own secrets. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("Config[");
        for (java.lang.reflect.RecordComponent c : Config.class.getRecordComponents()) {
            Object value;
            try {
                value = c.getName().equals("secret") ? (secret.isEmpty() ? "" : "<hidden>") : c.getAccessor().invoke(this);
            } catch (ReflectiveOperationException e) {
                value = "?";
            }
            out.append(out.length() > 7 ? ", " : "").append(c.getName()).append('=').append(value);
        }
        return out.append(']').toString();
    }

    private static void validate(String host, int port, int roomCapacity, int codeLength, Duration roomGrace, int maxMessageBytes,
                                 double ratePerSecond, int rateBurst, int outboxLimit, Duration pingInterval,
                                 Duration pingTimeout, List<String> allowedOrigins, List<IceServer> iceServers) {
        require(host != null && !host.isBlank(), "host", "must not be empty");
        require(port >= 0 && port <= 65535, "port", port + " is not a TCP port (0-65535)");
        require(roomCapacity >= 2 && roomCapacity <= 50, "room-capacity", "must be between 2 and 50");
        require(codeLength >= 4 && codeLength <= 16, "code-length", "must be between 4 and 16 digits");
        require(!roomGrace.isNegative(), "room-grace", "must not be negative");
        require(maxMessageBytes >= 1024 && maxMessageBytes <= 16 << 20, "max-message-bytes",
                "must be between 1024 and 16777216");
        require(ratePerSecond > 0, "rate-per-second", "must be positive");
        require(rateBurst >= 1, "rate-burst", "must be at least 1");
        require(outboxLimit >= 1, "outbox-limit", "must be at least 1");
        require(pingInterval.toMillis() >= 10, "ping-interval", "must be at least 10ms");
        require(pingTimeout.compareTo(pingInterval) > 0, "ping-timeout", "must be longer than ping-interval");
        for (String origin : allowedOrigins) {
            require(origin.equals("*") || origin.matches("https?://[^/\\s]+"), "allowed-origins",
                    "'" + origin + "' is not an origin like https://calls.example.org (or *)");
        }
        for (IceServer s : iceServers) {
            for (String url : s.urls()) {
                require(url.matches("(stun|stuns|turn|turns):[^\\s]+"), "ice-servers",
                        "'" + url + "' is not a stun:, stuns:, turn: or turns: URL");
            }
        }
    }

    private static void require(boolean ok, String key, String problem) {
        if (!ok) {
            throw new ConfigException(key, problem);
        }
    }
}
