package org.parley.turn.server.proto;

import java.nio.ByteBuffer;

/** CHANNEL-NUMBER (RFC 8656 §18.1): a 16-bit channel number followed by 16 reserved bits. */
public record ChannelNumber(int number) implements StunAttribute {
    public static final int TYPE = 0x000C;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void writeValue(ByteBuffer out, byte[] transactionId) {
        out.putShort((short) number);
        out.putShort((short) 0);
    }

    static ChannelNumber decode(ByteBuffer value) throws StunException {
        if (value.remaining() != 4) {
            throw new StunException("CHANNEL-NUMBER must be 4 bytes");
        }
        return new ChannelNumber(value.getShort() & 0xffff);
    }
}
