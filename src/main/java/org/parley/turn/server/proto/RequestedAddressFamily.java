package org.parley.turn.server.proto;

import java.nio.ByteBuffer;

/** REQUESTED-ADDRESS-FAMILY (RFC 8656 §18.6): 0x01 for an IPv4 relay, 0x02 for IPv6. */
public record RequestedAddressFamily(int family) implements StunAttribute {
    public static final int TYPE = 0x0017;
    public static final int IPV4 = 0x01;
    public static final int IPV6 = 0x02;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void writeValue(ByteBuffer out, byte[] transactionId) {
        out.put((byte) family);
        out.put(new byte[3]);
    }

    static RequestedAddressFamily decode(ByteBuffer value) throws StunException {
        if (value.remaining() != 4) {
            throw new StunException("REQUESTED-ADDRESS-FAMILY must be 4 bytes");
        }
        return new RequestedAddressFamily(value.get() & 0xff);
    }
}
