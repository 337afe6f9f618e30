package org.parley.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The configuration file ({@code --config parley.yml}): flat YAML, one {@code key: value} per
 * line, the keys being the flag names without dashes in front ({@code turn-public-address:
 * 203.0.113.5}); {@code #} starts a comment; values may be quoted; lists are comma-separated. A
 * key that is not a flag fails the start with the key and line named.
 */
public final class ConfigFile {
    private ConfigFile() {
    }

    public static Map<String, String> read(Path file, Set<String> knownKeys) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("config", "cannot read " + file + ": " + e.getMessage());
        }
        return parse(text, file.toString(), knownKeys);
    }

    /** The settings in a file's {@code text}; {@code source} names the file in errors. */
    static Map<String, String> parse(String text, String source, Set<String> knownKeys) {
        Map<String, String> out = new LinkedHashMap<>();
        int lineNo = 0;
        for (String raw : text.split("\r?\n", -1)) {
            lineNo++;
            String line = stripComment(raw).strip();
            if (line.isEmpty() || line.equals("---")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new ConfigException("config", source + " line " + lineNo + ": expected 'key: value'");
            }
            String key = line.substring(0, colon).strip();
            if (!knownKeys.contains(key)) {
                throw new ConfigException("config", source + " line " + lineNo + ": unknown key '" + key + "'");
            }
            if (out.containsKey(key)) {
                throw new ConfigException("config", source + " line " + lineNo + ": '" + key + "' is set twice");
            }
            out.put(key, unquote(line.substring(colon + 1).strip()));
        }
        return out;
    }

    /** Drops a {@code #} comment that is not inside quotes (a key like {@code #abc} is never a value here). */
    private static String stripComment(String line) {
        boolean quoted = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == quote) {
                    quoted = false;
                }
            } else if (c == '"' || c == '\'') {
                quoted = true;
                quote = c;
            } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
