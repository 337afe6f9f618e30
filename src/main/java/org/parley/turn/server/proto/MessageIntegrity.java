package org.parley.turn.server.proto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * MESSAGE-INTEGRITY (RFC 8489 §14.5): HMAC-SHA1 over the message up to this attribute, with the
 * header's length field counting up to and including it. Long-term credentials key it with
 * MD5(username ":" realm ":" password) (RFC 8489 §9.2.2).
 */
public record MessageIntegrity(byte[] hmac) implements StunAttribute {
    public static final int TYPE = 0x0008;
    static final int SIZE = 20;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void writeValue(ByteBuffer out, byte[] transactionId) {
        out.put(hmac);
    }

    static MessageIntegrity decode(ByteBuffer value) throws StunException {
        if (value.remaining() != SIZE) {
            throw new StunException("MESSAGE-INTEGRITY must be 20 bytes");
        }
        byte[] b = new byte[SIZE];
        value.get(b);
        return new MessageIntegrity(b);
    }

    /** The long-term credential key (RFC 8489 §9.2.2, MD5 algorithm). */
    public static byte[] longTermKey(String username, String realm, String password) {
        try {
            return MessageDigest.getInstance("MD5")
                    .digest((username + ":" + realm + ":" + password).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }

    /** The HMAC of an encoded message prefix whose length field already counts this attribute. */
    static byte[] of(byte[] message, int length, byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            mac.update(message, 0, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }

    /**
     * Checks a received message's MESSAGE-INTEGRITY with {@code key}: false when it is absent or
     * wrong. The message has already been framed by {@link StunMessage#decode}; this walks the
     * attributes again to find where the HMAC starts, and compares in constant time.
     */
    public static boolean verify(byte[] data, int length, byte[] key) {
        int pos = StunMessage.HEADER_BYTES;
        while (pos + 4 <= length) {
            int type = ((data[pos] & 0xff) << 8) | (data[pos + 1] & 0xff);
            int attrLength = ((data[pos + 2] & 0xff) << 8) | (data[pos + 3] & 0xff);
            if (type == TYPE) {
                if (attrLength != SIZE || pos + 4 + SIZE > length) {
                    return false;
                }
                byte[] copy = java.util.Arrays.copyOf(data, pos);
                int adjusted = pos + 4 + SIZE - StunMessage.HEADER_BYTES;
                copy[2] = (byte) (adjusted >> 8);
                copy[3] = (byte) adjusted;
                byte[] expected = of(copy, pos, key);
                byte[] actual = java.util.Arrays.copyOfRange(data, pos + 4, pos + 4 + SIZE);
                return MessageDigest.isEqual(expected, actual);
            }
            pos += 4 + ((attrLength + 3) & ~3);
        }
        return false;
    }
}
