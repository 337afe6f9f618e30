package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.Test;

class HealthProbeTest {
    @Test
    void probesLoopbackUnlessTheServerListensOnOneAddress() {
        String[][] table = {
                {null, null, "http://127.0.0.1:8080/readyz"},
                {"", "", "http://127.0.0.1:8080/readyz"},
                {"0.0.0.0", "9000", "http://127.0.0.1:9000/readyz"},
                {"::", " 9000 ", "http://127.0.0.1:9000/readyz"},
                {"192.0.2.5", "8080", "http://192.0.2.5:8080/readyz"},
                {"::1", "8080", "http://[::1]:8080/readyz"},
                {"calls.example.org", "8080", "http://calls.example.org:8080/readyz"},
        };
        for (String[] row : table) {
            assertThat(HealthProbe.target(row[0], row[1], "/readyz")).as("%s %s", row[0], row[1])
                    .isEqualTo(URI.create(row[2]));
        }
        assertThat(HealthProbe.target(null, null, "healthz")).isEqualTo(URI.create("http://127.0.0.1:8080/healthz"));
    }

    @Test
    void nobodyListeningIsUnhealthy() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertThat(HealthProbe.healthy(URI.create("http://127.0.0.1:" + port + "/readyz"))).isFalse();
    }
}
