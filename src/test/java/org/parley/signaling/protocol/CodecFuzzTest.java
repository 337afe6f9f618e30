package org.parley.signaling.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;

/**
 * Any text a browser can send ends in a typed message or in a {@link ProtocolException} with one
 * of the codec's own codes, never in another exception. A decoded message written back as JSON
 * decodes to the same message, and a signal's {@code data} (relayed verbatim to another browser)
 * is always exactly one JSON object.
 *
 * <p>Regression inputs: {@code src/test/resources/org/parley/signaling/protocol/CodecFuzzTestInputs/decode/},
 * one frame's text per file. Fuzzing: see the README's "Fuzz tests".
 */
class CodecFuzzTest {
    /** The codes that decoding alone can produce; the rest belong to the session and the rooms. */
    private static final Set<ErrorCode> CODEC_CODES =
            EnumSet.of(ErrorCode.BAD_JSON, ErrorCode.BAD_MESSAGE, ErrorCode.UNKNOWN_TYPE);
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS) // Leave, Ping…: records without fields
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    @FuzzTest
    void decode(byte[] input) throws Exception {
        String text = new String(input, StandardCharsets.UTF_8);
        ClientMessage message;
        try {
            message = Codec.decode(text);
        } catch (ProtocolException e) {
            assertThat(e.code()).isIn(CODEC_CODES);
            return;
        }
        assertThat(message).isNotNull();
        if (message instanceof ClientMessage.Signal signal) {
            assertThat(strictTree(signal.data()).isObject()).as("signal data is one object").isTrue();
        }
        ClientMessage again = Codec.decode(writeBack(message));
        if (message instanceof ClientMessage.Signal signal) {
            var back = (ClientMessage.Signal) again;
            assertThat(back.to()).isEqualTo(signal.to());
            assertThat(strictTree(back.data())).isEqualTo(strictTree(signal.data()));
        } else {
            assertThat(again).isEqualTo(message);
        }
    }

    /** The message as a client would write it: its record fields, nulls left out, data as an object. */
    private static String writeBack(ClientMessage message) throws JsonProcessingException {
        ObjectNode node = JSON.valueToTree(message);
        node.properties().removeIf(e -> e.getValue().isNull());
        node.put("type", message.type().wire());
        if (message instanceof ClientMessage.Signal signal) {
            node.set("data", strictTree(signal.data()));
        }
        return JSON.writeValueAsString(node);
    }

    /** Parses one JSON value and fails on anything after it. */
    private static JsonNode strictTree(String text) throws JsonProcessingException {
        return JSON.readTree(text);
    }
}
