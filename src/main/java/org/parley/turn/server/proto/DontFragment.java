package org.parley.turn.server.proto;

import java.nio.ByteBuffer;

/** DONT-FRAGMENT (RFC 8656 §18.9): no value; asks the server to set DF on relayed datagrams. */
public record DontFragment() implements StunAttribute {
    public static final int TYPE = 0x001A;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void writeValue(ByteBuffer out, byte[] transactionId) {
        // empty value
    }

    static DontFragment decode(ByteBuffer value) throws StunException {
        if (value.hasRemaining()) {
            throw new StunException("DONT-FRAGMENT has no value");
        }
        return new DontFragment();
    }
}
