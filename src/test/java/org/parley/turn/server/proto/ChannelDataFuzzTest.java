package org.parley.turn.server.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * Any datagram either is ChannelData (RFC 8656 §12.4) and decodes to a channel and at most the
 * bytes that follow the header, or fails with a {@link StunException}; its encoding is the
 * datagram's first 4 + length bytes; nothing is both STUN and ChannelData; and the stream framer's
 * length for its header is the padded frame (§12.5) that {@link ChannelData#encode} writes.
 *
 * <p>An input is one datagram. Regression inputs:
 * {@code src/test/resources/org/parley/turn/server/proto/ChannelDataFuzzTestInputs/decode/}.
 */
class ChannelDataFuzzTest {
    @FuzzTest
    void decode(byte[] datagram) {
        byte[] buffer = Arrays.copyOf(datagram, datagram.length + 64);
        Arrays.fill(buffer, datagram.length, buffer.length, (byte) 0xA5);
        int length = datagram.length;
        boolean channelData = ChannelData.looksLikeChannelData(buffer, length);
        assertThat(channelData && StunMessage.looksLikeStun(buffer, length)).isFalse();
        if (length >= ChannelData.HEADER_BYTES) {
            int frame = ChannelData.streamFrameLength(buffer);
            assertThat(frame % 4).isZero();
            assertThat(frame).isBetween(ChannelData.HEADER_BYTES, ChannelData.HEADER_BYTES + 65536);
        }
        ChannelData decoded;
        try {
            decoded = ChannelData.decode(buffer, length);
        } catch (StunException e) {
            assertThat(channelData && ((buffer[2] & 0xff) << 8 | (buffer[3] & 0xff)) <= length - 4).isFalse();
            return;
        }
        assertThat(channelData).isTrue();
        assertThat(decoded.channel() >>> 14).as("the first two bits are 01").isEqualTo(1);
        byte[] data = decoded.data();
        byte[] udp = ChannelData.encode(decoded.channel(), data, 0, data.length, false);
        assertThat(udp).isEqualTo(Arrays.copyOf(datagram, ChannelData.HEADER_BYTES + data.length));
        byte[] tcp = ChannelData.encode(decoded.channel(), data, 0, data.length, true);
        assertThat(tcp.length).isEqualTo(ChannelData.streamFrameLength(tcp));
        assertThat(Arrays.copyOf(tcp, udp.length)).isEqualTo(udp);
    }
}
