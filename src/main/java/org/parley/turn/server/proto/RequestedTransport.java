package org.parley.turn.server.proto;

import java.nio.ByteBuffer;

/** REQUESTED-TRANSPORT (RFC 8656 §18.8): the IP protocol number of the relay; only UDP (17) is offered. */
public record RequestedTransport(int protocol) implements StunAttribute {
    public static final int TYPE = 0x0019;
    public static final int UDP = 17;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void writeValue(ByteBuffer out, byte[] transactionId) {
        out.put((byte) protocol);
        out.put(new byte[3]);
    }

    static RequestedTransport decode(ByteBuffer value) throws StunException {
        if (value.remaining() != 4) {
            throw new StunException("REQUESTED-TRANSPORT must be 4 bytes");
        }
        return new RequestedTransport(value.get() & 0xff);
    }
}
