package org.parley.turn.server.proto;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * FINGERPRINT (RFC 8489 §14.7): CRC-32 of the message up to this attribute, XOR 0x5354554E. It
 * must be the last attribute; it tells STUN apart from other protocols on the same port.
 */
public record Fingerprint(int value) implements StunAttribute {
    public static final int TYPE = 0x8028;
    static final int XOR = 0x5354554E;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void writeValue(ByteBuffer out, byte[] transactionId) {
        out.putInt(value);
    }

    static Fingerprint decode(ByteBuffer value) throws StunException {
        if (value.remaining() != 4) {
            throw new StunException("FINGERPRINT must be 4 bytes");
        }
        return new Fingerprint(value.getInt());
    }

    /** The fingerprint of {@code length} bytes of an encoded message. */
    static int of(byte[] message, int length) {
        CRC32 crc = new CRC32();
        crc.update(message, 0, length);
        return (int) crc.getValue() ^ XOR;
    }
}
