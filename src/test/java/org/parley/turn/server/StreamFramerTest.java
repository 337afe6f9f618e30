package org.parley.turn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.parley.turn.server.proto.ChannelData;
import org.parley.turn.server.proto.Data;
import org.parley.turn.server.proto.StunMessage;

/** Framing a TURN stream: back-to-back frames in any chunking, garbage, short and oversized input, deadlines, fuzz. */
class StreamFramerTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long FRAME = 5 * SECOND;

    /** The framer's clock, moved by the test's stream. */
    static final class FakeClock {
        long now = 1_000 * SECOND;
    }

    /** Hands out its bytes at most {@code chunk(random)} at a time, advancing the clock per read; then EOF. */
    static final class Trickle extends InputStream {
        private final byte[] bytes;
        private final Random random;
        private final int maxChunk;
        private final FakeClock clock;
        private final long perRead;
        int pos;

        Trickle(byte[] bytes, long seed, int maxChunk, FakeClock clock, long perRead) {
            this.bytes = bytes;
            this.random = new Random(seed);
            this.maxChunk = maxChunk;
            this.clock = clock;
            this.perRead = perRead;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException("the framer reads in blocks");
        }

        @Override
        public int read(byte[] b, int off, int len) {
            clock.now += perRead;
            if (pos == bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, bytes.length - pos), 1 + random.nextInt(maxChunk));
            System.arraycopy(bytes, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    /** What the framer asked the socket for: every read bound, in nanoseconds left (0: none). */
    private final List<Long> bounds = new ArrayList<>();
    private final FakeClock clock = new FakeClock();

    private StreamFramer framer(InputStream in) {
        return new StreamFramer(in, bounds::add, () -> clock.now, FRAME);
    }

    private static byte[] stun(int dataBytes) {
        return new StunMessage(StunMessage.SEND, StunMessage.MessageClass.INDICATION, new byte[12],
                List.of(new Data(new byte[dataBytes]))).encode();
    }

    private static byte[] channelData(int channel, int length) {
        byte[] payload = new byte[length];
        Arrays.fill(payload, (byte) length);
        return ChannelData.encode(channel, payload, 0, length, true);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void stunAndPaddedChannelDataBackToBackComeOutWholeInAnyChunking() throws Exception {
        List<byte[]> frames = List.of(stun(10), channelData(0x4001, 1), channelData(0x7FFE, 1200), stun(0),
                channelData(0x4000, 0), channelData(0x4abc, 60_000), stun(3000), channelData(0x4002, 7));
        byte[] wire = concat(frames.toArray(byte[][]::new));
        for (int maxChunk : new int[] {1, 3, 7, 1500, 100_000}) {
            StreamFramer f = framer(new Trickle(wire, maxChunk, maxChunk, clock, 0));
            for (byte[] expected : frames) {
                int length = f.next(StreamFramer.UNBOUNDED);
                assertThat(Arrays.copyOf(f.buffer(), length)).as("chunks of up to %d", maxChunk).isEqualTo(expected);
            }
            assertThatThrownBy(() -> f.next(StreamFramer.UNBOUNDED)).isInstanceOf(EOFException.class);
        }
    }

    @Test
    void theBufferStartsSmallGrowsOnlyWithArrivedBytesAndShrinksAfterABigFrame() throws Exception {
        byte[] claim = Arrays.copyOf(stun(65_000), 3_000); // the header announces ~64 KiB, 3,000 bytes come
        StreamFramer f = framer(new Trickle(claim, 1, 700, clock, 0));
        assertThatThrownBy(() -> f.next(StreamFramer.UNBOUNDED)).isInstanceOf(EOFException.class);
        assertThat(f.buffer().length).as("at most twice what arrived").isLessThanOrEqualTo(2 * 3_000);

        StreamFramer silent = framer(new Trickle(Arrays.copyOf(stun(65_000), 4), 1, 4, clock, 0));
        assertThatThrownBy(() -> silent.next(StreamFramer.UNBOUNDED)).isInstanceOf(EOFException.class);
        assertThat(silent.buffer().length).isEqualTo(StreamFramer.INITIAL_BYTES);

        StreamFramer big = framer(new Trickle(concat(channelData(0x4001, 60_000), channelData(0x4001, 10)), 1, 9000, clock, 0));
        assertThat(big.next(StreamFramer.UNBOUNDED)).isEqualTo(60_004);
        assertThat(big.next(StreamFramer.UNBOUNDED)).isEqualTo(16);
        assertThat(big.buffer().length).as("the big frame's buffer is not kept").isEqualTo(StreamFramer.INITIAL_BYTES);
    }

    @Test
    void anythingButStunOrChannelDataIsNotTurn() {
        byte[] goodStun = stun(4);
        byte[] noCookie = goodStun.clone();
        noCookie[4] ^= 1;
        byte[] unaligned = goodStun.clone();
        unaligned[3] = 5;
        byte[] tlsHello = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        for (byte[] garbage : List.of(noCookie, unaligned, tlsHello, new byte[] {(byte) 0x80, 0, 0, 0},
                new byte[] {(byte) 0xC0, 1, 0, 0}, new byte[] {(byte) 0xFF, (byte) 0xFF, 0, 4, 1, 2, 3, 4},
                new byte[] {0x7F, (byte) 0xFF, 0, 0})) {
            StreamFramer f = framer(new Trickle(garbage, 1, 64, clock, 0));
            assertThatThrownBy(() -> f.next(StreamFramer.UNBOUNDED)).as(Arrays.toString(garbage))
                    .isInstanceOf(StreamFramer.NotTurn.class);
        }
    }

    @Test
    void aStreamThatEndsInsideAFrameIsAnEndOfStream() {
        byte[] wire = concat(stun(8), Arrays.copyOf(channelData(0x4001, 100), 50));
        StreamFramer f = framer(new Trickle(wire, 1, 16, clock, 0));
        assertThatThrownBy(() -> {
            f.next(StreamFramer.UNBOUNDED);
            f.next(StreamFramer.UNBOUNDED);
        }).isInstanceOf(EOFException.class).hasMessageContaining("inside a frame");
    }

    @Test
    void theFrameDeadlineIsAbsoluteSoAByteBeforeEveryReadTimeoutDoesNotExtendIt() {
        // One byte per read, each read taking a second: every read is well inside a 5 s read
        // timeout, the 20-byte header as a whole is not.
        StreamFramer f = framer(new Trickle(stun(0), 1, 1, clock, SECOND));
        assertThatThrownBy(() -> f.next(StreamFramer.UNBOUNDED)).isInstanceOf(SocketTimeoutException.class)
                .hasMessageContaining("did not finish");
        assertThat(bounds.getFirst()).as("waiting for the first byte: no bound").isZero();
        assertThat(bounds.subList(1, bounds.size())).as("each read gets only what is left of the frame's time")
                .containsExactly(5 * SECOND, 4 * SECOND, 3 * SECOND, 2 * SECOND, SECOND);
    }

    @Test
    void theFirstByteMustComeByItsDeadline() throws Exception {
        StreamFramer late = framer(new Trickle(stun(0), 1, 64, clock, 0));
        assertThatThrownBy(() -> late.next(clock.now)).isInstanceOf(SocketTimeoutException.class)
                .hasMessageContaining("no frame began");

        StreamFramer onTime = framer(new Trickle(stun(0), 1, 64, clock, 0));
        bounds.clear();
        assertThat(onTime.next(clock.now + 3 * SECOND)).isEqualTo(stun(0).length);
        assertThat(bounds.getFirst()).isEqualTo(3 * SECOND);
    }

    /**
     * Random bytes, and valid streams with random bytes flipped, in random chunks: the framer ends
     * every stream with one of its three IOExceptions, never anything else, and never holds a
     * buffer larger than twice what arrived.
     */
    @Test
    void fuzzedStreamsEndInAnIoExceptionAndNeverInflateTheBuffer() {
        Random random = new Random(8656);
        byte[] valid = concat(stun(40), channelData(0x4001, 33), stun(2000), channelData(0x5000, 3000));
        for (int i = 0; i < 5_000; i++) {
            byte[] input;
            if (i % 2 == 0) {
                input = new byte[random.nextInt(300)];
                random.nextBytes(input);
                if (input.length > 0 && random.nextBoolean()) {
                    input[0] = (byte) (random.nextBoolean() ? 0x00 : 0x40 | random.nextInt(0x3F));
                }
            } else {
                input = valid.clone();
                for (int flips = random.nextInt(4); flips >= 0; flips--) {
                    input[random.nextInt(input.length)] ^= (byte) (1 << random.nextInt(8));
                }
                input = Arrays.copyOf(input, random.nextInt(input.length + 1));
            }
            Trickle in = new Trickle(input, random.nextLong(), 1 + random.nextInt(600), clock, 0);
            StreamFramer f = framer(in);
            int frames = 0;
            try {
                while (true) {
                    int length = f.next(StreamFramer.UNBOUNDED);
                    assertThat(length).isPositive().isLessThanOrEqualTo(in.pos);
                    frames++;
                    assertThat(frames).as("frames cannot outnumber their 4-byte headers").isLessThanOrEqualTo(input.length / 4);
                }
            } catch (IOException expected) {
                assertThat(expected).isInstanceOfAny(EOFException.class, StreamFramer.NotTurn.class);
            }
            assertThat(f.buffer().length).as("case %d", i)
                    .isLessThanOrEqualTo(Math.max(StreamFramer.INITIAL_BYTES, 2 * in.pos));
        }
    }
}
