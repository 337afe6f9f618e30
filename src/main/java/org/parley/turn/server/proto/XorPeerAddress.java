package org.parley.turn.server.proto;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/** XOR-PEER-ADDRESS (RFC 8656 §18.3): a peer's address as seen from the relay. */
public record XorPeerAddress(InetSocketAddress address) implements StunAttribute {
    public static final int TYPE = 0x0012;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void writeValue(ByteBuffer out, byte[] transactionId) {
        XorAddress.write(out, address, transactionId);
    }

    static XorPeerAddress decode(ByteBuffer value, byte[] transactionId) throws StunException {
        return new XorPeerAddress(XorAddress.read(value, transactionId, "XOR-PEER-ADDRESS"));
    }
}
