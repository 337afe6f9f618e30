package org.parley.turn.server.proto;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * The shared wire form of the XOR-ed address attributes (RFC 8489 §14.2, RFC 8656 §18.3 and §18.5):
 * family, port XOR the cookie's top half, address XOR the cookie (IPv4) or the cookie followed by
 * the transaction id (IPv6). XOR-ing keeps NATs that rewrite addresses in payloads away from them.
 */
final class XorAddress {
    private static final int FAMILY_V4 = 0x01;
    private static final int FAMILY_V6 = 0x02;

    private XorAddress() {
    }

    static void write(ByteBuffer out, InetSocketAddress address, byte[] transactionId) {
        byte[] raw = address.getAddress().getAddress();
        out.put((byte) 0);
        out.put((byte) (raw.length == 4 ? FAMILY_V4 : FAMILY_V6));
        out.putShort((short) (address.getPort() ^ (StunMessage.MAGIC_COOKIE >>> 16)));
        out.put(xor(raw, transactionId));
    }

    static InetSocketAddress read(ByteBuffer value, byte[] transactionId, String name) throws StunException {
        if (value.remaining() < 8) {
            throw new StunException(name + " too short");
        }
        value.get();
        int family = value.get() & 0xff;
        int port = (value.getShort() & 0xffff) ^ (StunMessage.MAGIC_COOKIE >>> 16);
        int length = family == FAMILY_V4 ? 4 : family == FAMILY_V6 ? 16 : -1;
        if (length < 0 || value.remaining() != length) {
            throw new StunException(name + " has a bad family or length");
        }
        byte[] raw = new byte[length];
        value.get(raw);
        try {
            return new InetSocketAddress(InetAddress.getByAddress(xor(raw, transactionId)), port);
        } catch (UnknownHostException e) {
            throw new StunException(name + " unreadable");
        }
    }

    private static byte[] xor(byte[] raw, byte[] transactionId) {
        byte[] mask = ByteBuffer.allocate(16).putInt(StunMessage.MAGIC_COOKIE).put(transactionId).array();
        byte[] out = new byte[raw.length];
        for (int i = 0; i < raw.length; i++) {
            out[i] = (byte) (raw[i] ^ mask[i]);
        }
        return out;
    }
}
