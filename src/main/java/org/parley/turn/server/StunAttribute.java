package org.parley.turn.server;

import java.nio.ByteBuffer;

/**
 * One STUN attribute (RFC 8489 §14): a type, and a value encoded in the message's context (the
 * XOR-ed address attributes need the transaction id). Each record knows its own wire form.
 */
public sealed interface StunAttribute
        permits XorMappedAddress, Software, ErrorCodeAttribute, UnknownAttributes, Fingerprint, RawAttribute {

    int type();

    /** Writes the value (without type, length or padding). */
    void writeValue(ByteBuffer out, byte[] transactionId);

    /** Attributes 0x0000-0x7FFF must be understood by the receiver (RFC 8489 §14). */
    static boolean comprehensionRequired(int type) {
        return type < 0x8000;
    }

    /** Decodes a value by type; unknown types are kept raw for the handler to judge. */
    static StunAttribute decode(int type, ByteBuffer value, byte[] transactionId) throws StunException {
        return switch (type) {
            case XorMappedAddress.TYPE -> XorMappedAddress.decode(value, transactionId);
            case Software.TYPE -> Software.decode(value);
            case ErrorCodeAttribute.TYPE -> ErrorCodeAttribute.decode(value);
            case UnknownAttributes.TYPE -> UnknownAttributes.decode(value);
            case Fingerprint.TYPE -> Fingerprint.decode(value);
            default -> RawAttribute.decode(type, value);
        };
    }
}
