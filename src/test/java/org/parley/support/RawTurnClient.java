package org.parley.support;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.parley.turn.server.proto.ChannelData;
import org.parley.turn.server.proto.ChannelNumber;
import org.parley.turn.server.proto.Data;
import org.parley.turn.server.proto.ErrorCodeAttribute;
import org.parley.turn.server.proto.Lifetime;
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
 * A TURN client for tests, over UDP or TCP from a chosen local address (127.0.0.2 and so on, to
 * be another client address): long-term credentials with the 401 round trip, the requests as
 * they are answered (error codes included), Send indications, ChannelData, and what peers send
 * back. A reader thread sorts what arrives into responses and relayed data.
 */
public final class RawTurnClient implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration ANSWER = Duration.ofSeconds(5);

    /** Relayed data: from a Data indication (peer set, channel 0) or ChannelData (channel set, peer null). */
    public record Received(InetSocketAddress peer, int channel, byte[] data) {
    }

    private final Socket tcp;
    private final OutputStream tcpOut;
    private final DatagramSocket udp;
    private final String username;
    private final String password;
    private final BlockingQueue<StunMessage> responses = new LinkedBlockingQueue<>();
    private final BlockingQueue<Received> relayed = new LinkedBlockingQueue<>();
    private volatile boolean ended;
    private volatile boolean reading = true;
    private final CountDownLatch closed = new CountDownLatch(1);
    private String realm;
    private String nonce;

    private RawTurnClient(Socket tcp, DatagramSocket udp, String username, String password) throws IOException {
        this.tcp = tcp;
        this.tcpOut = tcp == null ? null : tcp.getOutputStream();
        this.udp = udp;
        this.username = username;
        this.password = password;
        Thread.ofVirtual().name("raw-turn-client").start(tcp != null ? this::readTcp : this::readUdp);
    }

    public static RawTurnClient tcp(InetAddress local, InetSocketAddress server, String username, String password)
            throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(local, 0));
        s.connect(server, 3000);
        s.setTcpNoDelay(true);
        return new RawTurnClient(s, null, username, password);
    }

    public static RawTurnClient udp(InetAddress local, InetSocketAddress server, String username, String password)
            throws IOException {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(local, 0));
        s.connect(server);
        return new RawTurnClient(null, s, username, password);
    }

    /**
     * True when the server closes a plain TCP connection from {@code local} at once: the connect
     * itself sees the reset, or a read within two seconds sees the end.
     */
    public static boolean refusedAtOnce(InetAddress local, InetSocketAddress server) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(local, 0));
            try {
                s.connect(server, 2000);
            } catch (ConnectException notListening) {
                throw notListening;
            } catch (SocketException reset) {
                return true;
            }
            s.setSoTimeout(2000);
            try {
                return s.getInputStream().read() < 0;
            } catch (SocketTimeoutException open) {
                return false;
            } catch (IOException reset) {
                return true;
            }
        }
    }

    /**
     * Stops taking what the server sends (TCP): the frames pile up in the socket buffers until the
     * server's writes block, as with a client that hangs.
     */
    public void stopReading() {
        reading = false;
    }

    /**
     * True while a frame can still be written to the TCP connection: once the server has reset
     * it, the write fails (what a client that stopped reading can still learn).
     */
    public boolean writable() {
        try {
            write(new StunMessage(StunMessage.BINDING, StunMessage.MessageClass.REQUEST, transactionId(), List.of()).encode());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** True once the server closed the TCP connection (or the socket failed). */
    public boolean ended() {
        return ended;
    }

    /** Sends a request, answering a 401 or 438 once with the credentials; the final response. */
    public StunMessage request(int method, StunAttribute... attrs) throws IOException {
        StunMessage response = exchange(method, attrs);
        int code = code(response);
        if ((code == ErrorCodeAttribute.UNAUTHENTICATED && realm == null) || code == ErrorCodeAttribute.STALE_NONCE) {
            realm = response.attribute(Realm.class).map(Realm::value).orElse(null);
            nonce = response.attribute(Nonce.class).map(Nonce::value).orElse(null);
            if (realm != null && nonce != null) {
                response = exchange(method, attrs);
            }
        }
        return response;
    }

    /** The error code of a response; 0 for a success. */
    public static int code(StunMessage m) {
        return m.attribute(ErrorCodeAttribute.class).map(ErrorCodeAttribute::code).orElse(0);
    }

    /** Allocates a UDP relay; fails with the error otherwise. */
    public InetSocketAddress allocate() throws IOException {
        StunMessage r = request(StunMessage.ALLOCATE, new RequestedTransport(RequestedTransport.UDP));
        return r.attribute(XorRelayedAddress.class).map(XorRelayedAddress::address)
                .orElseThrow(() -> new IOException("Allocate failed: " + code(r)));
    }

    /** The error code an Allocate gets (0: allocated). */
    public int allocateCode() throws IOException {
        return code(request(StunMessage.ALLOCATE, new RequestedTransport(RequestedTransport.UDP)));
    }

    public int permit(InetSocketAddress peer) throws IOException {
        return code(request(StunMessage.CREATE_PERMISSION, new XorPeerAddress(peer)));
    }

    public int channelBind(int channel, InetSocketAddress peer) throws IOException {
        return code(request(StunMessage.CHANNEL_BIND, new ChannelNumber(channel), new XorPeerAddress(peer)));
    }

    /** Deletes the allocation (Refresh with lifetime 0, RFC 8656 §7.3). */
    public int release() throws IOException {
        return code(request(StunMessage.REFRESH, new Lifetime(0)));
    }

    public void send(InetSocketAddress peer, byte[] data) throws IOException {
        write(new StunMessage(StunMessage.SEND, StunMessage.MessageClass.INDICATION, transactionId(),
                List.of(new XorPeerAddress(peer), new Data(data))).encode());
    }

    public void channelData(int channel, byte[] data) throws IOException {
        write(ChannelData.encode(channel, data, 0, data.length, tcp != null));
    }

    /** The next relayed datagram, or null when none came within the timeout. */
    public Received receive(Duration timeout) throws InterruptedException {
        return relayed.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private StunMessage exchange(int method, StunAttribute... attrs) throws IOException {
        byte[] txid = transactionId();
        List<StunAttribute> all = new ArrayList<>(List.of(attrs));
        byte[] key = null;
        if (realm != null) {
            all.addAll(List.of(new Username(username), new Realm(realm), new Nonce(nonce)));
            key = MessageIntegrity.longTermKey(username, realm, password);
        }
        byte[] request = new StunMessage(method, StunMessage.MessageClass.REQUEST, txid, all).encode(key);
        long deadline = System.nanoTime() + ANSWER.toNanos();
        boolean sent = false;
        long resendAt = 0;
        try {
            while (System.nanoTime() < deadline) {
                // Over UDP again every half second until answered; TCP is reliable.
                if (!sent || (udp != null && System.nanoTime() - resendAt >= 0)) {
                    write(request);
                    sent = true;
                    resendAt = System.nanoTime() + 500_000_000L;
                }
                StunMessage m = responses.poll(50, TimeUnit.MILLISECONDS);
                if (m != null && Arrays.equals(m.transactionId(), txid)) {
                    return m;
                }
                if (tcp != null && ended) {
                    throw new IOException("the server closed the connection");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        throw new IOException("no answer within " + ANSWER);
    }

    private synchronized void write(byte[] frame) throws IOException {
        if (tcp != null) {
            tcpOut.write(frame);
            tcpOut.flush();
        } else {
            udp.send(new DatagramPacket(frame, frame.length));
        }
    }

    private void readTcp() {
        try {
            DataInputStream in = new DataInputStream(tcp.getInputStream());
            byte[] buf = new byte[65600];
            while (true) {
                if (!reading) {
                    closed.await();
                    return;
                }
                in.readFully(buf, 0, 4);
                int length = ((buf[2] & 0xff) << 8) | (buf[3] & 0xff);
                int total = (buf[0] & 0xC0) == 0 ? StunMessage.HEADER_BYTES + length : 4 + ((length + 3) & ~3);
                in.readFully(buf, 4, total - 4);
                sort(buf, total);
            }
        } catch (IOException e) {
            ended = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void readUdp() {
        byte[] buf = new byte[65536];
        while (!udp.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                udp.receive(p);
                sort(buf, p.getLength());
            } catch (IOException e) {
                // an ICMP error surfaced by the connected socket, or the socket closed
            }
        }
    }

    private void sort(byte[] buf, int length) {
        if ((buf[0] & 0xC0) == 0x40) {
            int channel = ((buf[0] & 0xff) << 8) | (buf[1] & 0xff);
            int dataLength = ((buf[2] & 0xff) << 8) | (buf[3] & 0xff);
            relayed.add(new Received(null, channel, Arrays.copyOfRange(buf, 4, 4 + dataLength)));
            return;
        }
        try {
            StunMessage m = StunMessage.decode(buf, length);
            if (m.messageClass() == StunMessage.MessageClass.INDICATION && m.method() == StunMessage.DATA) {
                relayed.add(new Received(m.attribute(XorPeerAddress.class).orElseThrow().address(), 0,
                        m.attribute(Data.class).orElseThrow().bytes()));
            } else {
                responses.add(m);
            }
        } catch (StunException e) {
            // not for us
        }
    }

    private static byte[] transactionId() {
        byte[] txid = new byte[12];
        RANDOM.nextBytes(txid);
        return txid;
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        if (tcp != null) {
            tcp.close();
        } else {
            udp.close();
        }
    }
}
