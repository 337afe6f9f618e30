package org.parley.turn.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded STUN server on UDP (RFC 8489): answers Binding requests with the sender's
 * reflexive address. Malformed datagrams are dropped without a reply (a reply to a spoofed
 * source would make the server a reflector); a request with unknown comprehension-required
 * attributes gets 420 (RFC 8489 §6.3.1).
 */
public final class StunServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StunServer.class);
    private static final Software SOFTWARE = new Software("Parley");

    private final DatagramChannel channel;
    private final Thread loop;

    private StunServer(DatagramChannel channel) {
        this.channel = channel;
        this.loop = Thread.ofVirtual().name("parley-stun-udp").start(this::serve);
    }

    public static StunServer start(String host, int port) throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        ch.bind(new InetSocketAddress(host, port));
        return new StunServer(ch);
    }

    public int port() {
        try {
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void serve() {
        ByteBuffer buf = ByteBuffer.allocate(2048);
        while (channel.isOpen()) {
            try {
                buf.clear();
                SocketAddress from = channel.receive(buf);
                byte[] reply = answer(buf.array(), buf.position(), (InetSocketAddress) from);
                if (reply != null) {
                    channel.send(ByteBuffer.wrap(reply), from);
                }
            } catch (IOException e) {
                if (channel.isOpen()) {
                    LOG.warn("STUN socket error: {}", e.getMessage());
                }
            }
        }
    }

    /** The reply to one datagram, or null to drop it. Pure, so it is unit-tested directly. */
    static byte[] answer(byte[] data, int length, InetSocketAddress from) {
        StunMessage request;
        try {
            request = StunMessage.decode(data, length);
        } catch (StunException | RuntimeException e) {
            return null;
        }
        if (request.messageClass() != StunMessage.MessageClass.REQUEST || request.method() != StunMessage.BINDING) {
            return null;
        }
        List<Integer> unknown = new ArrayList<>();
        for (StunAttribute a : request.attributes()) {
            if (a instanceof RawAttribute raw && StunAttribute.comprehensionRequired(raw.type())) {
                unknown.add(raw.type());
            }
        }
        if (!unknown.isEmpty()) {
            return request.respond(StunMessage.MessageClass.ERROR, List.of(
                    new ErrorCodeAttribute(ErrorCodeAttribute.UNKNOWN_ATTRIBUTE, "Unknown Attribute"),
                    new UnknownAttributes(unknown), SOFTWARE)).encode();
        }
        return request.respond(StunMessage.MessageClass.SUCCESS, List.of(new XorMappedAddress(from), SOFTWARE)).encode();
    }

    @Override
    public void close() throws IOException {
        channel.close();
        loop.interrupt();
    }
}
