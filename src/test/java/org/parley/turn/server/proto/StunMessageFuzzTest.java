package org.parley.turn.server.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * Any datagram decodes to a message or fails with a {@link StunException}, never another
 * exception; only the first {@code length} bytes of the buffer are read; and a decoded message
 * encodes again (with its FINGERPRINT recomputed, its MESSAGE-INTEGRITY left out, as
 * {@link StunMessage#encode()} does) into a message that decodes to the same thing; text that was
 * not UTF-8 is exempt from that last step, since its replacement characters can outgrow the limit.
 *
 * <p>An input is one datagram, tried as it is and with its header's length field corrected.
 * Regression inputs (RFC 5769's vectors among them): {@code src/test/resources/org/parley/turn/server/proto/StunMessageFuzzTestInputs/decode/}.
 */
class StunMessageFuzzTest {
    @FuzzTest
    void decode(byte[] datagram) throws StunException {
        check(datagram);
        // Mutations rarely keep the header's length in step with the bytes they insert or cut:
        // the same datagram with its length field set right reaches the attributes far more often.
        int body = datagram.length - StunMessage.HEADER_BYTES;
        if (body >= 0 && body <= 0xFFFF) {
            byte[] fixed = datagram.clone();
            fixed[2] = (byte) (body >> 8);
            fixed[3] = (byte) body;
            check(fixed);
        }
    }

    private static void check(byte[] datagram) throws StunException {
        // As the UDP listener passes it: a larger buffer and the datagram's length.
        byte[] buffer = Arrays.copyOf(datagram, datagram.length + 64);
        Arrays.fill(buffer, datagram.length, buffer.length, (byte) 0xA5);
        StunMessage m;
        try {
            m = StunMessage.decode(buffer, datagram.length);
        } catch (StunException e) {
            return;
        }
        byte[] wire;
        try {
            wire = m.encode();
        } catch (IllegalArgumentException e) {
            // Only a message at the 16-bit length limit can outgrow it (by the FINGERPRINT added).
            assertThat(datagram.length).isGreaterThan(StunMessage.HEADER_BYTES + 0xFFFF - 8);
            return;
        }
        assertThat(StunMessage.decode(datagram.clone(), datagram.length).encode())
                .as("bytes past the length are not read").isEqualTo(wire);
        if (lossy(m)) {
            return; // malformed UTF-8 became U+FFFD, 3 bytes each, and may no longer fit its attribute's limit
        }

        StunMessage again = StunMessage.decode(wire, wire.length);
        assertThat(again.method()).isEqualTo(m.method());
        assertThat(again.messageClass()).isEqualTo(m.messageClass());
        assertThat(again.transactionId()).isEqualTo(m.transactionId());
        assertThat(again.encode()).as("encoding a decoded encoding changes nothing").isEqualTo(wire);
    }

    /** Whether a text attribute holds U+FFFD, which decoding puts for bytes that are not UTF-8. */
    private static boolean lossy(StunMessage m) {
        for (StunAttribute a : m.attributes()) {
            String text = switch (a) {
                case Username u -> u.value();
                case Realm r -> r.value();
                case Nonce n -> n.value();
                case Software s -> s.description();
                case ErrorCodeAttribute e -> e.reason();
                default -> "";
            };
            if (text.indexOf('\uFFFD') >= 0) {
                return true;
            }
        }
        return false;
    }
}
