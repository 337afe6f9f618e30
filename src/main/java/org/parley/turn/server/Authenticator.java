package org.parley.turn.server;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.parley.turn.TurnCredentials;
import org.parley.turn.server.proto.ErrorCodeAttribute;
import org.parley.turn.server.proto.MessageIntegrity;
import org.parley.turn.server.proto.Nonce;
import org.parley.turn.server.proto.Realm;
import org.parley.turn.server.proto.Username;

/**
 * The long-term credential mechanism (RFC 8489 §9.2) over TURN REST credentials: a request
 * without MESSAGE-INTEGRITY gets 401 with REALM and NONCE; a stale nonce gets 438; a wrong
 * password gets 401. Nonces are stateless (expiry plus an HMAC under a key made at start), so a
 * flood of unauthenticated requests allocates nothing. The credential's own expiry is checked at
 * Allocate only: refreshing a running allocation never cuts a long call off.
 */
final class Authenticator {
    private static final long NONCE_SECONDS = 600;

    /** Either the credential's key (requests continue) or the error reply to send. */
    record Result(String username, byte[] key, byte[] rejection) {
        boolean accepted() {
            return rejection == null;
        }
    }

    private final String realm;
    private final TurnCredentials credentials;
    private final byte[] nonceKey = new byte[32];

    Authenticator(String realm, TurnCredentials credentials) {
        this.realm = realm;
        this.credentials = credentials;
        new SecureRandom().nextBytes(nonceKey);
    }

    Result check(Request r, boolean checkExpiry) {
        var m = r.message();
        if (m.attribute(MessageIntegrity.class).isEmpty()) {
            return reject(r.error(null, ErrorCodeAttribute.UNAUTHENTICATED, "Unauthenticated", new Realm(realm),
                    new Nonce(nonce())));
        }
        var username = m.attribute(Username.class);
        var nonce = m.attribute(Nonce.class);
        if (username.isEmpty() || nonce.isEmpty() || m.attribute(Realm.class).isEmpty()) {
            return reject(r.error(null, ErrorCodeAttribute.BAD_REQUEST, "Missing USERNAME, REALM or NONCE"));
        }
        if (!fresh(nonce.get().value())) {
            return reject(r.error(null, ErrorCodeAttribute.STALE_NONCE, "Stale Nonce", new Realm(realm),
                    new Nonce(nonce())));
        }
        String user = username.get().value();
        byte[] key = MessageIntegrity.longTermKey(user, realm, credentials.password(user));
        if (!MessageIntegrity.verify(r.raw(), r.length(), key) || (checkExpiry && credentials.expired(user))) {
            return reject(r.error(null, ErrorCodeAttribute.UNAUTHENTICATED, "Unauthenticated", new Realm(realm),
                    new Nonce(nonce())));
        }
        return new Result(user, key, null);
    }

    private static Result reject(byte[] reply) {
        return new Result(null, null, reply);
    }

    String nonce() {
        String expiry = Long.toHexString(System.currentTimeMillis() / 1000 + NONCE_SECONDS);
        return expiry + "-" + mac(expiry);
    }

    boolean fresh(String nonce) {
        int dash = nonce.indexOf('-');
        if (dash <= 0 || dash > 16) {
            return false;
        }
        String expiry = nonce.substring(0, dash);
        byte[] expected = mac(expiry).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = nonce.substring(dash + 1).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, actual)) {
            return false;
        }
        try {
            return Long.parseLong(expiry, 16) >= System.currentTimeMillis() / 1000;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private String mac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(nonceKey, "HmacSHA256"));
            byte[] full = mac.doFinal(text.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(full, 0, 12);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
