package org.parley.turn.server.proto;

import java.nio.ByteBuffer;

/**
 * A ChannelData message (RFC 8656 §12.4): a 4-byte header (channel number, length) and the
 * application data, with no STUN framing: the cheap path for relayed media once a channel is
 * bound. Over TCP it is padded to a multiple of 4 (§12.5); over UDP padding is optional.
 */
public record ChannelData(int channel, byte[] data) {
    public static final int MIN_CHANNEL = 0x4000;
    /** RFC 8656 §12 narrowed the range to 0x4FFF; RFC 5766 clients (coturn's among them) use up to 0x7FFE. */
    public static final int MAX_CHANNEL = 0x7FFE;
    public static final int HEADER_BYTES = 4;

    /** The first two bits 0b01 mark ChannelData; STUN starts with 0b00 (RFC 8656 §12). */
    public static boolean looksLikeChannelData(byte[] data, int length) {
        return length >= HEADER_BYTES && (data[0] & 0xC0) == 0x40;
    }

    public static boolean validChannel(int number) {
        return number >= MIN_CHANNEL && number <= MAX_CHANNEL;
    }

    public static ChannelData decode(byte[] bytes, int length) throws StunException {
        if (!looksLikeChannelData(bytes, length)) {
            throw new StunException("not ChannelData");
        }
        int channel = ((bytes[0] & 0xff) << 8) | (bytes[1] & 0xff);
        int dataLength = ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff);
        if (dataLength > length - HEADER_BYTES) {
            throw new StunException("ChannelData length runs past the end");
        }
        byte[] data = new byte[dataLength];
        System.arraycopy(bytes, HEADER_BYTES, data, 0, dataLength);
        return new ChannelData(channel, data);
    }

    /** The wire form; {@code pad} for stream transports. */
    public static byte[] encode(int channel, byte[] payload, int offset, int length, boolean pad) {
        int total = HEADER_BYTES + (pad ? (length + 3) & ~3 : length);
        byte[] out = new byte[total];
        ByteBuffer.wrap(out).putShort((short) channel).putShort((short) length);
        System.arraycopy(payload, offset, out, HEADER_BYTES, length);
        return out;
    }

    /** How many bytes a stream frame starting with these 4 bytes occupies, padding included. */
    public static int streamFrameLength(byte[] header) {
        int dataLength = ((header[2] & 0xff) << 8) | (header[3] & 0xff);
        return HEADER_BYTES + ((dataLength + 3) & ~3);
    }
}
