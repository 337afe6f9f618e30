package org.parley.turn.server.proto;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** UNKNOWN-ATTRIBUTES (RFC 8489 §14.13): the comprehension-required types a 420 error did not know. */
public record UnknownAttributes(List<Integer> types) implements StunAttribute {
    public static final int TYPE = 0x000A;

    public UnknownAttributes {
        types = List.copyOf(types);
    }

    @Override
    public int type() {
        return TYPE;
    }

    /** A 420 lists every unknown type the request carried: up to ~16k of them. */
    @Override
    public int sizeHint() {
        return 2 * types.size() + 8;
    }

    @Override
    public void writeValue(ByteBuffer out, byte[] transactionId) {
        for (int t : types) {
            out.putShort((short) t);
        }
    }

    static UnknownAttributes decode(ByteBuffer value) throws StunException {
        if (value.remaining() % 2 != 0) {
            throw new StunException("UNKNOWN-ATTRIBUTES has an odd length");
        }
        List<Integer> types = new ArrayList<>();
        while (value.hasRemaining()) {
            types.add(value.getShort() & 0xffff);
        }
        return new UnknownAttributes(types);
    }
}
