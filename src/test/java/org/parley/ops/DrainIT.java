package org.parley.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.support.Poll;
import org.parley.support.TestServer;
import org.parley.support.WsRecorder;

/** Graceful shutdown of the packaged server: SIGTERM drains, calls finish, the process exits 0. */
@Timeout(120)
class DrainIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private Process parley;
    private int port;
    private Path log;

    private void start(String drainTimeout) throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.createDirectories(Path.of("target", "drain-logs"));
        log = Files.createTempFile(Path.of("target", "drain-logs"), "parley-", ".log");
        parley = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                Path.of("target", "parley.jar").toAbsolutePath().toString(), "--host", "127.0.0.1",
                "--port", String.valueOf(port), "--turn-port", "0", "--secret", "drain-secret-0123456789",
                "--data-dir", Files.createTempDirectory("parley-data").toString(), "--drain-timeout", drainTimeout)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Poll.until("the server answers", Duration.ofSeconds(30), () -> status("/healthz") == 200);
    }

    @AfterEach
    void stop() {
        if (parley != null && parley.isAlive()) {
            parley.destroyForcibly();
        }
    }

    private int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    private String createRoom() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/rooms"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode room = new ObjectMapper().readTree(r.body());
        return room.get("room").asText() + "#" + room.get("key").asText();
    }

    private WsRecorder member(String roomAndKey, String name) {
        String[] parts = roomAndKey.split("#");
        WsRecorder ws = WsRecorder.connect(URI.create("ws://127.0.0.1:" + port + "/ws"), null);
        ws.send("{\"type\":\"hello\",\"version\":1}");
        ws.assertNext("welcome");
        ws.send(TestServer.join(parts[0], name, parts[1]));
        ws.assertNext("joined");
        return ws;
    }

    /** Alice and Bob in a call: returns both, with the call established. */
    private List<WsRecorder> callOfTwo(String room) {
        WsRecorder a = member(room, "Alice");
        WsRecorder b = member(room, "Bob");
        a.assertNext("peer-joined");
        a.send("{\"type\":\"call-start\",\"kind\":\"video\"}");
        until(b, "call-ring");
        b.send("{\"type\":\"call-join\",\"audioOnly\":false}");
        until(a, "call-state");
        return List.of(a, b);
    }

    private static JsonNode until(WsRecorder ws, String type) {
        for (int i = 0; i < 30; i++) {
            if (ws.next() instanceof WsRecorder.Message m && m.type().equals(type)) {
                return m.json();
            }
        }
        throw new AssertionError("no " + type);
    }

    @Test
    void sigtermRefusesNewJoinsLetsTheCallFinishThenExitsZero() throws Exception {
        start("60s");
        String room = createRoom();
        List<WsRecorder> call = callOfTwo(room);
        WsRecorder a = call.get(0);
        WsRecorder b = call.get(1);

        parley.destroy(); // SIGTERM
        Poll.until("readiness goes false", Duration.ofSeconds(10), () -> status("/readyz") == 503);
        try (WsRecorder late = WsRecorder.connect(URI.create("ws://127.0.0.1:" + port + "/ws"), null)) {
            late.send("{\"type\":\"hello\",\"version\":1}");
            late.assertNext("welcome");
            late.send(TestServer.join(room.split("#")[0], "Carol", room.split("#")[1]));
            late.assertError("server-draining");
        }
        assertThat(status("/api/rooms")).as("GET is not a route; creation is refused below").isNotEqualTo(201);
        HttpResponse<String> create = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/rooms"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(create.statusCode()).isEqualTo(503);
        assertThat(create.body()).contains("server-draining");

        // The call goes on: signaling still reaches the other side.
        a.send("{\"type\":\"signal\",\"to\":\"" + b.peerId() + "\",\"data\":{\"sdp\":\"still here\"}}");
        assertThat(until(b, "signal").get("data").get("sdp").asText()).isEqualTo("still here");
        assertThat(parley.isAlive()).isTrue();

        a.send("{\"type\":\"call-leave\"}");
        b.send("{\"type\":\"call-leave\"}");
        assertThat(parley.waitFor(15, TimeUnit.SECONDS)).as("exits once the call ended").isTrue();
        assertThat(parley.exitValue()).as(Files.readString(log)).isZero();
        assertThat(Files.readString(log)).contains("Drained: no call is running");
    }

    @Test
    void theDrainTimeoutEndsACallThatGoesOnAndStillExitsZero() throws Exception {
        start("2s");
        callOfTwo(createRoom());
        long t0 = System.nanoTime();
        parley.destroy();
        assertThat(parley.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(parley.exitValue()).as(Files.readString(log)).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("waited for the drain timeout")
                .isGreaterThanOrEqualTo(Duration.ofMillis(1500));
        assertThat(Files.readString(log)).contains("Drain timeout passed");
    }

    @Test
    void aSecondSignalExitsAtOnce() throws Exception {
        start("10m");
        callOfTwo(createRoom());
        parley.destroy();
        Poll.until("draining", Duration.ofSeconds(10), () -> status("/readyz") == 503);
        parley.destroy();
        assertThat(parley.waitFor(10, TimeUnit.SECONDS)).as("a second SIGTERM does not wait 10 minutes").isTrue();
        assertThat(Files.readString(log)).contains("exiting now");
    }
}
