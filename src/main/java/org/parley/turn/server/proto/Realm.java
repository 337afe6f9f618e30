package org.parley.turn.server.proto;

import java.nio.ByteBuffer;

/** REALM (RFC 8489 §14.9): names the credential domain; sent with 401 and echoed by the client. */
public record Realm(String value) implements StunAttribute {
    public static final int TYPE = 0x0014;

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

    static Realm decode(ByteBuffer value) throws StunException {
        return new Realm(Text.read(value, 763, "REALM"));
    }
}
