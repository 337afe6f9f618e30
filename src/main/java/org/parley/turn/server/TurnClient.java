package org.parley.turn.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.parley.turn.server.proto.Data;
import org.parley.turn.server.proto.ErrorCodeAttribute;
import org.parley.turn.server.proto.MessageIntegrity;
import org.parley.turn.server.proto.Nonce;
import org.parley.turn.server.proto.Realm;
import org.parley.turn.server.proto.RequestedTransport;
import org.parley.turn.server.proto.StunAttribute;
import org.parley.turn.server.proto.StunException;
import org.parley.turn.server.proto.StunMessage;
import org.parley.turn.server.proto.Username;
import org.parley.turn.server.proto.XorPeerAddress;
import org.parley.turn.server.proto.XorRelayedAddress;

/**
 * A minimal TURN client over UDP, for the start-up relay self-test and for tests: long-term
 * credentials with the 401 round trip, Allocate, CreatePermission, Send and Data indications.
 */
public final class TurnClient implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A datagram relayed from a peer. */
    public record Received(InetSocketAddress peer, byte[] data) {
    }

    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private final String username;
    private final String password;
    private final Duration timeout;
    private String realm;
    private String nonce;

    public TurnClient(InetSocketAddress server, String username, String password, Duration timeout) throws IOException {
        this.server = server;
        this.username = username;
        this.password = password;
        this.timeout = timeout;
        socket = new DatagramSocket(new InetSocketAddress(server.getAddress().isLoopbackAddress() ? server.getAddress() : null, 0));
        socket.connect(server);
    }

    /** Sends a request, answering a 401 or 438 once with credentials; returns the final response. */
    public StunMessage request(int method, List<StunAttribute> attrs) throws IOException {
        StunMessage response = exchange(method, attrs);
        if (response.messageClass() == StunMessage.MessageClass.ERROR) {
            int code = response.attribute(ErrorCodeAttribute.class).map(ErrorCodeAttribute::code).orElse(0);
            if ((code == ErrorCodeAttribute.UNAUTHENTICATED && realm == null) || code == ErrorCodeAttribute.STALE_NONCE) {
                realm = response.attribute(Realm.class).map(Realm::value).orElse(null);
                nonce = response.attribute(Nonce.class).map(Nonce::value).orElse(null);
                if (realm != null && nonce != null) {
                    response = exchange(method, attrs);
                }
            }
        }
        return response;
    }

    /** Allocates a UDP relay; returns its address. */
    public InetSocketAddress allocate() throws IOException {
        StunMessage r = request(StunMessage.ALLOCATE, List.of(new RequestedTransport(RequestedTransport.UDP)));
        return r.attribute(XorRelayedAddress.class).map(XorRelayedAddress::address)
                .orElseThrow(() -> new IOException("Allocate failed: " + describe(r)));
    }

    public void permit(InetSocketAddress peer) throws IOException {
        StunMessage r = request(StunMessage.CREATE_PERMISSION, List.of(new XorPeerAddress(peer)));
        if (r.messageClass() != StunMessage.MessageClass.SUCCESS) {
            throw new IOException("CreatePermission failed: " + describe(r));
        }
    }

    public void send(InetSocketAddress peer, byte[] data) throws IOException {
        write(new StunMessage(StunMessage.SEND, StunMessage.MessageClass.INDICATION,
                transactionId(), List.of(new XorPeerAddress(peer), new Data(data))).encode());
    }

    /** The next Data indication, or an exception after the timeout. */
    public Received receive() throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            StunMessage m = read(deadline);
            if (m != null && m.method() == StunMessage.DATA && m.messageClass() == StunMessage.MessageClass.INDICATION) {
                var peer = m.attribute(XorPeerAddress.class);
                var data = m.attribute(Data.class);
                if (peer.isPresent() && data.isPresent()) {
                    return new Received(peer.get().address(), data.get().bytes());
                }
            }
        }
        throw new SocketTimeoutException("no Data indication within " + timeout.toMillis() + " ms");
    }

    private StunMessage exchange(int method, List<StunAttribute> attrs) throws IOException {
        byte[] txid = transactionId();
        List<StunAttribute> all = new ArrayList<>(attrs);
        byte[] key = null;
        if (realm != null) {
            all.add(new Username(username));
            all.add(new Realm(realm));
            all.add(new Nonce(nonce));
            key = MessageIntegrity.longTermKey(username, realm, password);
        }
        byte[] request = new StunMessage(method, StunMessage.MessageClass.REQUEST, txid, all).encode(key);
        long deadline = System.nanoTime() + timeout.toNanos();
        long resendAt = 0;
        while (System.nanoTime() < deadline) {
            if (System.nanoTime() >= resendAt) {
                write(request);
                resendAt = System.nanoTime() + 250_000_000L;
            }
            StunMessage m = read(Math.min(deadline, resendAt));
            if (m != null && java.util.Arrays.equals(m.transactionId(), txid)) {
                return m;
            }
        }
        throw new SocketTimeoutException("no answer from " + server + " within " + timeout.toMillis() + " ms");
    }

    private void write(byte[] frame) throws IOException {
        socket.send(new DatagramPacket(frame, frame.length));
    }

    /** One STUN message, or null when none arrived before the deadline or it was not STUN. */
    private StunMessage read(long deadlineNanos) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[65536], 65536);
        socket.setSoTimeout((int) Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000));
        try {
            socket.receive(packet);
            return StunMessage.decode(packet.getData(), packet.getLength());
        } catch (SocketTimeoutException | StunException e) {
            return null;
        }
    }

    private static byte[] transactionId() {
        byte[] txid = new byte[12];
        RANDOM.nextBytes(txid);
        return txid;
    }

    public static String describe(StunMessage m) {
        return m.attribute(ErrorCodeAttribute.class).map(e -> e.code() + " " + e.reason()).orElse(m.messageClass().name());
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
