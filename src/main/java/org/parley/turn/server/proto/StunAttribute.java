package org.parley.turn.server.proto;

import java.nio.ByteBuffer;

/**
 * One STUN attribute (RFC 8489 §14, RFC 8656 §18): a type, and a value encoded in the message's
 * context (the XOR-ed address attributes need the transaction id). Each record knows its own wire
 * form; types this server does not interpret stay {@link RawAttribute}s.
 */
public sealed interface StunAttribute permits XorMappedAddress, XorPeerAddress, XorRelayedAddress, Software,
        ErrorCodeAttribute, UnknownAttributes, Fingerprint, MessageIntegrity, Username, Realm, Nonce, Lifetime,
        ChannelNumber, RequestedTransport, RequestedAddressFamily, EvenPort, DontFragment, ReservationToken, Data,
        RawAttribute {

    int type();

    /** Writes the value (without type, length or padding). */
    void writeValue(ByteBuffer out, byte[] transactionId);

    /**
     * An upper bound of the encoded size, header and padding included: {@link StunMessage#encode}
     * sizes its buffer by it. The default fits the fixed-size attributes; those of variable length
     * override it.
     */
    default int sizeHint() {
        return 800;
    }

    /** Attributes 0x0000-0x7FFF must be understood by the receiver (RFC 8489 §14). */
    static boolean comprehensionRequired(int type) {
        return type < 0x8000;
    }

    /** Decodes a value by type; unknown types are kept raw for the handler to judge. */
    static StunAttribute decode(int type, ByteBuffer value, byte[] transactionId) throws StunException {
        return switch (type) {
            case XorMappedAddress.TYPE -> XorMappedAddress.decode(value, transactionId);
            case XorPeerAddress.TYPE -> XorPeerAddress.decode(value, transactionId);
            case XorRelayedAddress.TYPE -> XorRelayedAddress.decode(value, transactionId);
            case Software.TYPE -> Software.decode(value);
            case ErrorCodeAttribute.TYPE -> ErrorCodeAttribute.decode(value);
            case UnknownAttributes.TYPE -> UnknownAttributes.decode(value);
            case Fingerprint.TYPE -> Fingerprint.decode(value);
            case MessageIntegrity.TYPE -> MessageIntegrity.decode(value);
            case Username.TYPE -> Username.decode(value);
            case Realm.TYPE -> Realm.decode(value);
            case Nonce.TYPE -> Nonce.decode(value);
            case Lifetime.TYPE -> Lifetime.decode(value);
            case ChannelNumber.TYPE -> ChannelNumber.decode(value);
            case RequestedTransport.TYPE -> RequestedTransport.decode(value);
            case RequestedAddressFamily.TYPE -> RequestedAddressFamily.decode(value);
            case EvenPort.TYPE -> EvenPort.decode(value);
            case DontFragment.TYPE -> DontFragment.decode(value);
            case ReservationToken.TYPE -> ReservationToken.decode(value);
            case Data.TYPE -> Data.decode(value);
            default -> RawAttribute.decode(type, value);
        };
    }
}
