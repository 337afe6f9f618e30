package org.parley.turn.server;

import java.util.Optional;
import org.parley.turn.server.proto.Lifetime;

/** Allocation lifetimes (RFC 8656 §7.2, §7.3): 10 minutes by default, at most an hour. */
final class Lifetimes {
    static final long DEFAULT_SECONDS = 600;
    static final long MAX_SECONDS = 3600;

    private Lifetimes() {
    }

    /** The lifetime granted for a requested one: below the default gets the default. */
    static long grant(Optional<Lifetime> requested) {
        long asked = requested.map(Lifetime::seconds).orElse(DEFAULT_SECONDS);
        return Math.max(DEFAULT_SECONDS, Math.min(asked, MAX_SECONDS));
    }

    static long expiry(long seconds, long now) {
        return now + seconds * 1_000_000_000L;
    }
}
