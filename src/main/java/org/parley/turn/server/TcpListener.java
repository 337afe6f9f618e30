package org.parley.turn.server;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.parley.turn.server.proto.ChannelData;
import org.parley.turn.server.proto.StunMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP listener (RFC 8656 §3.1, TURN over TCP to the server, UDP to peers): one virtual
 * thread per connection reads STUN messages and padded ChannelData frames back to back. Anything
 * else on the stream closes the connection; closing it ends its allocation.
 */
final class TcpListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TcpListener.class);
    /** The largest frame: a STUN message with the biggest length field. */
    private static final int MAX_FRAME = 65535 + StunMessage.HEADER_BYTES;

    /** One TCP connection: its own 5-tuple; writes are serialized by a lock. */
    static final class TcpLink implements ClientLink {
        private final SocketChannel channel;
        private final InetSocketAddress remote;
        private final ReentrantLock writing = new ReentrantLock();

        TcpLink(SocketChannel channel) throws IOException {
            this.channel = channel;
            this.remote = (InetSocketAddress) channel.getRemoteAddress();
        }

        @Override
        public void send(byte[] frame) {
            writing.lock();
            try {
                ByteBuffer b = ByteBuffer.wrap(frame);
                while (b.hasRemaining()) {
                    channel.write(b);
                }
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
            return "tcp";
        }

        void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    private final ServerSocketChannel server;
    private final Set<TcpLink> links = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    TcpListener(InetSocketAddress bind, TurnServer turn) throws IOException {
        server = ServerSocketChannel.open();
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        server.bind(bind);
        acceptor = Thread.ofVirtual().name("parley-turn-tcp").start(() -> accept(turn));
    }

    int port() {
        return server.socket().getLocalPort();
    }

    private void accept(TurnServer turn) {
        while (server.isOpen()) {
            try {
                SocketChannel ch = server.accept();
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                TcpLink link = new TcpLink(ch);
                links.add(link);
                Thread.ofVirtual().name("parley-turn-tcp-conn").start(() -> serve(ch, link, turn));
            } catch (IOException e) {
                if (server.isOpen()) {
                    LOG.warn("TURN TCP listener: {}", e.toString());
                }
            }
        }
    }

    private void serve(SocketChannel ch, TcpLink link, TurnServer turn) {
        byte[] frame = new byte[MAX_FRAME];
        try {
            while (true) {
                readFully(ch, frame, 0, ChannelData.HEADER_BYTES);
                int total;
                if ((frame[0] & 0xC0) == 0) {
                    readFully(ch, frame, ChannelData.HEADER_BYTES, StunMessage.HEADER_BYTES - ChannelData.HEADER_BYTES);
                    total = StunMessage.HEADER_BYTES + (((frame[2] & 0xff) << 8) | (frame[3] & 0xff));
                    readFully(ch, frame, StunMessage.HEADER_BYTES, total - StunMessage.HEADER_BYTES);
                } else if ((frame[0] & 0xC0) == 0x40) {
                    total = ChannelData.streamFrameLength(frame);
                    readFully(ch, frame, ChannelData.HEADER_BYTES, total - ChannelData.HEADER_BYTES);
                } else {
                    return; // not TURN: nothing sensible can follow on this stream
                }
                byte[] reply = turn.handle(frame, total, link);
                if (reply != null) {
                    link.send(reply);
                }
            }
        } catch (IOException | RuntimeException e) {
            // The client went away or sent garbage: either way the connection and its allocation end.
        } finally {
            links.remove(link);
            link.close();
            turn.linkClosed(link);
        }
    }

    private static void readFully(SocketChannel ch, byte[] into, int offset, int length) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(into, offset, length);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new EOFException();
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
        links.forEach(TcpLink::close);
    }
}
