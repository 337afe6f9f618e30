package org.parley.turn.server.proto;

import java.nio.ByteBuffer;

/** EVEN-PORT (RFC 8656 §18.7): asks for an even relay port, and with R set to reserve the next one. */
public record EvenPort(boolean reserveNext) implements StunAttribute {
    public static final int TYPE = 0x0018;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void writeValue(ByteBuffer out, byte[] transactionId) {
        out.put((byte) (reserveNext ? 0x80 : 0));
    }

    static EvenPort decode(ByteBuffer value) throws StunException {
        if (value.remaining() != 1) {
            throw new StunException("EVEN-PORT must be 1 byte");
        }
        return new EvenPort((value.get() & 0x80) != 0);
    }
}
