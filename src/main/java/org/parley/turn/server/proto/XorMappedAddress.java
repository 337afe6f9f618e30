package org.parley.turn.server.proto;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/** XOR-MAPPED-ADDRESS (RFC 8489 §14.2): the client's address as the server saw it. */
public record XorMappedAddress(InetSocketAddress address) implements StunAttribute {
    public static final int TYPE = 0x0020;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void writeValue(ByteBuffer out, byte[] transactionId) {
        XorAddress.write(out, address, transactionId);
    }

    static XorMappedAddress decode(ByteBuffer value, byte[] transactionId) throws StunException {
        return new XorMappedAddress(XorAddress.read(value, transactionId, "XOR-MAPPED-ADDRESS"));
    }
}
