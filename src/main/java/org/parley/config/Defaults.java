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

    private Defaults() {}
}
