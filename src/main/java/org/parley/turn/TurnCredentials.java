package org.parley.turn;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived TURN credentials in the TURN REST scheme (draft-uberti-behave-turn-rest, as coturn's
 * {@code use-auth-secret}): the username is {@code expiry:opaque-id} with the expiry in Unix
 * seconds, and the password is {@code base64(HMAC-SHA1(secret, username))}. Any server holding the
 * same secret can check them without a database; the random id says nothing about the caller.
 */
public final class TurnCredentials {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One minted pair, as the browser puts it in {@code RTCIceServer}. */
    public record Credential(String username, String password) {
        @Override
        public String toString() {
            return "Credential[username=" + username + ", password=<hidden>]";
        }
    }

    private final String secret;
    private final Duration ttl;
    private final Clock clock;

    public TurnCredentials(String secret, Duration ttl, Clock clock) {
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("the TURN secret is empty");
        }
        this.secret = secret;
        this.ttl = ttl;
        this.clock = clock;
    }

    public Credential mint() {
        byte[] id = new byte[9];
        RANDOM.nextBytes(id);
        long expiry = clock.instant().plus(ttl).getEpochSecond();
        String username = expiry + ":" + HexFormat.of().formatHex(id);
        return new Credential(username, password(username));
    }

    public String password(String username) {
        return password(secret, username);
    }

    /** True when the username's expiry is in the past or unreadable. */
    public boolean expired(String username) {
        OptionalLong expiry = expiry(username);
        return expiry.isEmpty() || expiry.getAsLong() < clock.instant().getEpochSecond();
    }

    public static String password(String secret, String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }

    /**
     * The embedded server's TURN secret, derived from the server secret so that it survives
     * restarts and is the same on every node that shares the server secret.
     */
    public static String derive(byte[] serverSecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(serverSecret, "HmacSHA256"));
            byte[] out = mac.doFinal("parley turn rest secret".getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** The expiry of a REST username: the digits before the first ':' (or the whole name). */
    static OptionalLong expiry(String username) {
        int colon = username.indexOf(':');
        String head = colon < 0 ? username : username.substring(0, colon);
        if (head.isEmpty() || head.length() > 12 || !head.chars().allMatch(Character::isDigit)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(head));
    }
}
