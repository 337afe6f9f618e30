package org.parley.turn.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;

/**
 * Any stream is cut into frames that lie back to back within it, each no longer than a STUN
 * message can be, until it ends ({@link EOFException}) or turns out not to be TURN
 * ({@link StreamFramer.NotTurn}); nothing else escapes, and the buffer never holds more than the
 * bytes that arrived (rounded to its doubling).
 *
 * <p>An input is the bytes a client sends. Regression inputs:
 * {@code src/test/resources/org/parley/turn/server/StreamFramerFuzzTestInputs/frames/}.
 */
class StreamFramerFuzzTest {
    @FuzzTest
    void frames(byte[] stream) throws IOException {
        StreamFramer framer = new StreamFramer(new ByteArrayInputStream(stream), nanos -> { }, () -> 0L, 1L);
        int consumed = 0;
        while (true) {
            int length;
            try {
                length = framer.next(StreamFramer.UNBOUNDED);
            } catch (EOFException | StreamFramer.NotTurn e) {
                return;
            }
            assertThat(length).isPositive().isLessThanOrEqualTo(65535 + 20);
            assertThat(consumed + length).as("a frame ends within the stream").isLessThanOrEqualTo(stream.length);
            assertThat(Arrays.copyOf(framer.buffer(), length))
                    .isEqualTo(Arrays.copyOfRange(stream, consumed, consumed + length));
            assertThat(framer.buffer().length).isLessThanOrEqualTo(Math.max(StreamFramer.INITIAL_BYTES, 2 * stream.length));
            consumed += length;
        }
    }
}
