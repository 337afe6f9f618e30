package org.parley.turn.server.proto;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/** XOR-RELAYED-ADDRESS (RFC 8656 §18.5): the relayed transport address the server allocated. */
public record XorRelayedAddress(InetSocketAddress address) implements StunAttribute {
    public static final int TYPE = 0x0016;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void writeValue(ByteBuffer out, byte[] transactionId) {
        XorAddress.write(out, address, transactionId);
    }

    static XorRelayedAddress decode(ByteBuffer value, byte[] transactionId) throws StunException {
        return new XorRelayedAddress(XorAddress.read(value, transactionId, "XOR-RELAYED-ADDRESS"));
    }
}
