package org.parley.turn.server.proto;

import java.nio.ByteBuffer;

/** USERNAME (RFC 8489 §14.3): the long-term credential's user, under 513 bytes. */
public record Username(String value) implements StunAttribute {
    public static final int TYPE = 0x0006;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int sizeHint() {
        return Text.sizeHint(value);
    }

    @Override
    public void writeValue(ByteBuffer out, byte[] transactionId) {
        Text.write(out, value);
    }

    static Username decode(ByteBuffer value) throws StunException {
        return new Username(Text.read(value, 513, "USERNAME"));
    }
}
