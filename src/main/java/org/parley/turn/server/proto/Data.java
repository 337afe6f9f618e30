package org.parley.turn.server.proto;

import java.nio.ByteBuffer;

/** DATA (RFC 8656 §18.4): the application datagram carried by Send and Data indications. */
public record Data(byte[] bytes) implements StunAttribute {
    public static final int TYPE = 0x0013;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int sizeHint() {
        return bytes.length + 8;
    }

    @Override
    public void writeValue(ByteBuffer out, byte[] transactionId) {
        out.put(bytes);
    }

    static Data decode(ByteBuffer value) {
        byte[] b = new byte[value.remaining()];
        value.get(b);
        return new Data(b);
    }
}
