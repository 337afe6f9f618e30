package org.parley.turn.server;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.parley.turn.server.proto.ChannelData;
import org.parley.turn.server.proto.StunMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream listener, TCP or TLS (RFC 8656 §3.1: TURN over a stream to the server, UDP to peers):
 * one virtual thread per connection reads STUN messages and padded ChannelData frames back to
 * back. Anything else on the stream closes the connection; closing it ends its allocation.
 */
final class StreamListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamListener.class);
    /** The largest frame: a STUN message with the biggest length field. */
    private static final int MAX_FRAME = 65535 + StunMessage.HEADER_BYTES;
    /** A connection must finish its TLS handshake, or send its first frame, within this many ms. */
    private static final int FIRST_FRAME_MS = 10_000;

    /** One connection: its own 5-tuple; writes are serialized by a lock. */
    static final class StreamLink implements ClientLink {
        private final Socket socket;
        private final OutputStream out;
        private final InetSocketAddress remote;
        private final String transport;
        private final ReentrantLock writing = new ReentrantLock();

        StreamLink(Socket socket, String transport) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.remote = (InetSocketAddress) socket.getRemoteSocketAddress();
            this.transport = transport;
        }

        @Override
        public void send(byte[] frame) {
            writing.lock();
            try {
                out.write(frame);
                out.flush();
            } catch (IOException e) {
                close();
            } finally {
                writing.unlock();
            }
        }

        @Override
        public InetSocketAddress remote() {
            return remote;
        }

        @Override
        public boolean stream() {
            return true;
        }

        @Override
        public String transport() {
            return transport;
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    private final ServerSocket server;
    private final String transport;
    private final Set<StreamLink> links = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    private StreamListener(ServerSocket server, String transport, TurnServer turn) {
        this.server = server;
        this.transport = transport;
        acceptor = Thread.ofVirtual().name("parley-turn-" + transport).start(() -> accept(turn));
    }

    static StreamListener tcp(InetSocketAddress bind, TurnServer turn) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(bind);
        return new StreamListener(s, "tcp", turn);
    }

    static StreamListener tls(InetSocketAddress bind, SSLContext tls, TurnServer turn) throws IOException {
        ServerSocket s = tls.getServerSocketFactory().createServerSocket();
        s.setReuseAddress(true);
        s.bind(bind);
        return new StreamListener(s, "tls", turn);
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept(TurnServer turn) {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().name("parley-turn-" + transport + "-conn").start(() -> serve(socket, turn));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.warn("TURN {} listener: {}", transport, e.toString());
                }
            }
        }
    }

    private void serve(Socket socket, TurnServer turn) {
        StreamLink link = null;
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(FIRST_FRAME_MS);
            if (socket instanceof SSLSocket ssl) {
                ssl.startHandshake();
            }
            link = new StreamLink(socket, transport);
            links.add(link);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] frame = new byte[MAX_FRAME];
            while (true) {
                in.readFully(frame, 0, ChannelData.HEADER_BYTES);
                socket.setSoTimeout(0);
                int total;
                if ((frame[0] & 0xC0) == 0) {
                    in.readFully(frame, ChannelData.HEADER_BYTES, StunMessage.HEADER_BYTES - ChannelData.HEADER_BYTES);
                    total = StunMessage.HEADER_BYTES + (((frame[2] & 0xff) << 8) | (frame[3] & 0xff));
                    in.readFully(frame, StunMessage.HEADER_BYTES, total - StunMessage.HEADER_BYTES);
                } else if ((frame[0] & 0xC0) == 0x40) {
                    total = ChannelData.streamFrameLength(frame);
                    in.readFully(frame, ChannelData.HEADER_BYTES, total - ChannelData.HEADER_BYTES);
                } else {
                    return; // not TURN: nothing sensible can follow on this stream
                }
                byte[] reply = turn.handle(frame, total, link);
                if (reply != null) {
                    link.send(reply);
                }
            }
        } catch (EOFException e) {
            // the client closed the connection
        } catch (IOException | RuntimeException e) {
            // The client went away, timed out or sent garbage: the connection and its allocation end.
        } finally {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
            if (link != null) {
                links.remove(link);
                turn.linkClosed(link);
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
        links.forEach(StreamLink::close);
    }
}
