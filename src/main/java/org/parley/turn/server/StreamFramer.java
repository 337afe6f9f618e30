package org.parley.turn.server;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.function.LongSupplier;
import org.parley.turn.server.proto.ChannelData;
import org.parley.turn.server.proto.StunMessage;

/**
 * Cuts a TURN stream (TCP or TLS to the server, RFC 8656 §3.1) into frames: STUN messages, whose
 * 20-byte header counts the bytes that follow (RFC 8489 §5), and ChannelData padded to a multiple
 * of 4 (RFC 8656 §12.5), back to back with nothing between. A stream that starts anything else
 * cannot be resynchronized, so it is refused with {@link NotTurn}.
 *
 * <p>The buffer starts at {@link #INITIAL_BYTES} and grows only when it is full of bytes that
 * really arrived, so a length field alone never costs memory: a client that announces 64 KiB and
 * sends four bytes holds 2 KiB. Each frame has an absolute deadline from its first byte, so a
 * client trickling a byte just before every read timeout still runs out of time.
 */
final class StreamFramer {
    /** Bigger than any relayed media frame (WebRTC keeps datagrams under ~1500 bytes) and any STUN message we handle. */
    static final int INITIAL_BYTES = 2048;
    /** "Wait for the first byte as long as it takes": for a connection whose allocation is alive. */
    static final long UNBOUNDED = Long.MAX_VALUE;

    /** The stream carries something that is not TURN. */
    static final class NotTurn extends IOException {
        NotTurn(String what) {
            super(what);
        }
    }

    /** Bounds the next blocking read; the source sets its read timeout (0: none) and any watchdog from this. */
    interface ReadBound {
        void nanosLeft(long nanos) throws IOException;
    }

    private final InputStream in;
    private final ReadBound bound;
    private final LongSupplier clock;
    private final long frameNanos;
    private byte[] buf = new byte[INITIAL_BYTES];
    private int have;

    /**
     * @param frameNanos how long a frame may take from its first byte to its last
     * @param clock      {@link System#nanoTime}, or a test's clock
     */
    StreamFramer(InputStream in, ReadBound bound, LongSupplier clock, long frameNanos) {
        this.in = in;
        this.bound = bound;
        this.clock = clock;
        this.frameNanos = frameNanos;
    }

    /**
     * Reads the next frame into {@link #buffer()} and returns its length (padding included for
     * ChannelData). The first byte must come by {@code firstByteBy} ({@link System#nanoTime}
     * scale, or {@link #UNBOUNDED}); the rest within the frame time after it.
     *
     * @throws EOFException           the stream ended, cleanly between frames or inside one
     * @throws SocketTimeoutException a deadline passed
     * @throws NotTurn                the bytes are not a STUN message nor ChannelData
     */
    int next(long firstByteBy) throws IOException {
        if (buf.length > INITIAL_BYTES) {
            buf = new byte[INITIAL_BYTES]; // a rare big frame's buffer is not kept for the connection's life
        }
        have = 0;
        fill(1, ChannelData.HEADER_BYTES, firstByteBy);
        long frameBy = clock.getAsLong() + frameNanos;
        fill(ChannelData.HEADER_BYTES, ChannelData.HEADER_BYTES, frameBy);
        int total;
        if ((buf[0] & 0xC0) == 0) {
            fill(StunMessage.HEADER_BYTES, StunMessage.HEADER_BYTES, frameBy);
            int cookie = ((buf[4] & 0xff) << 24) | ((buf[5] & 0xff) << 16) | ((buf[6] & 0xff) << 8) | (buf[7] & 0xff);
            int length = ((buf[2] & 0xff) << 8) | (buf[3] & 0xff);
            if (cookie != StunMessage.MAGIC_COOKIE || length % 4 != 0) {
                throw new NotTurn("a STUN header without the magic cookie or with an unaligned length");
            }
            total = StunMessage.HEADER_BYTES + length;
        } else if ((buf[0] & 0xC0) == 0x40) {
            if (!ChannelData.validChannel(((buf[0] & 0xff) << 8) | (buf[1] & 0xff))) {
                throw new NotTurn("ChannelData with a channel number out of range");
            }
            total = ChannelData.streamFrameLength(buf);
        } else {
            throw new NotTurn("neither STUN nor ChannelData");
        }
        fill(total, total, frameBy);
        return total;
    }

    /** The current frame's bytes, valid until the next call to {@link #next}. */
    byte[] buffer() {
        return buf;
    }

    /**
     * Reads until at least {@code atLeast} bytes are in, asking for no more than {@code upTo}: the
     * frame's own bytes only, so the next frame's stay in the stream for the next call.
     */
    private void fill(int atLeast, int upTo, long deadline) throws IOException {
        while (have < atLeast) {
            if (have == buf.length) {
                buf = Arrays.copyOf(buf, Math.min(upTo, buf.length * 2));
            }
            if (deadline == UNBOUNDED) {
                bound.nanosLeft(0);
            } else {
                long left = deadline - clock.getAsLong();
                if (left <= 0) {
                    throw new SocketTimeoutException(have == 0 ? "no frame began in time" : "a frame did not finish in time");
                }
                bound.nanosLeft(left);
            }
            int n = in.read(buf, have, Math.min(upTo, buf.length) - have);
            if (n < 0) {
                throw new EOFException(have == 0 ? "the stream ended" : "the stream ended inside a frame");
            }
            have += n;
        }
    }
}
