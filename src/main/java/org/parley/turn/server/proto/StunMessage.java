package org.parley.turn.server.proto;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A STUN message (RFC 8489 §5): a 20-byte header (type, length, magic cookie, 96-bit transaction
 * id) and TLV attributes padded to 4 bytes. Decoding is strict about framing and lenient about
 * content: anything that cannot be framed is a {@link StunException} and the datagram is dropped.
 */
public record StunMessage(int method, MessageClass messageClass, byte[] transactionId, List<StunAttribute> attributes) {
    public static final int MAGIC_COOKIE = 0x2112A442;
    public static final int HEADER_BYTES = 20;
    public static final int BINDING = 0x001;
    /** TURN methods (RFC 8656 §17). */
    public static final int ALLOCATE = 0x003;
    public static final int REFRESH = 0x004;
    public static final int SEND = 0x006;
    public static final int DATA = 0x007;
    public static final int CREATE_PERMISSION = 0x008;
    public static final int CHANNEL_BIND = 0x009;

    /** The two class bits (RFC 8489 §5). */
    public enum MessageClass { REQUEST, INDICATION, SUCCESS, ERROR }

    public StunMessage {
        if (transactionId.length != 12) {
            throw new IllegalArgumentException("transaction id must be 96 bits");
        }
        transactionId = transactionId.clone();
        attributes = List.copyOf(attributes);
    }

    @Override
    public byte[] transactionId() {
        return transactionId.clone();
    }

    public <A extends StunAttribute> Optional<A> attribute(Class<A> kind) {
        for (StunAttribute a : attributes) {
            if (kind.isInstance(a)) {
                return Optional.of(kind.cast(a));
            }
        }
        return Optional.empty();
    }

    /** Every attribute of a kind, in order (CreatePermission may carry several XOR-PEER-ADDRESSes). */
    public <A extends StunAttribute> List<A> attributes(Class<A> kind) {
        return attributes.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /** A response to this request, same method and transaction, with a fingerprint appended. */
    public StunMessage respond(MessageClass cls, List<StunAttribute> attrs) {
        return new StunMessage(method, cls, transactionId, attrs);
    }

    /** The 14-bit message type: method bits interleaved with the class bits C0 (bit 4) and C1 (bit 8). */
    static int type(int method, MessageClass cls) {
        int c = cls.ordinal();
        return (method & 0x000F) | ((method & 0x0070) << 1) | ((method & 0x0F80) << 2)
                | ((c & 1) << 4) | ((c & 2) << 7);
    }

    /** Encodes with FINGERPRINT as the last attribute (RFC 8489 §14.7). */
    public byte[] encode() {
        return encode(null);
    }

    /**
     * Encodes with MESSAGE-INTEGRITY keyed by {@code integrityKey} (when not null) followed by
     * FINGERPRINT (RFC 8489 §14.5, §14.7). Either attribute in the list is ignored: both are computed.
     */
    public byte[] encode(byte[] integrityKey) {
        int capacity = HEADER_BYTES + 64;
        for (StunAttribute a : attributes) {
            capacity += a.sizeHint();
        }
        ByteBuffer out = ByteBuffer.allocate(capacity);
        out.putShort((short) type(method, messageClass));
        out.putShort((short) 0);
        out.putInt(MAGIC_COOKIE);
        out.put(transactionId);
        for (StunAttribute a : attributes) {
            if (!(a instanceof Fingerprint) && !(a instanceof MessageIntegrity)) {
                writeAttribute(out, a);
            }
        }
        if (integrityKey != null) {
            out.putShort(2, (short) (out.position() - HEADER_BYTES + 4 + MessageIntegrity.SIZE));
            writeAttribute(out, new MessageIntegrity(MessageIntegrity.of(out.array(), out.position(), integrityKey)));
        }
        // The length covers the fingerprint that follows: set it before computing the CRC.
        int lengthWithFingerprint = out.position() - HEADER_BYTES + 8;
        if (lengthWithFingerprint > 0xFFFF) {
            // E.g. a Data indication for a 65,527-byte datagram from an IPv6 peer: the length field
            // would wrap, and a stream client would read the rest as the next frames.
            throw new IllegalArgumentException("a STUN message body of " + lengthWithFingerprint
                    + " bytes does not fit the 16-bit length field (RFC 8489 §5)");
        }
        out.putShort(2, (short) lengthWithFingerprint);
        int crc = Fingerprint.of(out.array(), out.position());
        writeAttribute(out, new Fingerprint(crc));
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }

    private void writeAttribute(ByteBuffer out, StunAttribute a) {
        int start = out.position();
        out.putShort((short) a.type());
        out.putShort((short) 0);
        a.writeValue(out, transactionId);
        int length = out.position() - start - 4;
        out.putShort(start + 2, (short) length);
        while (out.position() % 4 != 0) {
            out.put((byte) 0);
        }
    }

    /** True when the first bytes look like STUN (RFC 8489 §5: top bits zero and the magic cookie). */
    public static boolean looksLikeStun(byte[] data, int length) {
        return length >= HEADER_BYTES && (data[0] & 0xC0) == 0
                && ByteBuffer.wrap(data, 4, 4).getInt() == MAGIC_COOKIE;
    }

    public static StunMessage decode(byte[] data, int length) throws StunException {
        if (!looksLikeStun(data, length)) {
            throw new StunException("not a STUN message");
        }
        ByteBuffer in = ByteBuffer.wrap(data, 0, length);
        int type = in.getShort() & 0xffff;
        int bodyLength = in.getShort() & 0xffff;
        in.getInt();
        if (bodyLength % 4 != 0 || bodyLength != length - HEADER_BYTES) {
            throw new StunException("length field does not match the datagram");
        }
        byte[] txid = new byte[12];
        in.get(txid);
        List<StunAttribute> attrs = new ArrayList<>();
        boolean afterIntegrity = false;
        while (in.hasRemaining()) {
            if (in.remaining() < 4) {
                throw new StunException("truncated attribute header");
            }
            int attrStart = in.position();
            int attrType = in.getShort() & 0xffff;
            int attrLength = in.getShort() & 0xffff;
            int padded = (attrLength + 3) & ~3;
            if (padded > in.remaining()) {
                throw new StunException("attribute runs past the end");
            }
            ByteBuffer value = in.slice(in.position(), attrLength);
            StunAttribute attr = StunAttribute.decode(attrType, value, txid);
            if (attr instanceof Fingerprint f) {
                if (in.position() + padded != length) {
                    throw new StunException("FINGERPRINT is not the last attribute");
                }
                if (Fingerprint.of(data, attrStart) != f.value()) {
                    throw new StunException("bad FINGERPRINT");
                }
            }
            // Attributes after MESSAGE-INTEGRITY, except FINGERPRINT, are ignored (RFC 8489 §14.5).
            if (!afterIntegrity || attr instanceof Fingerprint) {
                attrs.add(attr);
            }
            afterIntegrity |= attr instanceof MessageIntegrity;
            in.position(in.position() + padded);
        }
        int method = (type & 0x000F) | ((type & 0x00E0) >> 1) | ((type & 0x3E00) >> 2);
        int cls = ((type >> 4) & 1) | ((type >> 7) & 2);
        return new StunMessage(method, MessageClass.values()[cls], txid, attrs);
    }
}
