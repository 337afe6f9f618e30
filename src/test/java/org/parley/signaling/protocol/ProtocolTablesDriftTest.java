package org.parley.signaling.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The page's protocol tables (web/js/protocol-tables.js) must match the Java enums exactly. */
class ProtocolTablesDriftTest {
    private static String tables() throws IOException {
        try (InputStream in = ProtocolTablesDriftTest.class.getResourceAsStream("/web/js/protocol-tables.js")) {
            assertThat(in).as("web/js/protocol-tables.js on the classpath").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> array(String js, String name) {
        Matcher m = Pattern.compile("export const " + name + "\\s*=\\s*(?:Object\\.freeze\\()?\\[(.*?)\\]",
                Pattern.DOTALL).matcher(js);
        assertThat(m.find()).as("array " + name).isTrue();
        Matcher s = Pattern.compile("\"([^\"]*)\"").matcher(m.group(1));
        List<String> out = new java.util.ArrayList<>();
        while (s.find()) {
            out.add(s.group(1));
        }
        return out;
    }

    @Test
    void clientAndServerTypesMatchMessageType() throws IOException {
        String js = tables();
        assertThat(array(js, "CLIENT_TYPES")).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(MessageType.values()).filter(MessageType::sentByClient).map(MessageType::wire).toList());
        assertThat(array(js, "SERVER_TYPES")).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(MessageType.values()).filter(MessageType::sentByServer).map(MessageType::wire).toList());
    }

    @Test
    void errorCodesMatchErrorCode() throws IOException {
        assertThat(array(tables(), "ERROR_CODES")).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(ErrorCode.values()).map(ErrorCode::code).toList());
    }

    @Test
    void closeCodesAndVersionMatch() throws IOException {
        String js = tables();
        Map<String, Integer> expected = new LinkedHashMap<>();
        for (CloseCode c : CloseCode.values()) {
            expected.put(c.name(), c.code());
        }
        Matcher block = Pattern.compile("export const CLOSE_CODES\\s*=\\s*(?:Object\\.freeze\\()?\\{(.*?)\\}",
                Pattern.DOTALL).matcher(js);
        assertThat(block.find()).isTrue();
        Map<String, Integer> actual = new LinkedHashMap<>();
        Matcher e = Pattern.compile("([A-Z_]+)\\s*:\\s*(\\d+)").matcher(block.group(1));
        while (e.find()) {
            actual.put(e.group(1), Integer.parseInt(e.group(2)));
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(js).containsPattern("export const PROTOCOL_VERSION\\s*=\\s*" + Codec.VERSION + "\\b");
    }
}
