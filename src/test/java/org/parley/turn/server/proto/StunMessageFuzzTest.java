package org.parley.turn.server.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * Any datagram decodes to a message or fails with a {@link StunException}, never another
 * exception; only the first {@code length} bytes of the buffer are read; and a decoded message
 * encodes again (with its FINGERPRINT recomputed, its MESSAGE-INTEGRITY left out, as
 * {@link StunMessage#encode()} does) into a message that decodes to the same thing.
 *
 * <p>An input is one datagram. Regression inputs (RFC 5769's vectors among them):
 * {@code src/test/resources/org/parley/turn/server/proto/StunMessageFuzzTestInputs/decode/}.
 */
class StunMessageFuzzTest {
    @FuzzTest
    void decode(byte[] datagram) throws StunException {
        // As the UDP listener passes it: a larger buffer and the datagram's length.
        byte[] buffer = Arrays.copyOf(datagram, datagram.length + 64);
        Arrays.fill(buffer, datagram.length, buffer.length, (byte) 0xA5);
        StunMessage m;
        try {
            m = StunMessage.decode(buffer, datagram.length);
        } catch (StunException e) {
            return;
        }
        byte[] wire = m.encode();
        assertThat(StunMessage.decode(datagram.clone(), datagram.length).encode())
                .as("bytes past the length are not read").isEqualTo(wire);

        StunMessage again = StunMessage.decode(wire, wire.length);
        assertThat(again.method()).isEqualTo(m.method());
        assertThat(again.messageClass()).isEqualTo(m.messageClass());
        assertThat(again.transactionId()).isEqualTo(m.transactionId());
        assertThat(again.encode()).as("encoding a decoded encoding changes nothing").isEqualTo(wire);
    }
}
