package org.parley.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.parley.turn.IceServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Command-line flags; each falls back to its environment variable, then to {@link Defaults}.
 * Values are parsed as text and checked by {@link Config}, so that a wrong value names its key.
 */
@Command(name = "parley", mixinStandardHelpOptions = true, version = "Parley 0.1",
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Self-hosted video calls by link: web app and signaling in one process.")
public final class CliOptions {
    @Option(names = "--config", paramLabel = "FILE", defaultValue = "${env:PARLEY_CONFIG:-}",
            description = "A file of settings, one 'flag-name: value' per line (flat YAML); the command line "
                    + "and the environment override it (env PARLEY_CONFIG).")
    String configFile;

    @Option(names = "--host", paramLabel = "ADDR", defaultValue = "${env:PARLEY_HOST:-" + Defaults.HOST + "}",
            description = "Address to listen on (env PARLEY_HOST, default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "${env:PARLEY_PORT:-" + Defaults.PORT + "}",
            description = "HTTP port for the app and signaling (env PARLEY_PORT, default ${DEFAULT-VALUE}).")
    String port;

    @Option(names = "--room-capacity", paramLabel = "N",
            defaultValue = "${env:PARLEY_ROOM_CAPACITY:-" + Defaults.ROOM_CAPACITY + "}",
            description = "Most people in one room (env PARLEY_ROOM_CAPACITY, default ${DEFAULT-VALUE}).")
    String roomCapacity;

    @Option(names = "--code-length", paramLabel = "DIGITS",
            defaultValue = "${env:PARLEY_CODE_LENGTH:-" + Defaults.CODE_LENGTH + "}",
            description = "Digits in a new room code (env PARLEY_CODE_LENGTH, default ${DEFAULT-VALUE}).")
    String codeLength;

    @Option(names = "--room-grace", paramLabel = "DURATION",
            defaultValue = "${env:PARLEY_ROOM_GRACE:-" + Defaults.ROOM_GRACE + "}",
            description = "How long an empty room is kept (env PARLEY_ROOM_GRACE, default ${DEFAULT-VALUE}).")
    String roomGrace;

    @Option(names = "--max-message-bytes", paramLabel = "BYTES",
            defaultValue = "${env:PARLEY_MAX_MESSAGE_BYTES:-" + Defaults.MAX_MESSAGE_BYTES + "}",
            description = "Largest signaling message (env PARLEY_MAX_MESSAGE_BYTES, default ${DEFAULT-VALUE}).")
    String maxMessageBytes;

    @Option(names = "--rate-per-second", paramLabel = "N",
            defaultValue = "${env:PARLEY_RATE_PER_SECOND:-" + Defaults.RATE_PER_SECOND + "}",
            description = "Sustained messages per second per connection (env PARLEY_RATE_PER_SECOND, "
                    + "default ${DEFAULT-VALUE}).")
    String ratePerSecond;

    @Option(names = "--rate-burst", paramLabel = "N",
            defaultValue = "${env:PARLEY_RATE_BURST:-" + Defaults.RATE_BURST + "}",
            description = "Messages a connection may send in a burst (env PARLEY_RATE_BURST, default ${DEFAULT-VALUE}).")
    String rateBurst;

    @Option(names = "--outbox-limit", paramLabel = "N",
            defaultValue = "${env:PARLEY_OUTBOX_LIMIT:-" + Defaults.OUTBOX_LIMIT + "}",
            description = "Messages queued for a slow client before it is disconnected (env PARLEY_OUTBOX_LIMIT, "
                    + "default ${DEFAULT-VALUE}).")
    String outboxLimit;

    @Option(names = "--outbox-bytes", paramLabel = "BYTES",
            defaultValue = "${env:PARLEY_OUTBOX_BYTES:-" + Defaults.OUTBOX_BYTES + "}",
            description = "Bytes queued for a slow client before it is disconnected (env PARLEY_OUTBOX_BYTES, "
                    + "default ${DEFAULT-VALUE}).")
    String outboxBytes;

    @Option(names = "--max-sockets-per-address", paramLabel = "N",
            defaultValue = "${env:PARLEY_MAX_SOCKETS_PER_ADDRESS:-" + Defaults.MAX_SOCKETS_PER_ADDRESS + "}",
            description = "Signaling sockets one client address may hold open (env PARLEY_MAX_SOCKETS_PER_ADDRESS, "
                    + "default ${DEFAULT-VALUE}).")
    String maxSocketsPerAddress;

    @Option(names = "--message-memory", paramLabel = "BYTES|N%",
            defaultValue = "${env:PARLEY_MESSAGE_MEMORY:-" + Defaults.MESSAGE_MEMORY + "}",
            description = "Signaling messages in flight in the whole process, in bytes or as a share of the "
                    + "maximum heap (env PARLEY_MESSAGE_MEMORY, default ${DEFAULT-VALUE}).")
    String messageMemory;

    @Option(names = "--frame-timeout", paramLabel = "DURATION",
            defaultValue = "${env:PARLEY_FRAME_TIMEOUT:-" + Defaults.FRAME_TIMEOUT + "}",
            description = "How long a WebSocket frame may take to arrive once it began (env PARLEY_FRAME_TIMEOUT, "
                    + "default ${DEFAULT-VALUE}).")
    String frameTimeout;

    @Option(names = "--ping-interval", paramLabel = "DURATION",
            defaultValue = "${env:PARLEY_PING_INTERVAL:-" + Defaults.PING_INTERVAL + "}",
            description = "Heartbeat ping interval (env PARLEY_PING_INTERVAL, default ${DEFAULT-VALUE}).")
    String pingInterval;

    @Option(names = "--ping-timeout", paramLabel = "DURATION",
            defaultValue = "${env:PARLEY_PING_TIMEOUT:-" + Defaults.PING_TIMEOUT + "}",
            description = "Silence after which a connection is dead (env PARLEY_PING_TIMEOUT, default ${DEFAULT-VALUE}).")
    String pingTimeout;

    @Option(names = "--resume-window", paramLabel = "DURATION",
            defaultValue = "${env:PARLEY_RESUME_WINDOW:-" + Defaults.RESUME_WINDOW + "}",
            description = "How long a dropped connection keeps its place in the room for the page to resume it, "
                    + "0 for never (env PARLEY_RESUME_WINDOW, default ${DEFAULT-VALUE}).")
    String resumeWindow;

    @Option(names = "--allowed-origins", paramLabel = "ORIGINS",
            defaultValue = "${env:PARLEY_ALLOWED_ORIGINS:-" + Defaults.ALLOWED_ORIGINS + "}",
            description = "Comma-separated extra origins allowed to open the WebSocket, or *; the page's own "
                    + "origin is always allowed (env PARLEY_ALLOWED_ORIGINS, default none).")
    String allowedOrigins;

    @Option(names = "--join-failures-burst", paramLabel = "N",
            defaultValue = "${env:PARLEY_JOIN_FAILURES_BURST:-" + Defaults.JOIN_FAILURES_BURST + "}",
            description = "Failed room entries (unknown code, missing or wrong key) one address may make at once "
                    + "(env PARLEY_JOIN_FAILURES_BURST, default ${DEFAULT-VALUE}).")
    String joinFailuresBurst;

    @Option(names = "--join-failures-per-minute", paramLabel = "N",
            defaultValue = "${env:PARLEY_JOIN_FAILURES_PER_MINUTE:-" + Defaults.JOIN_FAILURES_PER_MINUTE + "}",
            description = "How fast that allowance refills (env PARLEY_JOIN_FAILURES_PER_MINUTE, default ${DEFAULT-VALUE}).")
    String joinFailuresPerMinute;

    @Option(names = "--max-file-bytes", paramLabel = "BYTES",
            defaultValue = "${env:PARLEY_MAX_FILE_BYTES:-" + Defaults.MAX_FILE_BYTES + "}",
            description = "Largest file callers may send each other in a call, 0 for none "
                    + "(env PARLEY_MAX_FILE_BYTES, default ${DEFAULT-VALUE}).")
    String maxFileBytes;

    @Option(names = "--secret", paramLabel = "TEXT",
            defaultValue = "${env:PARLEY_SECRET:-" + Defaults.SECRET + "}",
            description = "Server secret for standing room links (env PARLEY_SECRET, default: generated once "
                    + "into the data directory).")
    String secret;

    @Option(names = "--data-dir", paramLabel = "DIR",
            defaultValue = "${env:PARLEY_DATA_DIR:-" + Defaults.DATA_DIR + "}",
            description = "Where the generated server secret is kept (env PARLEY_DATA_DIR, default ${DEFAULT-VALUE}).")
    String dataDir;

    @Option(names = "--ice-servers", paramLabel = "URLS",
            defaultValue = "${env:PARLEY_ICE_SERVERS:-" + Defaults.ICE_SERVERS + "}",
            description = "Comma-separated STUN/TURN URLs handed to browsers (env PARLEY_ICE_SERVERS, "
                    + "default none: host candidates only).")
    String iceServers;

    @Option(names = "--ice-username", paramLabel = "USER",
            defaultValue = "${env:PARLEY_ICE_USERNAME:-" + Defaults.ICE_USERNAME + "}",
            description = "Username for the turn:/turns: URLs of --ice-servers (env PARLEY_ICE_USERNAME).")
    String iceUsername;

    @Option(names = "--ice-credential", paramLabel = "PASSWORD",
            defaultValue = "${env:PARLEY_ICE_CREDENTIAL:-" + Defaults.ICE_CREDENTIAL + "}",
            description = "Password for the turn:/turns: URLs of --ice-servers (env PARLEY_ICE_CREDENTIAL).")
    String iceCredential;

    @Option(names = "--turn", paramLabel = "MODE",
            defaultValue = "${env:PARLEY_TURN:-" + Defaults.TURN + "}",
            description = "Relay: embedded (Parley's own STUN/TURN), external (--turn-urls with --turn-secret) or off (env PARLEY_TURN, default ${DEFAULT-VALUE}).")
    String turn;

    @Option(names = "--turn-port", paramLabel = "PORT",
            defaultValue = "${env:PARLEY_TURN_PORT:-" + Defaults.TURN_PORT + "}",
            description = "UDP and TCP port of the embedded STUN/TURN server (env PARLEY_TURN_PORT, default ${DEFAULT-VALUE}).")
    String turnPort;

    @Option(names = "--turn-public-address", paramLabel = "IP",
            defaultValue = "${env:PARLEY_TURN_PUBLIC_ADDRESS:-" + Defaults.TURN_PUBLIC_ADDRESS + "}",
            description = "Address browsers reach the relay at (needed behind NAT, e.g. a cloud VM) (env PARLEY_TURN_PUBLIC_ADDRESS, default ${DEFAULT-VALUE}).")
    String turnPublicAddress;

    @Option(names = "--turn-relay-ports", paramLabel = "MIN-MAX",
            defaultValue = "${env:PARLEY_TURN_RELAY_PORTS:-" + Defaults.TURN_RELAY_PORTS + "}",
            description = "UDP port range for relayed traffic (env PARLEY_TURN_RELAY_PORTS, default ${DEFAULT-VALUE}).")
    String turnRelayPorts;

    @Option(names = "--turn-secret", paramLabel = "SECRET",
            defaultValue = "${env:PARLEY_TURN_SECRET:-" + Defaults.TURN_SECRET + "}",
            description = "TURN REST shared secret (env PARLEY_TURN_SECRET; embedded: derived from --secret if empty; never printed).")
    String turnSecret;

    @Option(names = "--turn-realm", paramLabel = "REALM",
            defaultValue = "${env:PARLEY_TURN_REALM:-" + Defaults.TURN_REALM + "}",
            description = "TURN realm (env PARLEY_TURN_REALM, default ${DEFAULT-VALUE}).")
    String turnRealm;

    @Option(names = "--turn-credential-ttl", paramLabel = "DURATION",
            defaultValue = "${env:PARLEY_TURN_CREDENTIAL_TTL:-" + Defaults.TURN_CREDENTIAL_TTL + "}",
            description = "Lifetime of minted TURN credentials (env PARLEY_TURN_CREDENTIAL_TTL, default ${DEFAULT-VALUE}).")
    String turnCredentialTtl;

    @Option(names = "--turn-allow-peers", paramLabel = "CIDRS",
            defaultValue = "${env:PARLEY_TURN_ALLOW_PEERS:-" + Defaults.TURN_ALLOW_PEERS + "}",
            description = "Comma-separated ranges the relay may reach although private (LANs, tests) (env PARLEY_TURN_ALLOW_PEERS, default ${DEFAULT-VALUE}).")
    String turnAllowPeers;

    @Option(names = "--turn-quota", paramLabel = "N",
            defaultValue = "${env:PARLEY_TURN_QUOTA:-" + Defaults.TURN_QUOTA + "}",
            description = "Allocations per TURN credential (env PARLEY_TURN_QUOTA, default ${DEFAULT-VALUE}).")
    String turnQuota;

    @Option(names = "--turn-max-kbps", paramLabel = "KBPS",
            defaultValue = "${env:PARLEY_TURN_MAX_KBPS:-" + Defaults.TURN_MAX_KBPS + "}",
            description = "Bandwidth cap per allocation in kbit/s (0: none) (env PARLEY_TURN_MAX_KBPS, default ${DEFAULT-VALUE}).")
    String turnMaxKbps;

    @Option(names = "--turn-allocations-per-address", paramLabel = "N",
            defaultValue = "${env:PARLEY_TURN_ALLOCATIONS_PER_ADDRESS:-" + Defaults.TURN_ALLOCATIONS_PER_ADDRESS + "}",
            description = "Relay allocations one client address may hold (env PARLEY_TURN_ALLOCATIONS_PER_ADDRESS, "
                    + "default ${DEFAULT-VALUE}).")
    String turnAllocationsPerAddress;

    @Option(names = "--turn-tcp-per-address", paramLabel = "N",
            defaultValue = "${env:PARLEY_TURN_TCP_PER_ADDRESS:-" + Defaults.TURN_TCP_PER_ADDRESS + "}",
            description = "TURN TCP/TLS connections one client address may hold (env PARLEY_TURN_TCP_PER_ADDRESS, "
                    + "default ${DEFAULT-VALUE}).")
    String turnTcpPerAddress;

    @Option(names = "--turn-tcp-max", paramLabel = "N",
            defaultValue = "${env:PARLEY_TURN_TCP_MAX:-" + Defaults.TURN_TCP_MAX + "}",
            description = "TURN TCP/TLS connections in all (env PARLEY_TURN_TCP_MAX, default ${DEFAULT-VALUE}).")
    String turnTcpMax;

    @Option(names = "--turn-urls", paramLabel = "URLS",
            defaultValue = "${env:PARLEY_TURN_URLS:-" + Defaults.TURN_URLS + "}",
            description = "Comma-separated turn:/turns: URLs of the external TURN server (env PARLEY_TURN_URLS, default ${DEFAULT-VALUE}).")
    String turnUrls;

    @Option(names = "--turn-tls-port", paramLabel = "PORT",
            defaultValue = "${env:PARLEY_TURN_TLS_PORT:-" + Defaults.TURN_TLS_PORT + "}",
            description = "TLS port of the embedded TURN server, used when --tls-cert and --tls-key are set (env PARLEY_TURN_TLS_PORT, default ${DEFAULT-VALUE}).")
    String turnTlsPort;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            defaultValue = "${env:PARLEY_TLS_CERT:-" + Defaults.TLS_CERT + "}",
            description = "PEM certificate chain: serve HTTPS (and TURN over TLS) with it, reloaded when the file "
                    + "changes (env PARLEY_TLS_CERT, default ${DEFAULT-VALUE}).")
    String tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE",
            defaultValue = "${env:PARLEY_TLS_KEY:-" + Defaults.TLS_KEY + "}",
            description = "PEM private key for --tls-cert, PKCS#8 (env PARLEY_TLS_KEY, default ${DEFAULT-VALUE}).")
    String tlsKey;

    @Option(names = "--http-port", paramLabel = "PORT",
            defaultValue = "${env:PARLEY_HTTP_PORT:-" + Defaults.HTTP_PORT + "}",
            description = "Plain-HTTP port that redirects to HTTPS and answers ACME challenges, or off (env PARLEY_HTTP_PORT, "
                    + "default: 80 when HTTPS is on).")
    String httpPort;

    @Option(names = "--self-signed", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
            defaultValue = "${env:PARLEY_SELF_SIGNED:-" + Defaults.SELF_SIGNED + "}",
            description = "Serve HTTPS with a certificate generated once into the data directory, for LANs; its "
                    + "SHA-256 fingerprint is logged (env PARLEY_SELF_SIGNED, default ${DEFAULT-VALUE}).")
    String selfSigned;

    @Option(names = "--domain", paramLabel = "NAME",
            defaultValue = "${env:PARLEY_DOMAIN:-" + Defaults.DOMAIN + "}",
            description = "Obtain and renew a certificate for this name with ACME (Let's Encrypt) (env PARLEY_DOMAIN, "
                    + "default none).")
    String domain;

    @Option(names = "--acme-email", paramLabel = "ADDRESS",
            defaultValue = "${env:PARLEY_ACME_EMAIL:-" + Defaults.ACME_EMAIL + "}",
            description = "Contact address for the ACME account (expiry warnings) (env PARLEY_ACME_EMAIL, default none).")
    String acmeEmail;

    @Option(names = "--acme-directory", paramLabel = "URL",
            defaultValue = "${env:PARLEY_ACME_DIRECTORY:-" + Defaults.ACME_DIRECTORY + "}",
            description = "ACME directory URL (env PARLEY_ACME_DIRECTORY, default ${DEFAULT-VALUE}).")
    String acmeDirectory;

    @Option(names = "--acme-ca-cert", paramLabel = "FILE",
            defaultValue = "${env:PARLEY_ACME_CA_CERT:-" + Defaults.ACME_CA_CERT + "}",
            description = "PEM CA certificate to trust for a private ACME directory (env PARLEY_ACME_CA_CERT, "
                    + "default: the JDK's CAs).")
    String acmeCaCert;

    @Option(names = "--acme-renew-before", paramLabel = "DURATION",
            defaultValue = "${env:PARLEY_ACME_RENEW_BEFORE:-" + Defaults.ACME_RENEW_BEFORE + "}",
            description = "Renew the certificate when it expires within this time (env PARLEY_ACME_RENEW_BEFORE, "
                    + "default ${DEFAULT-VALUE}).")
    String acmeRenewBefore;

    @Option(names = "--acme-check-interval", paramLabel = "DURATION",
            defaultValue = "${env:PARLEY_ACME_CHECK_INTERVAL:-" + Defaults.ACME_CHECK_INTERVAL + "}",
            description = "How often the certificate's expiry is checked (env PARLEY_ACME_CHECK_INTERVAL, "
                    + "default ${DEFAULT-VALUE}).")
    String acmeCheckInterval;

    @Option(names = "--trusted-proxies", paramLabel = "CIDRS",
            defaultValue = "${env:PARLEY_TRUSTED_PROXIES:-" + Defaults.TRUSTED_PROXIES + "}",
            description = "Comma-separated reverse-proxy ranges whose X-Forwarded-For/-Proto/-Host are believed "
                    + "(env PARLEY_TRUSTED_PROXIES, default none).")
    String trustedProxies;

    @Option(names = "--turn-host", paramLabel = "NAME",
            defaultValue = "${env:PARLEY_TURN_HOST:-" + Defaults.TURN_HOST + "}",
            description = "Host name in the STUN/TURN URLs handed to browsers; the certificate's name for turns: "
                    + "(env PARLEY_TURN_HOST, default: the advertised address).")
    String turnHost;

    @Option(names = "--base-url", paramLabel = "URL",
            defaultValue = "${env:PARLEY_BASE_URL:-" + Defaults.BASE_URL + "}",
            description = "Public address of this server, used in links the bot sends (env PARLEY_BASE_URL, default ${DEFAULT-VALUE}).")
    String baseUrl;

    @Option(names = "--telegram-token", paramLabel = "TOKEN",
            defaultValue = "${env:PARLEY_TELEGRAM_TOKEN:-" + Defaults.TELEGRAM_TOKEN + "}",
            description = "Telegram bot token from @BotFather; turns the bot on (env PARLEY_TELEGRAM_TOKEN; never printed).")
    String telegramToken;

    @Option(names = "--telegram-api-url", paramLabel = "URL",
            defaultValue = "${env:PARLEY_TELEGRAM_API_URL:-" + Defaults.TELEGRAM_API_URL + "}",
            description = "Bot API server (env PARLEY_TELEGRAM_API_URL, default ${DEFAULT-VALUE}).")
    String telegramApiUrl;

    @Option(names = "--telegram-webhook-secret", paramLabel = "SECRET",
            defaultValue = "${env:PARLEY_TELEGRAM_WEBHOOK_SECRET:-" + Defaults.TELEGRAM_WEBHOOK_SECRET + "}",
            description = "Receive updates by webhook at BASE-URL/telegram/webhook with this secret token (env PARLEY_TELEGRAM_WEBHOOK_SECRET; default: long polling; never printed).")
    String telegramWebhookSecret;

    @Option(names = "--telegram-ring-timeout", paramLabel = "DURATION",
            defaultValue = "${env:PARLEY_TELEGRAM_RING_TIMEOUT:-" + Defaults.TELEGRAM_RING_TIMEOUT + "}",
            description = "How long a /call @someone rings before it is a missed call (env PARLEY_TELEGRAM_RING_TIMEOUT, default ${DEFAULT-VALUE}).")
    String telegramRingTimeout;

    @Option(names = "--telegram-poll-timeout", paramLabel = "DURATION",
            defaultValue = "${env:PARLEY_TELEGRAM_POLL_TIMEOUT:-" + Defaults.TELEGRAM_POLL_TIMEOUT + "}",
            description = "Long-polling wait per getUpdates request (env PARLEY_TELEGRAM_POLL_TIMEOUT, default ${DEFAULT-VALUE}).")
    String telegramPollTimeout;

    @Option(names = "--drain-timeout", paramLabel = "DURATION",
            defaultValue = "${env:PARLEY_DRAIN_TIMEOUT:-" + Defaults.DRAIN_TIMEOUT + "}",
            description = "On SIGTERM, how long calls in progress may go on before exit; a second signal exits "
                    + "at once (env PARLEY_DRAIN_TIMEOUT, default ${DEFAULT-VALUE}).")
    String drainTimeout;

    @Option(names = "--log-format", paramLabel = "FORMAT",
            defaultValue = "${env:PARLEY_LOG_FORMAT:-" + Defaults.LOG_FORMAT + "}",
            description = "plain or json (env PARLEY_LOG_FORMAT, default ${DEFAULT-VALUE}).")
    String logFormat;

    @Option(names = "--log-ips", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
            defaultValue = "${env:PARLEY_LOG_IPS:-" + Defaults.LOG_IPS + "}",
            description = "Let IP addresses into the logs (env PARLEY_LOG_IPS, default ${DEFAULT-VALUE}).")
    String logIps;

    @Option(names = "--auth", paramLabel = "MODE",
            defaultValue = "${env:PARLEY_AUTH:-" + Defaults.AUTH + "}",
            description = "Access control: none, create (making rooms needs a token) or join (entering too) "
                    + "(env PARLEY_AUTH, default ${DEFAULT-VALUE}).")
    String auth;

    @Mixin
    AuthOptions authOptions = new AuthOptions();

    /** Parses arguments into options; the settings are checked later, by {@link #config()}. */
    public static CliOptions parse(String... args) {
        CliOptions options = new CliOptions();
        CommandLine cli = new CommandLine(options);
        options.applyConfigFile(cli.parseArgs(args), System.getenv());
        return options;
    }

    /**
     * Fills in the options the command line and the environment left alone from {@code --config}.
     * One precedence rule for every setting: command line, then environment, then the file, then
     * the default.
     */
    public void applyConfigFile(CommandLine.ParseResult parsed, Map<String, String> env) {
        if (configFile.isBlank()) {
            return;
        }
        CommandLine.Model.CommandSpec spec = parsed.commandSpec();
        Map<String, CommandLine.Model.OptionSpec> byKey = new java.util.HashMap<>();
        for (CommandLine.Model.OptionSpec o : spec.options()) {
            String key = o.longestName().substring(2);
            if (!o.usageHelp() && !o.versionHelp() && !key.equals("config")) {
                byKey.put(key, o);
            }
        }
        Map<String, String> file = ConfigFile.read(java.nio.file.Path.of(configFile.strip()), byKey.keySet());
        file.forEach((key, value) -> {
            CommandLine.Model.OptionSpec o = byKey.get(key);
            String envName = "PARLEY_" + key.replace('-', '_').toUpperCase(java.util.Locale.ROOT);
            if (!parsed.hasMatchedOption(o) && !env.containsKey(envName)) {
                o.setValue(value);
            }
        });
    }

    public Config config() {
        return new Config(
                host.strip(),
                integer("port", port),
                integer("room-capacity", roomCapacity),
                integer("code-length", codeLength),
                Durations.parse("room-grace", roomGrace),
                integer("max-message-bytes", maxMessageBytes),
                number("rate-per-second", ratePerSecond),
                integer("rate-burst", rateBurst),
                integer("outbox-limit", outboxLimit),
                Durations.parse("ping-interval", pingInterval),
                Durations.parse("ping-timeout", pingTimeout),
                list(allowedOrigins),
                iceServers(),
                integer("join-failures-burst", joinFailuresBurst),
                number("join-failures-per-minute", joinFailuresPerMinute),
                secret,
                java.nio.file.Path.of(dataDir.strip()),
                longInteger("max-file-bytes", maxFileBytes),
                Durations.parse("resume-window", resumeWindow),
                turnSettings(),
                new TlsFiles(tlsCert.strip(), tlsKey.strip()),
                baseUrl.strip().replaceAll("/+$", ""),
                new BotSettings(telegramToken.strip(), telegramApiUrl.strip(), telegramWebhookSecret.strip(),
                        Durations.parse("telegram-ring-timeout", telegramRingTimeout),
                        Durations.parse("telegram-poll-timeout", telegramPollTimeout)),
                Durations.parse("drain-timeout", drainTimeout),
                logging(),
                authOptions.settings(AuthOptions.mode(auth)),
                https(),
                cidrs("trusted-proxies", trustedProxies),
                new SocketCaps(integer("max-sockets-per-address", maxSocketsPerAddress),
                        longInteger("outbox-bytes", outboxBytes), memory("message-memory", messageMemory),
                        Durations.parse("frame-timeout", frameTimeout)));
    }

    /** Bytes, or "N%" of the JVM's maximum heap. */
    private static long memory(String key, String text) {
        String t = text.strip();
        if (t.endsWith("%")) {
            double share = number(key, t.substring(0, t.length() - 1));
            if (!(share > 0 && share <= 90)) {
                throw new ConfigException(key, "'" + text + "' is not a share between 0% and 90% of the heap");
            }
            return (long) (Runtime.getRuntime().maxMemory() * share / 100);
        }
        return longInteger(key, t);
    }

    private Https https() {
        String self = selfSigned.strip().toLowerCase(java.util.Locale.ROOT);
        if (!self.equals("true") && !self.equals("false")) {
            throw new ConfigException("self-signed", "'" + selfSigned + "' is not true or false");
        }
        Https.Acme acme = new Https.Acme(domain.strip().toLowerCase(java.util.Locale.ROOT), acmeEmail.strip(),
                acmeDirectory.strip(), acmeCaCert.strip(), Durations.parse("acme-renew-before", acmeRenewBefore),
                Durations.parse("acme-check-interval", acmeCheckInterval));
        boolean httpsOn = !tlsCert.isBlank() || self.equals("true") || acme.enabled();
        String plain = httpPort.strip().toLowerCase(java.util.Locale.ROOT);
        int http = plain.equals("off") ? -1 : plain.isEmpty() ? (httpsOn ? 80 : -1) : integer("http-port", plain);
        return new Https(http, self.equals("true"), acme);
    }

    private static List<org.parley.turn.Cidr> cidrs(String key, String csv) {
        List<org.parley.turn.Cidr> out = new ArrayList<>();
        for (String cidr : list(csv)) {
            try {
                out.add(org.parley.turn.Cidr.parse(cidr));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key, e.getMessage());
            }
        }
        return out;
    }

    private Logging logging() {
        String format = logFormat.strip().toLowerCase(java.util.Locale.ROOT);
        if (!format.equals("plain") && !format.equals("json")) {
            throw new ConfigException("log-format", "'" + logFormat + "' is not plain or json");
        }
        String ips = logIps.strip().toLowerCase(java.util.Locale.ROOT);
        if (!ips.equals("true") && !ips.equals("false")) {
            throw new ConfigException("log-ips", "'" + logIps + "' is not true or false");
        }
        return new Logging(format.equals("json"), ips.equals("true"));
    }

    private TurnSettings turnSettings() {
        TurnSettings.Mode mode = switch (turn.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "embedded" -> TurnSettings.Mode.EMBEDDED;
            case "external" -> TurnSettings.Mode.EXTERNAL;
            case "off" -> TurnSettings.Mode.OFF;
            default -> throw new ConfigException("turn", "'" + turn + "' is not embedded, external or off");
        };
        String[] range = turnRelayPorts.strip().split("-", 2);
        if (range.length != 2) {
            throw new ConfigException("turn-relay-ports", "'" + turnRelayPorts + "' is not a range like 49152-65535");
        }
        List<org.parley.turn.Cidr> allow = cidrs("turn-allow-peers", turnAllowPeers);
        return new TurnSettings(mode, integer("turn-port", turnPort), turnPublicAddress.strip(),
                integer("turn-relay-ports", range[0]), integer("turn-relay-ports", range[1]), turnSecret,
                turnRealm.strip(), Durations.parse("turn-credential-ttl", turnCredentialTtl), allow,
                integer("turn-quota", turnQuota), integer("turn-max-kbps", turnMaxKbps), list(turnUrls),
                integer("turn-tls-port", turnTlsPort), turnHost.strip(),
                integer("turn-allocations-per-address", turnAllocationsPerAddress),
                integer("turn-tcp-per-address", turnTcpPerAddress), integer("turn-tcp-max", turnTcpMax));
    }

    private List<IceServer> iceServers() {
        List<IceServer> out = new ArrayList<>();
        for (String url : list(iceServers)) {
            boolean turn = url.startsWith("turn:") || url.startsWith("turns:");
            if (turn && iceUsername.isBlank()) {
                throw new ConfigException("ice-username", "required for " + url);
            }
            out.add(turn ? new IceServer(List.of(url), iceUsername, iceCredential) : IceServer.of(url));
        }
        return out;
    }

    private static List<String> list(String csv) {
        return Arrays.stream(csv.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static int integer(String key, String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "'" + text + "' is not a whole number");
        }
    }

    private static long longInteger(String key, String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "'" + text + "' is not a whole number");
        }
    }

    private static double number(String key, String text) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "'" + text + "' is not a number");
        }
    }
}
