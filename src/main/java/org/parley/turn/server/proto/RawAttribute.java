package org.parley.turn.server.proto;

import java.nio.ByteBuffer;

/** An attribute this server does not interpret, kept as bytes (RFC 8489 §14: "unknown"). */
public record RawAttribute(int type, byte[] value) implements StunAttribute {
    @Override
    public int sizeHint() {
        return value.length + 8;
    }

    @Override
    public void writeValue(ByteBuffer out, byte[] transactionId) {
        out.put(value);
    }

    static RawAttribute decode(int type, ByteBuffer value) {
        byte[] b = new byte[value.remaining()];
        value.get(b);
        return new RawAttribute(type, b);
    }
}
