package org.parley.room;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Room keys: the secret half of a link ({@code ?room=CODE#KEY}). A random key lives and dies with
 * its room. A standing key for a named room is derived from the server secret and the name, so a
 * team's daily link keeps working across days and restarts with nothing stored.
 */
public final class RoomKeys {
    /** 128 bits, as 22 base64url characters. */
    private static final int KEY_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final byte[] secret;

    public RoomKeys(byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("the server secret must hold at least 128 bits");
        }
        this.secret = secret.clone();
    }

    public static String random() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return B64.encodeToString(key);
    }

    /** The standing key of a named room (HMAC-SHA256 of the name, cut to 128 bits). */
    public String standing(String roomName) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] full = mac.doFinal(("parley-room-key-v1:" + roomName).getBytes(StandardCharsets.UTF_8));
            return B64.encodeToString(Arrays.copyOf(full, KEY_BYTES));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Compares in constant time, so that timing does not reveal how much of a guess was right. */
    static boolean same(String expected, String given) {
        return given != null && expected != null && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
