package org.parley.turn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.support.Poll;
import org.parley.support.TestServer;

/** The relay as a host runs it: credentials from the HTTP API work with coturn's client; /readyz tells the truth. */
@Timeout(120)
class RelayEndpointsIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static HttpResponse<String> get(TestServer s, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(s.httpUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void credentialsFromTheApiRelayUdpBothWaysWithTurnutilsUclient() throws Exception {
        try (TestServer server = TestServer.start()) {
            HttpResponse<String> r = get(server, "/api/ice-servers");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
            JsonNode turn = new ObjectMapper().readTree(r.body()).get("iceServers").get(1);
            assertThat(turn.get("urls").get(0).asText()).isEqualTo("turn:127.0.0.1:" + server.parley().turnPort() + "?transport=udp");
            String second = new ObjectMapper().readTree(get(server, "/api/ice-servers").body())
                    .get("iceServers").get(1).get("username").asText();
            assertThat(second).as("fresh credentials per request").isNotEqualTo(turn.get("username").asText());

            Process p = new ProcessBuilder("turnutils_uclient", "-y", "-c", "-n", "20",
                    "-u", turn.get("username").asText(), "-w", turn.get("credential").asText(),
                    "-p", String.valueOf(server.parley().turnPort()), "127.0.0.1").redirectErrorStream(true).start();
            assertThat(p.waitFor(40, TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(out).as(out).contains("tot_send_msgs=40, tot_recv_msgs=40");
        }
    }

    @Test
    void readyzPassesOnceTheRelaySelfTestHasRelayed() throws Exception {
        try (TestServer server = TestServer.start()) {
            Poll.until("ready", Duration.ofSeconds(20), () -> {
                try {
                    return get(server, "/readyz").statusCode() == 200;
                } catch (Exception e) {
                    return false;
                }
            });
            assertThat(get(server, "/readyz").body()).contains("\"turn\":\"passed: ");
        }
    }

    @Test
    void readyzFailsWhenTheRelaySelfTestCannotAllocate() throws Exception {
        // The only relay port is taken by another socket: nothing can be allocated.
        try (DatagramSocket squatter = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            int port = squatter.getLocalPort();
            try (TestServer server = TestServer.start("--turn-relay-ports", port + "-" + port)) {
                Poll.until("self-test verdict", Duration.ofSeconds(20), () -> {
                    try {
                        return get(server, "/readyz").body().contains("failed");
                    } catch (Exception e) {
                        return false;
                    }
                });
                assertThat(get(server, "/readyz").statusCode()).isEqualTo(503);
                assertThat(get(server, "/healthz").statusCode()).as("alive all the same").isEqualTo(200);
            }
        }
    }

    @Test
    void withTheRelayOffTheListHoldsNoTurnAndReadinessDoesNotWait() throws Exception {
        try (TestServer server = TestServer.start("--turn", "off")) {
            JsonNode list = new ObjectMapper().readTree(get(server, "/api/ice-servers").body()).get("iceServers");
            assertThat(list).isEmpty();
            assertThat(get(server, "/readyz").statusCode()).isEqualTo(200);
        }
    }
}
