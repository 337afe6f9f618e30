package org.parley.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.room.AttemptLimiter;
import org.parley.support.TestServer;
import org.parley.support.WsRecorder;

/** Codes, keys and knocking on the wire, and the per-address limit on failed entries. */
@Timeout(120)
class RoomAccessIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** POST /api/rooms from the given local address; returns {room, key}. */
    static JsonNode createRoom(TestServer s, InetAddress from) throws Exception {
        HttpResponse<String> r = HttpClient.newBuilder().localAddress(from).build().send(
                HttpRequest.newBuilder(URI.create(s.httpUrl() + "/api/rooms"))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body());
    }

    @Test
    void createdRoomIsEnteredWithItsKeyAndKnockedAtWithItsCodeAlone() throws Exception {
        JsonNode created = createRoom(server, InetAddress.getLoopbackAddress());
        String code = created.get("room").asText();
        String key = created.get("key").asText();
        assertThat(code).matches("\\d{5}");
        try (WsRecorder host = server.hello(); WsRecorder guest = server.hello(); WsRecorder eve = server.hello()) {
            host.send(TestServer.join(code, "Host", key));
            JsonNode joined = host.assertNext("joined");
            assertThat(joined.get("key").asText()).isEqualTo(key);
            assertThat(joined.get("host").asText()).isEqualTo(host.peerId());

            guest.send(TestServer.join(code, "Guest", null));
            assertThat(guest.assertNext("knocking").get("present").asInt()).isEqualTo(1);
            JsonNode knock = host.assertNext("knock");
            assertThat(knock.at("/peer/id").asText()).isEqualTo(guest.peerId());
            assertThat(knock.at("/peer/name").asText()).isEqualTo("Guest");

            guest.send("{\"type\":\"call-start\",\"kind\":\"video\"}");
            guest.assertError("not-in-room");

            host.send("{\"type\":\"admit\",\"peer\":\"" + guest.peerId() + "\"}");
            assertThat(host.assertNext("knock-ended").get("admitted").asBoolean()).isTrue();
            host.assertNext("peer-joined");
            assertThat(guest.assertNext("joined").get("key").asText()).isEqualTo(key);

            eve.send(TestServer.join(code, "Eve", "AAAAAAAAAAAAAAAAAAAAAA"));
            eve.assertNext("knocking");
            host.assertNext("knock");
            guest.assertNext("knock");
            guest.send("{\"type\":\"deny\",\"peer\":\"" + eve.peerId() + "\"}");
            eve.assertError("knock-denied");
            assertThat(host.assertNext("knock-ended").get("admitted").asBoolean()).isFalse();
            eve.send("{\"type\":\"ping\"}");
            eve.assertNext("pong");
        }
    }

    @Test
    void unknownCodeIsNotFoundAndTheHostCanRemoveSomeone() {
        try (WsRecorder a = server.joined("removal", "Alice"); WsRecorder b = server.joined("removal", "Bob");
             WsRecorder c = server.hello()) {
            a.assertNext("peer-joined");
            c.send(TestServer.join("31337", "C", null));
            c.assertError("room-not-found");

            b.send("{\"type\":\"remove\",\"peer\":\"" + a.peerId() + "\"}");
            b.assertError("not-host");
            a.send("{\"type\":\"remove\",\"peer\":\"" + b.peerId() + "\"}");
            b.assertError("removed");
            assertThat(a.assertNext("peer-left").get("peer").asText()).isEqualTo(b.peerId());
            b.send("{\"type\":\"call-start\",\"kind\":\"video\"}");
            b.assertError("not-in-room");
        }
    }

    /**
     * A script walks codes and keys from one address: nobody gets in, and after the burst every
     * attempt is refused; people at other addresses notice nothing.
     */
    @Test
    void bruteForceFromOneAddressAdmitsNobodyAndLeavesOtherAddressesAlone() throws Exception {
        try (TestServer s = TestServer.start("--join-failures-burst", "20", "--join-failures-per-minute", "10")) {
            InetAddress attacker = InetAddress.getByName("127.0.0.3");
            InetAddress honest = InetAddress.getByName("127.0.0.4");
            JsonNode target = createRoom(s, InetAddress.getByName("127.0.0.5"));
            String code = target.get("room").asText();
            try (WsRecorder host = WsRecorder.connectFrom(s.wsUri(), InetAddress.getByName("127.0.0.5"))) {
                host.send("{\"type\":\"hello\",\"version\":1}");
                host.assertNext("welcome");
                host.send(TestServer.join(code, "Host", target.get("key").asText()));
                host.assertNext("joined");

                SecureRandom random = new SecureRandom();
                int admitted = 0;
                int refused = 0;
                WsRecorder ws = null;
                for (int i = 0; i < 2000; i++) {
                    if (ws == null) {
                        ws = WsRecorder.connectFrom(s.wsUri(), attacker);
                        ws.send("{\"type\":\"hello\",\"version\":1}");
                        ws.assertNext("welcome");
                    }
                    byte[] guess = new byte[16];
                    random.nextBytes(guess);
                    boolean codeGuess = i % 2 == 0;
                    String room = codeGuess ? String.format("%05d", random.nextInt(100_000)) : code;
                    ws.send(TestServer.join(room, "Mallory", Base64.getUrlEncoder().withoutPadding().encodeToString(guess)));
                    JsonNode reply = ((WsRecorder.Message) ws.next()).json();
                    switch (reply.get("type").asText() + ":" + reply.path("code").asText()) {
                        case "joined:" -> admitted++;
                        case "knocking:" -> ws.send("{\"type\":\"leave\"}");
                        case "error:too-many-attempts" -> {
                            refused++;
                            ws.assertClosed(1008);
                            ws.close();
                            ws = null;
                        }
                        case "error:room-not-found" -> { }
                        default -> throw new AssertionError("unexpected reply " + reply);
                    }
                }
                if (ws != null) {
                    ws.close();
                }
                assertThat(admitted).as("nobody guessed their way in").isZero();
                assertThat(refused).as("after the burst, attempts are refused").isGreaterThan(1900);
                AttemptLimiter.Stats stats = s.parley().attemptStats();
                assertThat(stats.refused()).isGreaterThanOrEqualTo(refused);
                assertThat(stats.failures()).as("only the burst (and a trickle) was charged").isLessThan(60);

                // Someone else, from another address, is not slowed down: knocks and is let in.
                try (WsRecorder alice = WsRecorder.connectFrom(s.wsUri(), honest)) {
                    alice.send("{\"type\":\"hello\",\"version\":1}");
                    alice.assertNext("welcome");
                    alice.send(TestServer.join(code, "Alice", null));
                    alice.assertNext("knocking");
                    JsonNode knock;
                    do {
                        knock = ((WsRecorder.Message) host.next()).json();
                    } while (!(knock.get("type").asText().equals("knock")
                            && knock.at("/peer/name").asText().equals("Alice")));
                    host.send("{\"type\":\"admit\",\"peer\":\"" + alice.peerId() + "\"}");
                    alice.assertNext("joined");
                }
            }
        }
    }
}
