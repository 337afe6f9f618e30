package org.parley.turn.server.proto;

import java.nio.ByteBuffer;

/** RESERVATION-TOKEN (RFC 8656 §18.10): 8 bytes naming a relay port reserved by an earlier EVEN-PORT. */
public record ReservationToken(long token) implements StunAttribute {
    public static final int TYPE = 0x0022;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void writeValue(ByteBuffer out, byte[] transactionId) {
        out.putLong(token);
    }

    static ReservationToken decode(ByteBuffer value) throws StunException {
        if (value.remaining() != 8) {
            throw new StunException("RESERVATION-TOKEN must be 8 bytes");
        }
        return new ReservationToken(value.getLong());
    }
}
