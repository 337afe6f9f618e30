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
                new UnknownAttributes(List.of(0x0003, 0x7777)),
                new XorPeerAddress(new InetSocketAddress(InetAddress.getByName("203.0.113.4"), 1)),
                new XorPeerAddress(new InetSocketAddress(InetAddress.getByName("2001:db8::7"), 65535)),
                new XorRelayedAddress(new InetSocketAddress(InetAddress.getByName("198.18.0.1"), 49152)),
                new Username("1800000000:0a1b2c"),
                new Realm("parley"),
                new Nonce("6553f100-0123456789abcdef01234567"),
                new Lifetime(4_294_967_295L),
                new ChannelNumber(0x4001),
                new RequestedTransport(RequestedTransport.UDP),
                new RequestedAddressFamily(RequestedAddressFamily.IPV6),
                new EvenPort(true),
                new DontFragment(),
                new ReservationToken(0x0102030405060708L),
                new Data(new byte[] {0, 1, 2, 3, 4}),
                new RawAttribute(0xC057, new byte[] {0, 1, 0, 0}));
        for (StunMessage.MessageClass cls : StunMessage.MessageClass.values()) {
            StunMessage m = new StunMessage(StunMessage.BINDING, cls, TXID, attrs);
            byte[] wire = m.encode();
            StunMessage back = StunMessage.decode(wire, wire.length);
            assertThat(back.messageClass()).isEqualTo(cls);
            assertThat(back.method()).isEqualTo(StunMessage.BINDING);
            assertThat(back.transactionId()).isEqualTo(TXID);
            assertThat(back.attributes().subList(0, attrs.size())).usingRecursiveFieldByFieldElementComparator()
                    .isEqualTo(attrs);
            assertThat(back.attributes(XorPeerAddress.class)).hasSize(2);
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

    /** RFC 5769 §2.1: sample request, short-term credential (the key is the password itself). */
    private static final String RFC5769_REQUEST = "000100582112a442b7e7a701bc34d686fa87dfae"
            + "802200105354554e207465737420636c69656e74"
            + "002400046e0001ff"
            + "80290008932ff9b151263b36"
            + "000600096576746a3a68367659202020"
            + "000800149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2"
            + "80280004e57a3bcf";

    @Test
    void verifiesTheRfc5769SampleRequestsIntegrity() throws Exception {
        byte[] bytes = HexFormat.of().parseHex(RFC5769_REQUEST);
        StunMessage m = StunMessage.decode(bytes, bytes.length);
        assertThat(m.attribute(Username.class).orElseThrow().value()).isEqualTo("evtj:h6vY");
        assertThat(MessageIntegrity.verify(bytes, bytes.length, "VOkJxbRl1RmTxUk/WvJxBt".getBytes())).isTrue();
        assertThat(MessageIntegrity.verify(bytes, bytes.length, "VOkJxbRl1RmTxUk/WvJxBT".getBytes())).isFalse();
    }

    @Test
    void integrityWrittenByEncodeVerifiesAndAnyChangeBreaksIt() throws Exception {
        byte[] key = MessageIntegrity.longTermKey("user", "realm", "pass");
        byte[] wire = new StunMessage(StunMessage.ALLOCATE, StunMessage.MessageClass.REQUEST, TXID,
                List.of(new RequestedTransport(17), new Username("user"))).encode(key);
        assertThat(MessageIntegrity.verify(wire, wire.length, key)).isTrue();
        assertThat(MessageIntegrity.verify(wire, wire.length, MessageIntegrity.longTermKey("user", "realm", "past"))).isFalse();
        byte[] changed = wire.clone();
        changed[HEADER_OF_FIRST_VALUE] ^= 1;
        assertThat(MessageIntegrity.verify(changed, changed.length, key)).isFalse();
        byte[] unsigned = new StunMessage(StunMessage.ALLOCATE, StunMessage.MessageClass.REQUEST, TXID, List.of()).encode();
        assertThat(MessageIntegrity.verify(unsigned, unsigned.length, key)).as("no integrity at all").isFalse();
    }

    private static final int HEADER_OF_FIRST_VALUE = StunMessage.HEADER_BYTES + 4;

    @Test
    void attributesAfterIntegrityOtherThanFingerprintAreIgnored() throws Exception {
        byte[] key = MessageIntegrity.longTermKey("u", "r", "p");
        byte[] signed = new StunMessage(StunMessage.REFRESH, StunMessage.MessageClass.REQUEST, TXID,
                List.of(new Lifetime(600))).encode(key);
        // Splice a LIFETIME 0 between MESSAGE-INTEGRITY and FINGERPRINT and fix the length field.
        int fingerprintAt = signed.length - 8;
        ByteBuffer out = ByteBuffer.allocate(signed.length + 8);
        out.put(signed, 0, fingerprintAt).putShort((short) Lifetime.TYPE).putShort((short) 4).putInt(0);
        byte[] spliced = java.util.Arrays.copyOf(out.array(), fingerprintAt + 8);
        ByteBuffer.wrap(spliced).putShort(2, (short) (spliced.length - StunMessage.HEADER_BYTES));
        StunMessage m = StunMessage.decode(spliced, spliced.length);
        assertThat(m.attributes(Lifetime.class)).extracting(Lifetime::seconds).containsExactly(600L);
    }

    @Test
    void variableLengthAttributesEncodeAtAnySizeAndAnOverlongMessageIsRefused() throws Exception {
        String notAscii = "ü€".repeat(100); // 500 bytes: within every text attribute's limit
        StunMessage big = new StunMessage(StunMessage.ALLOCATE, StunMessage.MessageClass.ERROR, TXID, List.of(
                new RawAttribute(0x7777, new byte[5000]), new ErrorCodeAttribute(400, notAscii.repeat(3)),
                new Username(notAscii), new Realm(notAscii), new Nonce(notAscii), new Software(notAscii),
                new UnknownAttributes(java.util.Collections.nCopies(3000, 0x7777))));
        byte[] wire = big.encode(new byte[16]);
        StunMessage back = StunMessage.decode(wire, wire.length);
        assertThat(back.attribute(ErrorCodeAttribute.class).orElseThrow().reason()).isEqualTo(notAscii.repeat(3));
        assertThat(back.attribute(UnknownAttributes.class).orElseThrow().types()).hasSize(3000);
        assertThat(MessageIntegrity.verify(wire, wire.length, new byte[16])).isTrue();
        // 65,527 bytes from an IPv6 peer: with its address and FINGERPRINT past the 16-bit length field.
        StunMessage overlong = new StunMessage(StunMessage.DATA, StunMessage.MessageClass.INDICATION, TXID, List.of(
                new XorPeerAddress(new InetSocketAddress("2001:db8::1", 5000)), new Data(new byte[65527])));
        assertThatThrownBy(overlong::encode).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void channelDataFramesRoundTripAndBadLengthsAreRefused() throws Exception {
        byte[] payload = {9, 8, 7, 6, 5};
        byte[] udp = ChannelData.encode(0x4001, payload, 0, 5, false);
        byte[] tcp = ChannelData.encode(0x4001, payload, 0, 5, true);
        assertThat(udp).hasSize(9);
        assertThat(tcp).hasSize(12);
        assertThat(ChannelData.streamFrameLength(tcp)).isEqualTo(12);
        ChannelData back = ChannelData.decode(tcp, tcp.length);
        assertThat(back.channel()).isEqualTo(0x4001);
        assertThat(back.data()).isEqualTo(payload);
        assertThatThrownBy(() -> ChannelData.decode(udp, 8)).isInstanceOf(StunException.class);
        assertThat(ChannelData.looksLikeChannelData(new byte[] {0x00, 1, 0, 0}, 4)).isFalse();
        assertThat(ChannelData.validChannel(0x3FFF)).isFalse();
        assertThat(ChannelData.validChannel(0x4000)).isTrue();
    }

    @Test
    void malformedAttributeValuesAreRefused() {
        List<StunAttribute> bad = List.of(new RawAttribute(Lifetime.TYPE, new byte[3]),
                new RawAttribute(ChannelNumber.TYPE, new byte[2]),
                new RawAttribute(RequestedTransport.TYPE, new byte[5]),
                new RawAttribute(MessageIntegrity.TYPE, new byte[19]),
                new RawAttribute(XorPeerAddress.TYPE, new byte[] {0, 3, 0, 0, 1, 2, 3, 4}),
                new RawAttribute(XorRelayedAddress.TYPE, new byte[] {0, 1, 0, 0, 1, 2, 3}),
                new RawAttribute(EvenPort.TYPE, new byte[2]),
                new RawAttribute(DontFragment.TYPE, new byte[1]),
                new RawAttribute(ReservationToken.TYPE, new byte[4]),
                new RawAttribute(Username.TYPE, new byte[600]));
        for (StunAttribute a : bad) {
            byte[] wire = new StunMessage(StunMessage.ALLOCATE, StunMessage.MessageClass.REQUEST, TXID, List.of(a)).encode();
            assertThatThrownBy(() -> StunMessage.decode(wire, wire.length)).as("0x%04x", a.type())
                    .isInstanceOf(StunException.class);
        }
    }
}
