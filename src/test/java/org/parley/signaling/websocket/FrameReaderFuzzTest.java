package org.parley.signaling.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Whatever bytes a client sends, in whatever pieces the network cuts them, the reader ends in
 * messages or in a {@link FrameException} with a close status of RFC 6455 §7.4.1, never another
 * exception; no text message is longer than the limit; and the pieces change nothing: the bytes
 * fed whole and fed in pieces give the same messages and the same failure.
 *
 * <p>An input is {@code [limit: 2 bytes, big-endian][split: 1 byte][the bytes from the client]};
 * split 0 feeds them whole, split n in pieces of 1 to n bytes chosen by a generator seeded with n.
 * Regression inputs: {@code src/test/resources/org/parley/signaling/websocket/FrameReaderFuzzTestInputs/read/}.
 */
class FrameReaderFuzzTest {
    @FuzzTest
    void read(byte[] input) {
        if (input.length < 3) {
            return;
        }
        int limit = ((input[0] & 0xFF) << 8) | (input[1] & 0xFF);
        int split = input[2] & 0xFF;
        ByteBuffer stream = ByteBuffer.wrap(input, 3, input.length - 3).slice();

        Recorder whole = new Recorder(limit);
        whole.feed(stream.duplicate(), stream.remaining());
        Recorder pieces = new Recorder(limit);
        pieces.feed(stream.duplicate(), split);

        assertThat(pieces.events).isEqualTo(whole.events);
    }

    /** What one reader reported, as short strings, with the checks every event must pass. */
    private static final class Recorder implements FrameReader.Sink {
        final List<String> events = new ArrayList<>();
        private final int limit;
        private final FrameReader reader;
        private boolean closed;

        Recorder(int limit) {
            this.limit = limit;
            this.reader = new FrameReader(this, limit);
        }

        /** Feeds in pieces of 1 to {@code split} bytes, stopping as the socket does: at a close or a failure. */
        void feed(ByteBuffer stream, int split) {
            SplittableRandom cuts = new SplittableRandom(split);
            while (stream.hasRemaining() && !closed) {
                int n = Math.min(stream.remaining(), split == 0 ? stream.remaining() : cuts.nextInt(1, split + 1));
                ByteBuffer piece = stream.slice(stream.position(), n);
                stream.position(stream.position() + n);
                try {
                    reader.feed(piece);
                } catch (FrameException e) {
                    assertThat(e.status()).isIn(FrameReader.PROTOCOL_ERROR, FrameReader.INVALID_DATA, FrameReader.TOO_BIG);
                    events.add("fail:" + e.status());
                    return;
                }
            }
        }

        @Override
        public void textMessage(String text) {
            assertThat(text.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(limit);
            events.add("text:" + text);
        }

        @Override
        public void binaryMessage() {
            events.add("binary");
        }

        @Override
        public void pingFrame(byte[] payload) {
            assertThat(payload.length).isLessThanOrEqualTo(125); // §5.5
            events.add("ping:" + new String(payload, StandardCharsets.ISO_8859_1));
        }

        @Override
        public void closeFrame(int status, String reason) {
            assertThat(status == FrameReader.NO_STATUS || FrameReader.sendable(status)).isTrue();
            assertThat(reason.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123); // §5.5.1
            events.add("close:" + status + ":" + reason);
            closed = true;
        }
    }
}
