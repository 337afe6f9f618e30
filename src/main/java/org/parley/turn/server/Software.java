package org.parley.turn.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** SOFTWARE (RFC 8489 §14.14): a UTF-8 description of the agent, under 128 characters. */
public record Software(String description) implements StunAttribute {
    public static final int TYPE = 0x8022;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void writeValue(ByteBuffer out, byte[] transactionId) {
        out.put(description.getBytes(StandardCharsets.UTF_8));
    }

    static Software decode(ByteBuffer value) throws StunException {
        if (value.remaining() > 763) {
            throw new StunException("SOFTWARE too long");
        }
        byte[] b = new byte[value.remaining()];
        value.get(b);
        return new Software(new String(b, StandardCharsets.UTF_8));
    }
}
