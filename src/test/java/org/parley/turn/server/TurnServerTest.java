package org.parley.turn.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.parley.limits.Refusal;
import org.parley.limits.Refusals;
import org.parley.turn.TurnCredentials;
import org.parley.turn.server.proto.ChannelNumber;
import org.parley.turn.server.proto.ErrorCodeAttribute;
import org.parley.turn.server.proto.Lifetime;
import org.parley.turn.server.proto.MessageIntegrity;
import org.parley.turn.server.proto.Nonce;
import org.parley.turn.server.proto.RawAttribute;
import org.parley.turn.server.proto.Realm;
import org.parley.turn.server.proto.RequestedTransport;
import org.parley.turn.server.proto.StunAttribute;
import org.parley.turn.server.proto.StunException;
import org.parley.turn.server.proto.StunMessage;
import org.parley.turn.server.proto.UnknownAttributes;
import org.parley.turn.server.proto.Username;
import org.parley.turn.server.proto.XorMappedAddress;
import org.parley.turn.server.proto.XorPeerAddress;
import org.parley.turn.server.proto.XorRelayedAddress;

/** The server's answers, frame by frame, without sockets on the client side. */
class TurnServerTest {
    private static final byte[] TXID = HexFormat.of().parseHex("b7e7a701bc34d686fa87dfae");
    private final TurnCredentials credentials = new TurnCredentials("unit-secret", Duration.ofMinutes(5), Clock.systemUTC());
    private final TurnServer server = new TurnServer(options(2));

    /** A client that records what the server sends it. */
    record FakeLink(InetSocketAddress remote, List<byte[]> sent) implements ClientLink {
        FakeLink(int port) {
            this("198.51.100.7", port);
        }

        FakeLink(String address, int port) {
            this(new InetSocketAddress(address, port), new CopyOnWriteArrayList<>());
        }

        @Override
        public void send(byte[] frame) {
            sent.add(frame);
        }

        @Override
        public boolean stream() {
            return false;
        }

        @Override
        public String transport() {
            return "fake";
        }
    }

    private TurnServer.Options options(int quota) {
        return options(quota, TurnServer.Caps.DEFAULT);
    }

    private TurnServer.Options options(int quota, TurnServer.Caps caps) {
        InetAddress lo = InetAddress.getLoopbackAddress();
        return new TurnServer.Options(lo, 0, lo, lo, 41000, 41999, "unit.test", credentials, List.of(), quota, 0, 0,
                null, caps);
    }

    @AfterEach
    void close() throws Exception {
        server.close();
    }

    private StunMessage ask(ClientLink link, byte[] request) throws StunException {
        return ask(server, link, request);
    }

    private static StunMessage ask(TurnServer server, ClientLink link, byte[] request) throws StunException {
        byte[] reply = server.handle(request, request.length, link);
        assertThat(reply).as("a reply").isNotNull();
        return StunMessage.decode(reply, reply.length);
    }

    private static int code(StunMessage m) {
        return m.attribute(ErrorCodeAttribute.class).map(ErrorCodeAttribute::code).orElse(0);
    }

    /** A request signed with the credential after learning realm and nonce from a 401. */
    private byte[] signed(ClientLink link, TurnCredentials.Credential c, int method, StunAttribute... attrs) throws Exception {
        return signed(server, link, c, method, attrs);
    }

    private static byte[] signed(TurnServer server, ClientLink link, TurnCredentials.Credential c, int method,
                                 StunAttribute... attrs) throws Exception {
        StunMessage challenge = ask(server, link, new StunMessage(StunMessage.ALLOCATE, StunMessage.MessageClass.REQUEST,
                new byte[12], List.of()).encode());
        String nonce = challenge.attribute(Nonce.class).orElseThrow().value();
        List<StunAttribute> all = new ArrayList<>(List.of(attrs));
        all.addAll(List.of(new Username(c.username()), new Realm("unit.test"), new Nonce(nonce)));
        byte[] txid = new byte[12];
        new java.security.SecureRandom().nextBytes(txid);
        return new StunMessage(method, StunMessage.MessageClass.REQUEST, txid, all)
                .encode(MessageIntegrity.longTermKey(c.username(), "unit.test", c.password()));
    }

    @Test
    void bindingIsAnsweredWithTheSendersAddress() throws Exception {
        FakeLink link = new FakeLink(40000);
        StunMessage m = ask(link, new StunMessage(StunMessage.BINDING, StunMessage.MessageClass.REQUEST, TXID, List.of()).encode());
        assertThat(m.messageClass()).isEqualTo(StunMessage.MessageClass.SUCCESS);
        assertThat(m.transactionId()).isEqualTo(TXID);
        assertThat(m.attribute(XorMappedAddress.class).orElseThrow().address()).isEqualTo(link.remote());
    }

    @Test
    void unknownComprehensionRequiredAttributeGets420AndOptionalOnesAreIgnored() throws Exception {
        StunMessage err = ask(new FakeLink(1), new StunMessage(StunMessage.BINDING, StunMessage.MessageClass.REQUEST, TXID,
                List.of(new RawAttribute(0x7777, new byte[] {1, 2, 3, 4}))).encode());
        assertThat(code(err)).isEqualTo(420);
        assertThat(err.attribute(UnknownAttributes.class).orElseThrow().types()).containsExactly(0x7777);
        StunMessage ok = ask(new FakeLink(1), new StunMessage(StunMessage.BINDING, StunMessage.MessageClass.REQUEST, TXID,
                List.of(new RawAttribute(0xC001, new byte[] {9}))).encode());
        assertThat(ok.messageClass()).isEqualTo(StunMessage.MessageClass.SUCCESS);
    }

    @Test
    void aRequestWithThousandsOfUnknownAttributesGetsA420ListingThemAll() throws Exception {
        // Their 420 once outgrew the buffer StunMessage.encode sized (found while fuzzing the codec):
        // no reply over UDP, a dropped connection over TCP.
        List<StunAttribute> unknown = new ArrayList<>();
        for (int i = 0; i < 1300; i++) {
            unknown.add(new RawAttribute(0x7777, new byte[0]));
        }
        StunMessage err = ask(new FakeLink(1), new StunMessage(StunMessage.BINDING, StunMessage.MessageClass.REQUEST, TXID,
                unknown).encode());
        assertThat(code(err)).isEqualTo(420);
        assertThat(err.attribute(UnknownAttributes.class).orElseThrow().types()).hasSize(1300);
    }

    @Test
    void malformedFramesAreDroppedWithoutAReply() {
        byte[] good = new StunMessage(StunMessage.BINDING, StunMessage.MessageClass.REQUEST, TXID, List.of()).encode();
        byte[] badFingerprint = good.clone();
        badFingerprint[good.length - 1] ^= 1;
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 2);
        byte[] response = new StunMessage(StunMessage.BINDING, StunMessage.MessageClass.SUCCESS, TXID, List.of()).encode();
        byte[] shortChannelData = {0x40, 0x00, 0x01, 0x00, 1, 2};
        for (byte[] bad : List.of(badFingerprint, truncated, response, shortChannelData, new byte[0], new byte[3],
                "GET / HTTP/1.1\r\n\r\n".getBytes())) {
            assertThat(server.handle(bad, bad.length, new FakeLink(2))).isNull();
        }
    }

    @Test
    void allocateWithoutCredentialsGets401WithRealmAndNonce() throws Exception {
        StunMessage m = ask(new FakeLink(3), new StunMessage(StunMessage.ALLOCATE, StunMessage.MessageClass.REQUEST, TXID,
                List.of(new RequestedTransport(17))).encode());
        assertThat(code(m)).isEqualTo(401);
        assertThat(m.attribute(Realm.class).orElseThrow().value()).isEqualTo("unit.test");
        assertThat(m.attribute(Nonce.class)).isPresent();
    }

    @Test
    void badIntegrityGets401AndAStaleNonceGets438() throws Exception {
        FakeLink link = new FakeLink(4);
        TurnCredentials.Credential c = credentials.mint();
        byte[] request = signed(link, c, StunMessage.ALLOCATE, new RequestedTransport(17));
        byte[] tampered = request.clone();
        tampered[request.length - 20] ^= 1; // inside the HMAC: the fingerprint no longer matches
        assertThat(server.handle(tampered, tampered.length, link)).as("bad fingerprint: dropped").isNull();

        // The same wrong HMAC under a correct fingerprint reaches the integrity check.
        List<StunAttribute> attrs = new ArrayList<>(StunMessage.decode(request, request.length).attributes());
        attrs.replaceAll(a -> a instanceof MessageIntegrity mi ? flipped(mi) : a);
        assertThat(code(ask(link, encodeKeepingIntegrity(attrs)))).isEqualTo(401);

        byte[] stale = new StunMessage(StunMessage.ALLOCATE, StunMessage.MessageClass.REQUEST, TXID, List.of(
                new RequestedTransport(17), new Username(c.username()), new Realm("unit.test"), new Nonce("1-abc")))
                .encode(MessageIntegrity.longTermKey(c.username(), "unit.test", c.password()));
        StunMessage m = ask(link, stale);
        assertThat(code(m)).isEqualTo(438);
        assertThat(m.attribute(Nonce.class)).as("a fresh nonce").isPresent();
    }

    private static MessageIntegrity flipped(MessageIntegrity mi) {
        byte[] h = mi.hmac();
        h[0] ^= 1;
        return new MessageIntegrity(h);
    }

    /** Encodes with a given (wrong) MESSAGE-INTEGRITY value placed where a real one would go. */
    private static byte[] encodeKeepingIntegrity(List<StunAttribute> attrs) throws Exception {
        MessageIntegrity mi = (MessageIntegrity) attrs.stream().filter(a -> a instanceof MessageIntegrity).findFirst().orElseThrow();
        List<StunAttribute> rest = attrs.stream().filter(a -> !(a instanceof MessageIntegrity)
                && !(a instanceof org.parley.turn.server.proto.Fingerprint)).toList();
        List<StunAttribute> ordered = new ArrayList<>(rest);
        ordered.add(new RawAttribute(MessageIntegrity.TYPE, mi.hmac()));
        return new StunMessage(StunMessage.ALLOCATE, StunMessage.MessageClass.REQUEST, TXID, ordered).encode();
    }

    @Test
    void allocateRefreshAndTheErrorsOfTheRfcOrder() throws Exception {
        FakeLink link = new FakeLink(5);
        TurnCredentials.Credential c = credentials.mint();
        assertThat(code(ask(link, signed(link, c, StunMessage.ALLOCATE)))).as("no REQUESTED-TRANSPORT").isEqualTo(400);
        assertThat(code(ask(link, signed(link, c, StunMessage.ALLOCATE, new RequestedTransport(6))))).as("TCP relay")
                .isEqualTo(442);
        assertThat(code(ask(link, signed(link, c, StunMessage.REFRESH)))).as("refresh before allocate").isEqualTo(437);

        byte[] allocate = signed(link, c, StunMessage.ALLOCATE, new RequestedTransport(17), new Lifetime(30));
        StunMessage ok = ask(link, allocate);
        assertThat(ok.messageClass()).isEqualTo(StunMessage.MessageClass.SUCCESS);
        assertThat(ok.attribute(Lifetime.class).orElseThrow().seconds()).as("at least the default").isEqualTo(600);
        InetSocketAddress relay = ok.attribute(XorRelayedAddress.class).orElseThrow().address();
        assertThat(relay.getPort()).isBetween(41000, 41999);
        byte[] okBytes = server.handle(allocate, allocate.length, link);
        assertThat(MessageIntegrity.verify(okBytes, okBytes.length,
                MessageIntegrity.longTermKey(c.username(), "unit.test", c.password()))).as("signed reply").isTrue();
        assertThat(StunMessage.decode(okBytes, okBytes.length).attribute(XorRelayedAddress.class).orElseThrow().address())
                .as("a retransmission gets the same relay").isEqualTo(relay);
        assertThat(code(ask(link, signed(link, c, StunMessage.ALLOCATE, new RequestedTransport(17)))))
                .as("a second allocation on one 5-tuple").isEqualTo(437);

        assertThat(code(ask(link, signed(link, c, StunMessage.CREATE_PERMISSION,
                new XorPeerAddress(new InetSocketAddress("10.0.0.1", 5000)))))).as("private peer").isEqualTo(403);
        assertThat(code(ask(link, signed(link, c, StunMessage.CHANNEL_BIND, new ChannelNumber(0x3000),
                new XorPeerAddress(new InetSocketAddress("198.18.0.9", 5000)))))).as("bad channel").isEqualTo(400);
        assertThat(ask(link, signed(link, c, StunMessage.CHANNEL_BIND, new ChannelNumber(0x4001),
                new XorPeerAddress(new InetSocketAddress("198.18.0.9", 5000)))).messageClass())
                .isEqualTo(StunMessage.MessageClass.SUCCESS);

        TurnCredentials.Credential other = credentials.mint();
        assertThat(code(ask(link, signed(link, other, StunMessage.REFRESH)))).as("another credential").isEqualTo(441);
        assertThat(ask(link, signed(link, c, StunMessage.REFRESH, new Lifetime(0))).messageClass())
                .isEqualTo(StunMessage.MessageClass.SUCCESS);
        assertThat(server.stats().allocations()).isZero();
    }

    @Test
    void aCredentialGetsAtMostItsQuotaOfAllocations() throws Exception {
        TurnCredentials.Credential c = credentials.mint();
        for (int i = 0; i < 2; i++) {
            FakeLink link = new FakeLink(100 + i);
            assertThat(ask(link, signed(link, c, StunMessage.ALLOCATE, new RequestedTransport(17))).messageClass())
                    .isEqualTo(StunMessage.MessageClass.SUCCESS);
        }
        FakeLink third = new FakeLink(102);
        assertThat(code(ask(third, signed(third, c, StunMessage.ALLOCATE, new RequestedTransport(17))))).isEqualTo(486);
        FakeLink fresh = new FakeLink(103);
        assertThat(ask(fresh, signed(fresh, credentials.mint(), StunMessage.ALLOCATE, new RequestedTransport(17)))
                .messageClass()).as("another credential still may").isEqualTo(StunMessage.MessageClass.SUCCESS);
    }

    @Test
    void aClientAddressGetsAtMostItsCapOfAllocationsWhateverItsCredentials() throws Exception {
        long refusedBefore = Refusals.count(Refusal.TURN_ALLOCATIONS_PER_ADDRESS);
        try (TurnServer capped = new TurnServer(options(12, new TurnServer.Caps(2, 32, 2000)))) {
            TurnCredentials.Credential first = credentials.mint();
            FakeLink firstLink = new FakeLink("198.51.100.7", 200);
            assertThat(code(ask(capped, firstLink, signed(capped, firstLink, first, StunMessage.ALLOCATE,
                    new RequestedTransport(17))))).isZero();
            FakeLink secondLink = new FakeLink("198.51.100.7", 201);
            assertThat(code(ask(capped, secondLink, signed(capped, secondLink, credentials.mint(), StunMessage.ALLOCATE,
                    new RequestedTransport(17))))).isZero();

            FakeLink third = new FakeLink("198.51.100.7", 202);
            TurnCredentials.Credential fresh = credentials.mint();
            assertThat(code(ask(capped, third, signed(capped, third, fresh, StunMessage.ALLOCATE,
                    new RequestedTransport(17))))).as("a third from the same address, a fresh credential").isEqualTo(486);
            assertThat(Refusals.count(Refusal.TURN_ALLOCATIONS_PER_ADDRESS)).isEqualTo(refusedBefore + 1);

            FakeLink elsewhere = new FakeLink("198.51.100.8", 202);
            assertThat(code(ask(capped, elsewhere, signed(capped, elsewhere, credentials.mint(), StunMessage.ALLOCATE,
                    new RequestedTransport(17))))).as("another address").isZero();

            assertThat(code(ask(capped, firstLink, signed(capped, firstLink, first, StunMessage.REFRESH, new Lifetime(0)))))
                    .isZero();
            assertThat(code(ask(capped, third, signed(capped, third, fresh, StunMessage.ALLOCATE,
                    new RequestedTransport(17))))).as("once one of its allocations ended").isZero();
        }
    }

    @Test
    void aPeerDatagramLargerThanTheRelayBufferIsDroppedNotTruncated() throws Exception {
        FakeLink link = new FakeLink(300);
        TurnCredentials.Credential c = credentials.mint();
        StunMessage ok = ask(link, signed(link, c, StunMessage.ALLOCATE, new RequestedTransport(17)));
        InetSocketAddress relay = ok.attribute(XorRelayedAddress.class).orElseThrow().address();
        try (java.net.DatagramSocket peer = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            assertThat(code(ask(link, signed(link, c, StunMessage.CREATE_PERMISSION,
                    new XorPeerAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), peer.getLocalPort()))))))
                    .isZero();
            link.sent().clear();
            for (int size : new int[] {Allocation.MAX_PEER_DATAGRAM + 1, Allocation.MAX_PEER_DATAGRAM, 100}) {
                peer.send(new java.net.DatagramPacket(new byte[size], size, relay));
            }
            org.parley.support.Poll.until("two datagrams relayed", Duration.ofSeconds(5), () -> link.sent().size() >= 2);
            List<Integer> sizes = new ArrayList<>();
            for (byte[] frame : link.sent()) {
                sizes.add(StunMessage.decode(frame, frame.length).attribute(org.parley.turn.server.proto.Data.class)
                        .orElseThrow().bytes().length);
            }
            assertThat(sizes).containsExactly(Allocation.MAX_PEER_DATAGRAM, 100);
        }
    }
}
