package org.parley.turn.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** ERROR-CODE (RFC 8489 §14.8): a code 300-699 (class and number) and a reason phrase. */
public record ErrorCodeAttribute(int code, String reason) implements StunAttribute {
    public static final int TYPE = 0x0009;
    public static final int BAD_REQUEST = 400;
    public static final int UNKNOWN_ATTRIBUTE = 420;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void writeValue(ByteBuffer out, byte[] transactionId) {
        out.putShort((short) 0);
        out.put((byte) (code / 100));
        out.put((byte) (code % 100));
        out.put(reason.getBytes(StandardCharsets.UTF_8));
    }

    static ErrorCodeAttribute decode(ByteBuffer value) throws StunException {
        if (value.remaining() < 4) {
            throw new StunException("ERROR-CODE too short");
        }
        value.getShort();
        int cls = value.get() & 0x07;
        int number = value.get() & 0xff;
        if (cls < 3 || cls > 6 || number > 99) {
            throw new StunException("ERROR-CODE out of range");
        }
        byte[] b = new byte[value.remaining()];
        value.get(b);
        return new ErrorCodeAttribute(cls * 100 + number, new String(b, StandardCharsets.UTF_8));
    }
}
