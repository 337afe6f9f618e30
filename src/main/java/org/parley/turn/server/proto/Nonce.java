package org.parley.turn.server.proto;

import java.nio.ByteBuffer;

/** NONCE (RFC 8489 §14.10): a server-chosen value the client echoes; a stale one gets 438. */
public record Nonce(String value) implements StunAttribute {
    public static final int TYPE = 0x0015;

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

    static Nonce decode(ByteBuffer value) throws StunException {
        return new Nonce(Text.read(value, 763, "NONCE"));
    }
}
