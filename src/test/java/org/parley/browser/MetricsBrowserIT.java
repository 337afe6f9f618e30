package org.parley.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.browser.Callers.answer;
import static org.parley.browser.Callers.assertMediaFlowing;
import static org.parley.browser.Callers.id;
import static org.parley.browser.Callers.joinRoom;
import static org.parley.browser.Callers.waitParticipants;

import com.microsoft.playwright.Page;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.support.Browser;
import org.parley.support.TestServer;

/** {@code /metrics} is Prometheus text, and its meters follow a real call. */
@Timeout(120)
class MetricsBrowserIT {
    /** A sample line of the text format: name, optional labels, a number. */
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*\\})? "
                    + "(-?[0-9.eE+-]+|NaN|\\+Inf|-Inf)");

    static Map<String, Double> scrape(TestServer server) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(server.httpUrl() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        Map<String, Double> samples = new HashMap<>();
        for (String line : r.body().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                assertThat(line).as("comment line").matches("# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*");
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertThat(m.matches()).as("a sample line: " + line).isTrue();
            samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
        }
        return samples;
    }

    @Test
    void metricsParseAsPrometheusTextAndMoveDuringACall() throws Exception {
        try (TestServer server = TestServer.start(); Browser browser = new Browser()) {
            Map<String, Double> before = scrape(server);
            assertThat(before).containsKeys("parley_rooms", "parley_participants", "parley_calls",
                    "parley_connections", "parley_turn_allocations", "parley_turn_relayed_bytes_total",
                    "jvm_memory_used_bytes{area=\"heap\",id=\"G1 Eden Space\"}");
            double signalsBefore = before.get("parley_messages_received_total{type=\"signal\"}");

            Page a = browser.caller();
            Page b = browser.caller();
            joinRoom(a, server.link("metered"), "Alice");
            joinRoom(b, server.link("metered"), "Bob");
            waitParticipants(a, 2);
            id(a, "video-call").click();
            answer(b, "answer");
            assertMediaFlowing(a, 1);
            assertMediaFlowing(b, 1);

            Map<String, Double> during = scrape(server);
            assertThat(during.get("parley_participants")).isEqualTo(2.0);
            assertThat(during.get("parley_calls")).isEqualTo(1.0);
            assertThat(during.get("parley_connections")).isGreaterThanOrEqualTo(2.0);
            assertThat(during.get("parley_messages_received_total{type=\"signal\"}")).isGreaterThan(signalsBefore);
            assertThat(during.get("parley_messages_received_total{type=\"call-start\"}"))
                    .isGreaterThan(before.get("parley_messages_received_total{type=\"call-start\"}"));

            try (org.parley.support.WsRecorder bad = server.connect()) {
                bad.send("{\"type\":");
                bad.assertError("bad-json");
            }
            assertThat(scrape(server).get("parley_errors_total{code=\"bad-json\"}"))
                    .isGreaterThan(before.get("parley_errors_total{code=\"bad-json\"}"));
        }
    }
}
