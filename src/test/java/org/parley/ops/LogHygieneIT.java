package org.parley.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.parley.support.FakeBotApi;

/**
 * Runs after every other integration test (browser calls, relays, the bot, restarts) and reads
 * what Parley logged meanwhile, in-process and as packaged processes: no IP address, token, room
 * key, TURN password or configured secret may be in it.
 */
@Order(Integer.MAX_VALUE)
class LogHygieneIT {
    private static final List<Pattern> FORBIDDEN = List.of(
            Pattern.compile("\\b\\d{1,3}(\\.\\d{1,3}){3}\\b"),                       // IPv4
            Pattern.compile("\\b([0-9a-fA-F]{1,4}:){5,7}[0-9a-fA-F]{1,4}\\b|::1\\b|\\bfe80::"), // IPv6
            Pattern.compile("room=[^\\s#]*#"),                                        // a room link with its key
            Pattern.compile("\"key\"\\s*:\\s*\""),                                    // a key in JSON
            Pattern.compile("\\b\\d{9,12}:[0-9a-f]{18}\\b"),                          // a TURN username
            Pattern.compile("[A-Za-z0-9+/]{27}="),                                    // a TURN password
            Pattern.compile(Pattern.quote(FakeBotApi.TOKEN)),
            Pattern.compile("AAHfakeToken"),
            Pattern.compile("secret-0123456789"));                                    // every test secret ends so

    static List<Path> logs() throws IOException {
        List<Path> out = new ArrayList<>();
        out.add(Path.of("target", "test-logs", "parley.log"));
        for (String dir : List.of("target/netlab", "target/drain-logs")) {
            if (Files.isDirectory(Path.of(dir))) {
                try (Stream<Path> files = Files.walk(Path.of(dir))) {
                    files.filter(p -> p.getFileName().toString().matches("parley.*\\.log")).forEach(out::add);
                }
            }
        }
        return out;
    }

    @Test
    void theSuitesLogsHoldNoAddressTokenKeyOrPassword() throws IOException {
        List<Path> logs = logs();
        String inProcess = Files.readString(logs.getFirst());
        assertThat(inProcess).as("the suite's log was written").contains("TURN relay self-test passed");
        int lines = 0;
        for (Path log : logs) {
            for (String line : Files.readAllLines(log)) {
                lines++;
                for (Pattern p : FORBIDDEN) {
                    assertThat(p.matcher(line).find()).as("%s: %s matches %s", log, line, p).isFalse();
                }
            }
        }
        assertThat(lines).isGreaterThan(10);
    }
}
