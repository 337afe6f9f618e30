package org.parley.signaling.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.signaling.websocket.ClientFrames.concat;
import static org.parley.signaling.websocket.ClientFrames.frame;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.parley.limits.MemoryBudget;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FrameReaderTest {
    /** What the reader reported, as short strings. */
    private final List<String> seen = new ArrayList<>();
    private final FrameReader reader = new FrameReader(new FrameReader.Sink() {
        @Override
        public void textMessage(String text) {
            seen.add("text:" + text);
        }

        @Override
        public void binaryMessage() {
            seen.add("binary");
        }

        @Override
        public void pingFrame(byte[] payload) {
            seen.add("ping:" + new String(payload, StandardCharsets.UTF_8));
        }

        @Override
        public void closeFrame(int status, String reason) {
            seen.add("close:" + status + ":" + reason);
        }
    }, 1000);

    private void feed(byte[] bytes) throws FrameException {
        reader.feed(ByteBuffer.wrap(bytes));
    }

    @Test
    void aMaskedTextFrameIsOneMessage() throws FrameException {
        feed(frame(0x81, "{\"type\":\"ping\"}"));
        assertThat(seen).containsExactly("text:{\"type\":\"ping\"}");
    }

    @Test
    void framesSplitAtEveryByteAreReassembled() throws FrameException {
        String big = "x".repeat(300); // a 16-bit length
        byte[] bytes = concat(frame(0x81, "héllo €"), frame(0x81, big), frame(0x81, ""));
        for (byte b : bytes) {
            feed(new byte[] {b});
        }
        assertThat(seen).containsExactly("text:héllo €", "text:" + big, "text:");
    }

    @Test
    void aFragmentedMessageIsJoinedAndAPingInBetweenIsAnswered() throws FrameException {
        feed(concat(frame(0x01, "hel"), frame(0x89, "p"), frame(0x00, "lo "), frame(0x80, "world")));
        assertThat(seen).containsExactly("ping:p", "text:hello world");
    }

    @Test
    void aCharacterSplitAcrossFragmentsIsDecodedWhole() throws FrameException {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        feed(concat(frame(0x01, new byte[] {euro[0]}, true), frame(0x80, new byte[] {euro[1], euro[2]}, true)));
        assertThat(seen).containsExactly("text:€");
    }

    @Test
    void binaryIsReportedWithoutItsBytes() throws FrameException {
        feed(frame(0x82, new byte[] {1, 2, 3}, true));
        assertThat(seen).containsExactly("binary");
    }

    @Test
    void closeCarriesItsStatusAndReasonAndNothingAfterItIsRead() throws FrameException {
        byte[] payload = concat(new byte[] {0x03, (byte) 0xE9}, "bye".getBytes(StandardCharsets.UTF_8));
        feed(concat(frame(0x88, payload, true), frame(0x81, "late")));
        assertThat(seen).containsExactly("close:1001:bye");
    }

    @Test
    void anEmptyCloseMeansNoStatus() throws FrameException {
        feed(frame(0x88, new byte[0], true));
        assertThat(seen).containsExactly("close:1005:");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "unmasked text frame,            81, false, 0,    1002",
        "reserved bit set,               C1, true,  0,    1002",
        "unknown data opcode,            83, true,  0,    1002",
        "unknown control opcode,         8B, true,  0,    1002",
        "fragmented ping,                09, true,  0,    1002",
        "ping longer than 125 bytes,     89, true,  126,  1002",
        "continuation without a start,   80, true,  0,    1002",
        "message above the limit,        81, true,  1001, 1009",
    })
    void brokenFramesCloseWithTheRfcStatus(String name, String first, boolean masked, int length, int status) {
        byte[] bytes = frame(Integer.parseInt(first, 16), "a".repeat(length).getBytes(StandardCharsets.UTF_8), masked);
        assertThatThrownBy(() -> feed(bytes)).isInstanceOfSatisfying(FrameException.class,
                e -> assertThat(e.status()).isEqualTo(status));
        assertThat(seen).isEmpty();
    }

    @Test
    void aNewMessageInsideAFragmentedOneIsAProtocolError() {
        assertThatThrownBy(() -> feed(concat(frame(0x01, "a"), frame(0x81, "b"))))
                .isInstanceOfSatisfying(FrameException.class, e -> assertThat(e.status()).isEqualTo(1002));
    }

    @Test
    void fragmentsAddingUpPastTheLimitAreTooBig() {
        String half = "a".repeat(600);
        assertThatThrownBy(() -> feed(concat(frame(0x01, half), frame(0x80, half))))
                .isInstanceOfSatisfying(FrameException.class, e -> assertThat(e.status()).isEqualTo(1009));
    }

    @Test
    void aHugeDeclaredLengthIsRefusedBeforeAnythingIsAllocated() {
        byte[] head = {(byte) 0x81, (byte) (0x80 | 127), 0x7F, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4};
        assertThatThrownBy(() -> feed(head))
                .isInstanceOfSatisfying(FrameException.class, e -> assertThat(e.status()).isEqualTo(1009));
    }

    @Test
    void aLengthWithTheTopBitSetIsAProtocolError() {
        byte[] negative = {(byte) 0x81, (byte) (0x80 | 127), (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4};
        assertThatThrownBy(() -> feed(negative))
                .isInstanceOfSatisfying(FrameException.class, e -> assertThat(e.status()).isEqualTo(1002));
    }

    @Test
    void textThatIsNotUtf8IsInvalidData() {
        assertThatThrownBy(() -> feed(frame(0x81, new byte[] {'a', (byte) 0xC3, '(', 'b'}, true)))
                .isInstanceOfSatisfying(FrameException.class, e -> assertThat(e.status()).isEqualTo(1007));
    }

    @ParameterizedTest(name = "close status {0}")
    @CsvSource({"999", "1004", "1005", "1006", "1015", "2999", "5000"})
    void closeStatusesThatMayNotBeSentAreProtocolErrors(int status) {
        byte[] payload = {(byte) (status >>> 8), (byte) status};
        assertThatThrownBy(() -> feed(frame(0x88, payload, true)))
                .isInstanceOfSatisfying(FrameException.class, e -> assertThat(e.status()).isEqualTo(1002));
    }

    @Test
    void aOneByteCloseIsAProtocolError() {
        assertThatThrownBy(() -> feed(frame(0x88, new byte[] {3}, true)))
                .isInstanceOfSatisfying(FrameException.class, e -> assertThat(e.status()).isEqualTo(1002));
    }

    /** A reader with a limit of 256 KiB and its own budget. */
    private FrameReader bigReader(MemoryBudget budget) {
        return new FrameReader(new FrameReader.Sink() {
            @Override
            public void textMessage(String text) {
                seen.add("text:" + text.length());
            }

            @Override
            public void binaryMessage() {
            }

            @Override
            public void pingFrame(byte[] payload) {
            }

            @Override
            public void closeFrame(int status, String reason) {
            }
        }, 256 * 1024, budget);
    }

    @Test
    void aHeaderAnnouncingALargePayloadReservesOnlyWhatArrives() throws FrameException {
        MemoryBudget budget = new MemoryBudget(1 << 30);
        FrameReader big = bigReader(budget);
        byte[] frame = frame(0x81, "x".repeat(200_000));
        big.feed(ByteBuffer.wrap(frame, 0, 14)); // the 14-byte header alone
        assertThat(budget.used()).as("bytes held for a header with no payload yet").isLessThanOrEqualTo(4096);
        big.feed(ByteBuffer.wrap(frame, 14, 50_000));
        assertThat(budget.used()).as("grows with what arrived").isBetween(50_000L, 100_000L);
        big.feed(ByteBuffer.wrap(frame, 14 + 50_000, frame.length - 14 - 50_000));
        assertThat(seen).containsExactly("text:200000");
        assertThat(budget.used()).as("all given back once delivered").isZero();
    }

    @Test
    void aFrameBeyondTheBudgetIsRefusedAsTryAgainLater() {
        MemoryBudget budget = new MemoryBudget(64 * 1024);
        FrameReader big = bigReader(budget);
        byte[] frame = frame(0x81, "x".repeat(200_000));
        assertThatThrownBy(() -> big.feed(ByteBuffer.wrap(frame)))
                .isInstanceOfSatisfying(FrameException.class, e -> assertThat(e.status()).isEqualTo(1013));
        big.release();
        assertThat(budget.used()).isZero();
    }

    @Test
    void aStartedFrameIsDatedUntilItIsWholeAndAFragmentedMessageUntilItsLastFragment() throws FrameException {
        assertThat(reader.startedNanos()).isZero();
        byte[] ping = frame(0x89, "p");
        feed(java.util.Arrays.copyOf(ping, 3));
        long started = reader.startedNanos();
        assertThat(started).isNotZero();
        feed(java.util.Arrays.copyOfRange(ping, 3, ping.length));
        assertThat(reader.startedNanos()).isZero();
        feed(concat(frame(0x01, "hel"), frame(0x89, "p")));
        assertThat(reader.startedNanos()).as("a fragmented message is still arriving").isNotZero();
        feed(frame(0x80, "lo"));
        assertThat(reader.startedNanos()).isZero();
    }

    @Test
    void releaseGivesBackAPartlyReadMessageAndLaterReadsTakeNothing() throws FrameException {
        MemoryBudget budget = new MemoryBudget(1 << 30);
        FrameReader big = bigReader(budget);
        byte[] frame = frame(0x81, "x".repeat(10_000));
        big.feed(ByteBuffer.wrap(frame, 0, 5_000));
        assertThat(budget.used()).isPositive();
        big.release();
        assertThat(budget.used()).isZero();
        assertThatThrownBy(() -> big.feed(ByteBuffer.wrap(frame, 5_000, frame.length - 5_000)))
                .isInstanceOf(FrameException.class);
        assertThat(budget.used()).isZero();
    }

    @Test
    void acceptKeyMatchesTheRfcExample() {
        // RFC 6455 §1.3.
        assertThat(Frames.accept("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void serverHeadersUseTheShortestLengthForm() {
        assertThat(Frames.header(0x1, 125).array()).containsExactly(0x81, 125);
        assertThat(Frames.header(0x1, 126).array()).containsExactly(0x81, 126, 0, 126);
        assertThat(Frames.header(0x1, 70000).array()).containsExactly(0x81, 127, 0, 0, 0, 0, 0, 1, 0x11, 0x70);
    }
}
