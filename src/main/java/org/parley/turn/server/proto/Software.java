package org.parley.turn.server.proto;

import java.nio.ByteBuffer;

/** SOFTWARE (RFC 8489 §14.14): a UTF-8 description of the agent, under 128 characters. */
public record Software(String description) implements StunAttribute {
    public static final int TYPE = 0x8022;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int sizeHint() {
        return Text.sizeHint(description);
    }

    @Override
    public void writeValue(ByteBuffer out, byte[] transactionId) {
        Text.write(out, description);
    }

    static Software decode(ByteBuffer value) throws StunException {
        return new Software(Text.read(value, 763, "SOFTWARE"));
    }
}
