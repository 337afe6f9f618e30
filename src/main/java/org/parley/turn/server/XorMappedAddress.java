package org.parley.turn.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * XOR-MAPPED-ADDRESS (RFC 8489 §14.2): the client's address as the server saw it, XOR-ed with the
 * magic cookie (and, for IPv6, the transaction id) so that NATs rewriting addresses in payloads
 * leave it alone.
 */
public record XorMappedAddress(InetSocketAddress address) implements StunAttribute {
    public static final int TYPE = 0x0020;
    private static final int FAMILY_V4 = 0x01;
    private static final int FAMILY_V6 = 0x02;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void writeValue(ByteBuffer out, byte[] transactionId) {
        byte[] raw = address.getAddress().getAddress();
        out.put((byte) 0);
        out.put((byte) (raw.length == 4 ? FAMILY_V4 : FAMILY_V6));
        out.putShort((short) (address.getPort() ^ (StunMessage.MAGIC_COOKIE >>> 16)));
        out.put(xor(raw, transactionId));
    }

    static XorMappedAddress decode(ByteBuffer value, byte[] transactionId) throws StunException {
        if (value.remaining() < 8) {
            throw new StunException("XOR-MAPPED-ADDRESS too short");
        }
        value.get();
        int family = value.get() & 0xff;
        int port = (value.getShort() & 0xffff) ^ (StunMessage.MAGIC_COOKIE >>> 16);
        int length = family == FAMILY_V4 ? 4 : family == FAMILY_V6 ? 16 : -1;
        if (length < 0 || value.remaining() != length) {
            throw new StunException("XOR-MAPPED-ADDRESS has a bad family or length");
        }
        byte[] raw = new byte[length];
        value.get(raw);
        try {
            return new XorMappedAddress(new InetSocketAddress(InetAddress.getByAddress(xor(raw, transactionId)), port));
        } catch (UnknownHostException e) {
            throw new StunException("XOR-MAPPED-ADDRESS unreadable");
        }
    }

    /** XOR with the cookie followed by the transaction id: 4 bytes for IPv4, 16 for IPv6. */
    private static byte[] xor(byte[] raw, byte[] transactionId) {
        byte[] mask = ByteBuffer.allocate(16).putInt(StunMessage.MAGIC_COOKIE).put(transactionId).array();
        byte[] out = new byte[raw.length];
        for (int i = 0; i < raw.length; i++) {
            out[i] = (byte) (raw[i] ^ mask[i]);
        }
        return out;
    }
}
