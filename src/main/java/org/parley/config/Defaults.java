package org.parley.config;

/** Every default setting, in one place. Strings so that picocli can embed them in help text. */
public final class Defaults {
    public static final String HOST = "0.0.0.0";
    public static final String PORT = "8080";
    /** Full mesh: each member sends its media to every other, so six is what a home uplink carries. */
    public static final String ROOM_CAPACITY = "6";
    /** Easy to read aloud; guessing is stopped by room keys and rate limits, not by length. */
    public static final String CODE_LENGTH = "5";
    /** Long enough to survive a page reload, short enough that a room code does not linger. */
    public static final String ROOM_GRACE = "30s";
    /** An SDP offer with every codec and simulcast stays well under 16 KiB; 64 KiB leaves headroom. */
    public static final String MAX_MESSAGE_BYTES = "65536";
    /** Trickle ICE sends a burst of candidates per peer; five peers at once fit in the burst. */
    public static final String RATE_PER_SECOND = "50";
    public static final String RATE_BURST = "200";
    public static final String OUTBOX_LIMIT = "512";
    /**
     * Bytes queued for one client before it counts as not reading: sixteen of the largest
     * messages, far more than a healthy page ever has waiting, small enough that a thousand
     * stuck sockets do not fill a small heap.
     */
    public static final String OUTBOX_BYTES = "1048576";
    /**
     * Signaling sockets one client address may hold open: a whole office behind one NAT, every
     * person with a tab or two, fits; one script does not get the thousands it would need.
     */
    public static final String MAX_SOCKETS_PER_ADDRESS = "100";
    /**
     * Bytes of signaling messages in flight in the whole process (queued to be written, or read
     * and not yet handled): a share of the heap, so that many sockets that each stay within
     * their own bounds still cannot fill it together. "N%" of the JVM's maximum heap, or bytes.
     */
    public static final String MESSAGE_MEMORY = "25%";
    /**
     * How long one WebSocket frame may take to arrive once it began: a 64 KiB message over a
     * poor mobile link takes a few seconds; a client that starts a frame and stalls holds memory.
     */
    public static final String FRAME_TIMEOUT = "15s";
    /** Under the 30-60 s idle timeouts of common proxies and NATs. */
    public static final String PING_INTERVAL = "20s";
    /** Two missed pings plus slack. */
    public static final String PING_TIMEOUT = "45s";
    public static final String ALLOWED_ORIGINS = "";
    /**
     * How long a dropped socket's place in its room is kept for the page to resume it: a Wi-Fi
     * hand-over, a laptop lid or a proxy restart takes seconds; a minute covers a walk between
     * networks without keeping a ghost in the room for long.
     */
    public static final String RESUME_WINDOW = "60s";
    /** Failed room entries (unknown code, no or wrong key) an address may make at once ... */
    public static final String JOIN_FAILURES_BURST = "20";
    /** ... and how fast that allowance comes back: a typo is nothing, a code scan crawls. */
    public static final String JOIN_FAILURES_PER_MINUTE = "10";
    /** Files go browser to browser over a data channel; the limit keeps a tab's memory in bounds. */
    public static final String MAX_FILE_BYTES = "104857600";
    /** Empty: generate one into the data directory. */
    public static final String SECRET = "";
    public static final String DATA_DIR = "parley-data";
    public static final String ICE_SERVERS = "";
    public static final String ICE_USERNAME = "";
    public static final String ICE_CREDENTIAL = "";

    /** The embedded STUN/TURN server is on unless turned off or pointed elsewhere. */
    public static final String TURN = "embedded";
    /** The standard STUN/TURN port (RFC 8489 §6.2), UDP and TCP. */
    public static final String TURN_PORT = "3478";
    /** Empty: the listen address, or the first interface address when listening on all. */
    public static final String TURN_PUBLIC_ADDRESS = "";
    /** The dynamic port range (RFC 6335), the same as coturn's default. */
    public static final String TURN_RELAY_PORTS = "49152-65535";
    /** Empty: derived from the server secret (embedded); required for --turn external. */
    public static final String TURN_SECRET = "";
    public static final String TURN_REALM = "parley";
    /** Checked at Allocate only; a page fetches fresh credentials before every ICE restart. */
    public static final String TURN_CREDENTIAL_TTL = "10m";
    public static final String TURN_ALLOW_PEERS = "";
    /** Allocations per credential (LiveKit's default): a full mesh of six over UDP and TCP fits. */
    public static final String TURN_QUOTA = "12";
    /** Per allocation: HD video plus a screen share, not a file server. */
    public static final String TURN_MAX_KBPS = "20000";
    /**
     * Relay allocations one client address may hold: a caller in a mesh of six needs up to
     * fifteen (five peers, UDP, TCP and TLS), and a few callers may share one NAT.
     */
    public static final String TURN_ALLOCATIONS_PER_ADDRESS = "100";
    /** TURN over TCP/TLS connections per client address: one per allocation over a stream. */
    public static final String TURN_TCP_PER_ADDRESS = "32";
    /** TURN over TCP/TLS connections in all: each is a socket and a thread of the process. */
    public static final String TURN_TCP_MAX = "2000";
    public static final String TURN_URLS = "";
    /** TURN over TLS (RFC 8656 §3.1), on when --tls-cert and --tls-key are given; 443 passes most firewalls. */
    public static final String TURN_TLS_PORT = "5349";
    /** Empty: the advertised address. */
    public static final String TURN_HOST = "";
    public static final String TLS_CERT = "";
    public static final String TLS_KEY = "";
    /** Empty: 80 when HTTPS is on (redirects, ACME challenges), no plain listener otherwise; "off" for none. */
    public static final String HTTP_PORT = "";
    public static final String SELF_SIGNED = "false";
    /** Empty: no automatic certificate. */
    public static final String DOMAIN = "";
    public static final String ACME_EMAIL = "";
    public static final String ACME_DIRECTORY = "https://acme-v02.api.letsencrypt.org/directory";
    /** Empty: the JDK's trusted CAs; a PEM file adds a private ACME CA (step-ca, pebble). */
    public static final String ACME_CA_CERT = "";
    /** Let's Encrypt's own advice: renew when a third of a 90-day certificate is left. */
    public static final String ACME_RENEW_BEFORE = "30d";
    /** Twice a day, as certbot's timer does: a failed renewal is retried long before expiry. */
    public static final String ACME_CHECK_INTERVAL = "12h";
    /** Empty: no proxy is trusted; X-Forwarded-* headers are ignored. */
    public static final String TRUSTED_PROXIES = "";

    /** Access control is off: anyone with a link (or a code, by knocking) may make and enter rooms. */
    public static final String AUTH = "none";
    /** A shared secret is the simplest setup; RS256/ES256 let another system hold the signing key. */
    public static final String AUTH_ALG = "HS256";
    /** Empty: no key (required once --auth is create or join). */
    public static final String AUTH_KEY = "";
    /** Empty: no private key; the bot then needs HS256 to mint its links' tokens. */
    public static final String AUTH_PRIVATE_KEY = "";
    /** Empty: the iss claim is not checked. */
    public static final String AUTH_ISSUER = "";
    /** Tokens meant for another service (same key, other audience) do not open rooms here. */
    public static final String AUTH_AUDIENCE = "parley";

    /** Empty: no public address known (the bot needs one for its links). */
    public static final String BASE_URL = "";
    /** Empty: no bot. */
    public static final String TELEGRAM_TOKEN = "";
    public static final String TELEGRAM_API_URL = "https://api.telegram.org";
    /** Empty: long polling; set, the bot takes webhooks at /telegram/webhook checked against it. */
    public static final String TELEGRAM_WEBHOOK_SECRET = "";
    /** How long "Alice is calling you" rings before it turns into "Missed call". */
    public static final String TELEGRAM_RING_TIMEOUT = "60s";
    /** Long-polling wait per getUpdates; under the 60 s idle timeouts of common proxies. */
    public static final String TELEGRAM_POLL_TIMEOUT = "25s";

    /** On SIGTERM, how long calls in progress may go on before the process exits anyway. */
    public static final String DRAIN_TIMEOUT = "5m";

    /** plain: one line per event; json: one JSON object per line, for log shippers. */
    public static final String LOG_FORMAT = "plain";
    /** Caller (and server) addresses stay out of the logs unless the host turns this on. */
    public static final String LOG_IPS = "false";

    private Defaults() {}
}
