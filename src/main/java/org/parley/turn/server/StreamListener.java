package org.parley.turn.server;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.parley.limits.AddressCounter;
import org.parley.limits.Refusal;
import org.parley.limits.Refusals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream listener, TCP or TLS (RFC 8656 §3.1: TURN over a stream to the server, UDP to peers):
 * one virtual thread per connection reads frames ({@link StreamFramer}). Anything that is not
 * TURN closes the connection; closing it ends its allocation, and the end of the allocation
 * closes it.
 *
 * <p>A connection is a slot that a hostile client would like to hold for free, so each is
 * counted against its address and against the total (shared by the TCP and TLS listeners; a
 * newcomer over either cap is closed at once, nothing already open is touched), and held to
 * deadlines: handshake and first frame, every frame from its first byte, idleness while it has
 * no allocation. With an allocation it may stay silent for as long as the allocation lives.
 */
final class StreamListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamListener.class);
    /**
     * TLS handshake and the first frame's first byte, from the accept: a TURN client sends its
     * Allocate as soon as the connection is up, and 5 s covers a handshake over a poor mobile
     * link several times over.
     */
    static final long FIRST_FRAME_NANOS = 5_000_000_000L;
    /**
     * One frame, first byte to last: a frame is at most 64 KiB and usually one packet, so 5 s is
     * slower than any link a call could run on, and a byte every few seconds gains nothing.
     */
    static final long FRAME_NANOS = 5_000_000_000L;
    /**
     * Silence between frames while the connection has no allocation. After a 401 or a Binding a
     * client asks again at once (RFC 8656 §7.1 and §7.3), so 10 s is ample; after that the
     * connection is a slot held for nothing.
     */
    static final long IDLE_NANOS = 10_000_000_000L;
    /** How often the watchdog looks: a missed deadline is acted on at most this late. */
    private static final long WATCH_MILLIS = 250;

    private final ServerSocket server;
    private final String transport;
    private final SSLContext tls;
    private final AddressCounter<InetAddress> connections;
    private final Set<StreamLink> links = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private final ScheduledFuture<?> watchdog;

    private StreamListener(ServerSocket server, String transport, SSLContext tls, TurnServer turn,
                           AddressCounter<InetAddress> connections, ScheduledExecutorService scheduler) {
        this.server = server;
        this.transport = transport;
        this.tls = tls;
        this.connections = connections;
        watchdog = scheduler.scheduleWithFixedDelay(this::watch, WATCH_MILLIS, WATCH_MILLIS, TimeUnit.MILLISECONDS);
        acceptor = Thread.ofVirtual().name("parley-turn-" + transport).start(() -> accept(turn));
    }

    /** @param connections the per-address and total count of stream connections, shared with the other listener */
    static StreamListener tcp(InetSocketAddress bind, TurnServer turn, AddressCounter<InetAddress> connections,
                              ScheduledExecutorService scheduler) throws IOException {
        return new StreamListener(bound(bind), "tcp", null, turn, connections, scheduler);
    }

    /**
     * TLS is layered on each accepted TCP socket (rather than an {@code SSLServerSocket}), so the
     * watchdog can always close the TCP socket underneath.
     */
    static StreamListener tls(InetSocketAddress bind, SSLContext tls, TurnServer turn,
                              AddressCounter<InetAddress> connections, ScheduledExecutorService scheduler)
            throws IOException {
        return new StreamListener(bound(bind), "tls", tls, turn, connections, scheduler);
    }

    private static ServerSocket bound(InetSocketAddress bind) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(bind);
        return s;
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept(TurnServer turn) {
        while (!server.isClosed()) {
            try {
                Socket raw = server.accept();
                InetAddress address = raw.getInetAddress();
                AddressCounter.Verdict v = connections.acquire(address);
                if (v != AddressCounter.Verdict.OK) {
                    Refusals.record(v == AddressCounter.Verdict.PER_ADDRESS
                            ? Refusal.TURN_TCP_PER_ADDRESS : Refusal.TURN_TCP_TOTAL);
                    StreamLink.reset(raw);
                    continue;
                }
                long acceptedAt = System.nanoTime();
                Thread.ofVirtual().name("parley-turn-" + transport + "-conn")
                        .start(() -> serve(raw, address, acceptedAt, turn));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.warn("TURN {} listener: {}", transport, e.toString());
                }
            }
        }
    }

    private void serve(Socket raw, InetAddress address, long acceptedAt, TurnServer turn) {
        StreamLink link = null;
        boolean stalled = false;
        try {
            long firstByteBy = acceptedAt + FIRST_FRAME_NANOS;
            Socket socket = tls == null ? raw : tls.getSocketFactory().createSocket(raw, null, true);
            link = new StreamLink(raw, socket, transport, firstByteBy);
            links.add(link);
            raw.setTcpNoDelay(true);
            if (socket instanceof SSLSocket ssl) {
                link.nanosLeft(Math.max(1, firstByteBy - System.nanoTime()));
                ssl.startHandshake();
            }
            StreamFramer framer = new StreamFramer(socket.getInputStream(), link, System::nanoTime, FRAME_NANOS);
            while (true) {
                int length = framer.next(firstByteBy);
                link.frameRead();
                byte[] reply = turn.handle(framer.buffer(), length, link);
                if (reply != null) {
                    link.send(reply);
                }
                if (link.allocationEnded()) {
                    return;
                }
                firstByteBy = turn.allocated(link) ? StreamFramer.UNBOUNDED : System.nanoTime() + IDLE_NANOS;
            }
        } catch (SocketTimeoutException e) {
            stalled = true;
        } catch (EOFException e) {
            // the client closed the connection
        } catch (IOException | RuntimeException e) {
            // The client went away, was cut by the watchdog or sent something that is not TURN:
            // the connection and its allocation end.
        } finally {
            if (link != null) {
                turn.linkClosed(link);
                if (stalled) {
                    link.cut();
                } else {
                    link.close();
                }
                try {
                    link.awaitWriter(); // still watched: a writer blocked on a client that does not read is cut
                } catch (InterruptedException e) {
                    link.abort();
                    Thread.currentThread().interrupt();
                }
                links.remove(link);
                stalled |= link.wasCut();
            } else {
                StreamLink.reset(raw);
            }
            connections.release(address);
            if (stalled) {
                Refusals.record(Refusal.TURN_TCP_STALLED);
            }
        }
    }

    /** Cuts connections past a deadline that their read timeout did not catch (TLS, a blocked write). */
    private void watch() {
        long now = System.nanoTime();
        for (StreamLink link : links) {
            if (link.overdue(now)) {
                link.cut();
            }
        }
    }

    @Override
    public void close() throws IOException {
        watchdog.cancel(false);
        server.close();
        acceptor.interrupt();
        links.forEach(StreamLink::abort);
    }
}
