package org.parley.turn.server.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The STUN codec: known answers from RFC 5769, round trips, and malformed input dropped. */
class StunMessageTest {
    private static final byte[] TXID = HexFormat.of().parseHex("b7e7a701bc34d686fa87dfae");

    /** RFC 5769 §2.2: sample IPv4 response (its XOR-MAPPED-ADDRESS is 192.0.2.1:32853). */
    private static final String RFC5769_RESPONSE = "0101003c2112a442b7e7a701bc34d686fa87dfae"
            + "8022000b7465737420766563746f7220"
            + "00200008" + "0001a147e112a643"
            + "00080014" + "2b91f599fd9e90c38c7489f92af9ba53f06be7d7"
            + "80280004c07d4c96";

    @Test
    void decodesTheRfc5769SampleResponse() throws Exception {
        byte[] bytes = HexFormat.of().parseHex(RFC5769_RESPONSE);
        StunMessage m = StunMessage.decode(bytes, bytes.length);
        assertThat(m.method()).isEqualTo(StunMessage.BINDING);
        assertThat(m.messageClass()).isEqualTo(StunMessage.MessageClass.SUCCESS);
        assertThat(m.attribute(XorMappedAddress.class).orElseThrow().address())
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853));
        assertThat(m.attribute(Software.class).orElseThrow().description()).isEqualTo("test vector");
    }

    @Test
    void everyAttributeRoundTrips() throws Exception {
        List<StunAttribute> attrs = List.of(
                new XorMappedAddress(new InetSocketAddress(InetAddress.getByName("198.18.0.7"), 50000)),
                new XorMappedAddress(new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 3478)),
                new Software("Parley"),
                new ErrorCodeAttribute(420, "Unknown Attribute"),
                new UnknownAttributes(List.of(0x0003, 0x7777)));
        for (StunMessage.MessageClass cls : StunMessage.MessageClass.values()) {
            StunMessage m = new StunMessage(StunMessage.BINDING, cls, TXID, attrs);
            byte[] wire = m.encode();
            StunMessage back = StunMessage.decode(wire, wire.length);
            assertThat(back.messageClass()).isEqualTo(cls);
            assertThat(back.method()).isEqualTo(StunMessage.BINDING);
            assertThat(back.transactionId()).isEqualTo(TXID);
            assertThat(back.attributes().subList(0, attrs.size())).usingRecursiveFieldByFieldElementComparator()
                    .isEqualTo(attrs);
            assertThat(back.attributes().getLast()).isInstanceOf(Fingerprint.class);
        }
    }

    @Test
    void messageTypesInterleaveMethodAndClassBits() {
        assertThat(StunMessage.type(0x001, StunMessage.MessageClass.REQUEST)).isEqualTo(0x0001);
        assertThat(StunMessage.type(0x001, StunMessage.MessageClass.INDICATION)).isEqualTo(0x0011);
        assertThat(StunMessage.type(0x001, StunMessage.MessageClass.SUCCESS)).isEqualTo(0x0101);
        assertThat(StunMessage.type(0x001, StunMessage.MessageClass.ERROR)).isEqualTo(0x0111);
        assertThat(StunMessage.type(0x003, StunMessage.MessageClass.REQUEST)).isEqualTo(0x0003);
        assertThat(StunMessage.type(0x009, StunMessage.MessageClass.ERROR)).isEqualTo(0x0119);
    }

    @Test
    void malformedInputIsRejectedNeverCrashes() {
        byte[] good = new StunMessage(StunMessage.BINDING, StunMessage.MessageClass.REQUEST, TXID,
                List.of(new Software("x"))).encode();
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 3);
        byte[] badLength = good.clone();
        badLength[3] += 4;
        byte[] badCookie = good.clone();
        badCookie[5] ^= 1;
        byte[] badFingerprint = good.clone();
        badFingerprint[good.length - 1] ^= 1;
        byte[] attributePastEnd = good.clone();
        ByteBuffer.wrap(attributePastEnd).putShort(22, (short) 200);
        byte[] notStun = "GET / HTTP/1.1\r\n\r\n   ".getBytes();
        for (byte[] bad : List.of(truncated, badLength, badCookie, badFingerprint, attributePastEnd, notStun,
                new byte[0], new byte[19])) {
            assertThatThrownBy(() -> StunMessage.decode(bad, bad.length)).isInstanceOf(StunException.class);
        }
    }
}
