package org.parley.turn.server.proto;

import java.nio.ByteBuffer;

/** LIFETIME (RFC 8656 §18.2): seconds until an allocation expires; 0 in a Refresh deletes it. */
public record Lifetime(long seconds) implements StunAttribute {
    public static final int TYPE = 0x000D;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void writeValue(ByteBuffer out, byte[] transactionId) {
        out.putInt((int) seconds);
    }

    static Lifetime decode(ByteBuffer value) throws StunException {
        if (value.remaining() != 4) {
            throw new StunException("LIFETIME must be 4 bytes");
        }
        return new Lifetime(Integer.toUnsignedLong(value.getInt()));
    }
}
