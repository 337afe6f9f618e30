package org.parley.turn.server.proto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** ERROR-CODE (RFC 8489 §14.8): a code 300-699 (class and number) and a reason phrase. */
public record ErrorCodeAttribute(int code, String reason) implements StunAttribute {
    public static final int TYPE = 0x0009;
    public static final int BAD_REQUEST = 400;
    public static final int UNAUTHENTICATED = 401;
    public static final int FORBIDDEN = 403;
    public static final int UNKNOWN_ATTRIBUTE = 420;
    /** TURN errors (RFC 8656 §19). */
    public static final int ALLOCATION_MISMATCH = 437;
    public static final int STALE_NONCE = 438;
    public static final int ADDRESS_FAMILY_NOT_SUPPORTED = 440;
    public static final int WRONG_CREDENTIALS = 441;
    public static final int UNSUPPORTED_TRANSPORT = 442;
    public static final int ALLOCATION_QUOTA_REACHED = 486;
    public static final int SERVER_ERROR = 500;
    public static final int INSUFFICIENT_CAPACITY = 508;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int sizeHint() {
        return 4 + Text.sizeHint(reason);
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
