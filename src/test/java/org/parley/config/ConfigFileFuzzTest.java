package org.parley.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * Any file's text ends in settings or in a {@link ConfigException}, never another exception; every
 * setting read has a known key and a one-line value; and the settings written back one per line,
 * quoted, read as the same settings.
 *
 * <p>An input is a file's bytes; text that is not UTF-8 stops at {@link ConfigFile#read} (as a
 * {@link ConfigException}) and is skipped here. Regression inputs:
 * {@code src/test/resources/org/parley/config/ConfigFileFuzzTestInputs/parse/}.
 */
class ConfigFileFuzzTest {
    private static final Set<String> KEYS = Set.of("port", "host", "turn-public-address", "turn-realm",
            "tls-cert", "public-url", "trusted-proxies", "bot-token");

    @FuzzTest
    void parse(byte[] input) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(input)).toString();
        } catch (CharacterCodingException e) {
            return; // as Files.readString refuses it
        }
        Map<String, String> settings;
        try {
            settings = ConfigFile.parse(text, "parley.yml", KEYS);
        } catch (ConfigException e) {
            assertThat(e.getMessage()).startsWith("config: parley.yml line ");
            return;
        }
        StringBuilder back = new StringBuilder("# written back\n");
        settings.forEach((key, value) -> {
            assertThat(KEYS).contains(key);
            assertThat(value).doesNotContain("\n");
            back.append(key).append(": ").append(quoted(value)).append('\n');
        });
        if (settings.values().stream().noneMatch(v -> v.contains("\"") && v.contains("'"))) {
            assertThat(ConfigFile.parse(back.toString(), "back.yml", KEYS)).isEqualTo(settings);
        }
    }

    /** Quoted with a quote character the value does not hold, so a '#' inside stays in the value. */
    private static String quoted(String value) {
        String q = value.contains("\"") ? "'" : "\"";
        return q + value + q;
    }
}
