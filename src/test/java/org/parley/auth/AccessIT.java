package org.parley.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.parley.support.TestServer;
import org.parley.support.WsRecorder;

/** Access control on the wire: signaling joins and POST /api/rooms, against a real server. */
@Timeout(120)
class AccessIT {
    static final String SECRET = TokenVerifierTest.SECRET;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String HELLO = "{\"type\":\"hello\",\"version\":1}";

    @TempDir
    Path dir;

    static String join(String room, String key, String token) {
        return "{\"type\":\"join\",\"room\":\"" + room + "\",\"name\":\"Ann\""
                + (key == null ? "" : ",\"key\":\"" + key + "\"")
                + (token == null ? "" : ",\"token\":\"" + token + "\"") + "}";
    }

    /** A real HS256 token, minted now, with the claims changed by {@code edit}. */
    static String hs256(java.util.function.UnaryOperator<com.nimbusds.jwt.JWTClaimsSet.Builder> edit) throws Exception {
        Instant now = Instant.now();
        var claims = edit.apply(new com.nimbusds.jwt.JWTClaimsSet.Builder().audience("parley").claim("room", "team-standup")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)))).build();
        return TokenVerifierTest.sign(JWSAlgorithm.HS256, new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)), claims);
    }

    static HttpResponse<String> post(TestServer s, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.httpUrl() + "/api/rooms"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void refused(WsRecorder ws, String token, String code) {
        ws.send(join("team-standup", null, token));
        JsonNode error = ws.assertError(code);
        if (token != null) {
            assertThat(error.get("message").asText()).doesNotContain(token);
        }
    }

    static HttpResponse<String> iceServers(TestServer s, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.httpUrl() + "/api/ice-servers"));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withAuthJoinTurnCredentialsGoOnlyToATokenHolder() throws Exception {
        try (TestServer server = TestServer.start("--auth", "join", "--auth-key", SECRET);
             WsRecorder ws = server.connect()) {
            JsonNode welcome = ws.send(HELLO).assertNext("welcome");
            assertThat(welcome.get("iceServers").toString()).as("welcome before any token")
                    .contains("stun:").doesNotContain("turn:").doesNotContain("credential");
            assertThat(iceServers(server, null).statusCode()).isEqualTo(401);
            assertThat(iceServers(server, hs256(b -> b.expirationTime(Date.from(Instant.now().minusSeconds(30))))).body())
                    .contains("auth-expired");
            HttpResponse<String> granted = iceServers(server, hs256(b -> b));
            assertThat(granted.statusCode()).isEqualTo(200);
            assertThat(granted.body()).contains("turn:").contains("\"credential\"");
        }
        try (TestServer open = TestServer.start("--auth", "create", "--auth-key", SECRET);
             WsRecorder ws = open.connect()) {
            assertThat(ws.send(HELLO).assertNext("welcome").get("iceServers").toString()).as("--auth create: relay for all")
                    .contains("turn:").contains("credential");
            assertThat(iceServers(open, null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void withAuthJoinEachBadTokenIsRefusedWithItsCodeAndAValidOneJoins() throws Exception {
        try (TestServer server = TestServer.start("--auth", "join", "--auth-key", SECRET);
             WsRecorder ws = server.hello()) {
            refused(ws, null, "auth-required");
            refused(ws, hs256(b -> b.expirationTime(Date.from(Instant.now().minusSeconds(30)))), "auth-expired");
            refused(ws, hs256(b -> b.audience("someone-else")), "auth-invalid");
            refused(ws, hs256(b -> b.claim("room", "retro")), "auth-wrong-room");
            refused(ws, hs256(b -> b.expirationTime(null)), "auth-invalid");
            String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    "{\"aud\":\"parley\",\"room\":\"team-standup\",\"exp\":9999999999}".getBytes(StandardCharsets.UTF_8));
            refused(ws, "eyJhbGciOiJub25lIn0." + payload + ".", "auth-invalid");
            String good = hs256(b -> b);
            int at = good.lastIndexOf('.') + 5;
            refused(ws, good.substring(0, at) + (good.charAt(at) == 'A' ? 'B' : 'A') + good.substring(at + 1), "auth-invalid");
            assertThat(ws.isOpen()).as("a refused token leaves the socket open for another try").isTrue();

            ws.send(join("team-standup", server.key("team-standup"), good));
            assertThat(ws.assertNext("joined").get("room").asText()).isEqualTo("team-standup");
        }
    }

    @Test
    void anRs256ServerRefusesAnHs256TokenSignedWithItsPublicKey() throws Exception {
        Keys rsa = Keys.rsa(dir);
        try (TestServer server = TestServer.start("--auth", "join", "--auth-alg", "RS256",
                "--auth-key", rsa.publicPem().toString());
             WsRecorder ws = server.hello()) {
            Instant now = Instant.now();
            var claims = new com.nimbusds.jwt.JWTClaimsSet.Builder().audience("parley").claim("room", "team-standup")
                    .expirationTime(Date.from(now.plusSeconds(600))).build();
            String forged = TokenVerifierTest.sign(JWSAlgorithm.HS256, new MACSigner(Files.readAllBytes(rsa.publicPem())), claims);
            refused(ws, forged, "auth-invalid");
            String genuine = TokenVerifierTest.sign(JWSAlgorithm.RS256, new RSASSASigner(rsa.pair().getPrivate()), claims);
            ws.send(join("team-standup", null, genuine));
            ws.assertNext("joined");
        }
    }

    @Test
    void withAuthCreateMakingRoomsNeedsATokenButEnteringALiveRoomDoesNot() throws Exception {
        try (TestServer server = TestServer.start("--auth", "create", "--auth-key", SECRET,
                "--base-url", "https://calls.example.org")) {
            HttpResponse<String> none = post(server, null, "");
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(JSON.readTree(none.body()).get("code").asText()).isEqualTo("auth-required");
            assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h).startsWith("Bearer"));
            HttpResponse<String> expired = post(server, hs256(b -> b.claim("room", "*")
                    .expirationTime(Date.from(Instant.now().minusSeconds(60)))), "");
            assertThat(expired.statusCode()).isEqualTo(401);
            assertThat(JSON.readTree(expired.body()).get("code").asText()).isEqualTo("auth-expired");
            HttpResponse<String> oneRoom = post(server, hs256(b -> b), "");
            assertThat(oneRoom.statusCode()).as("a one-room token makes no numeric rooms").isEqualTo(403);
            assertThat(JSON.readTree(oneRoom.body()).get("code").asText()).isEqualTo("auth-wrong-room");

            HttpResponse<String> made = post(server, hs256(b -> b.claim("room", "*")), "");
            assertThat(made.statusCode()).isEqualTo(201);
            JsonNode room = JSON.readTree(made.body());
            assertThat(room.get("link").asText()).isEqualTo("https://calls.example.org/?room=" + room.get("room").asText()
                    + "#" + room.get("key").asText());
            try (WsRecorder ws = server.hello()) {
                ws.send(join(room.get("room").asText(), room.get("key").asText(), null));
                ws.assertNext("joined");
            }

            HttpResponse<String> named = post(server, hs256(b -> b), "{\"name\":\"Team-Standup\"}");
            assertThat(named.statusCode()).isEqualTo(201);
            assertThat(JSON.readTree(named.body()).get("key").asText()).isEqualTo(server.key("team-standup"));

            try (WsRecorder first = server.hello(); WsRecorder second = server.hello()) {
                first.send(join("team-standup", null, null));
                first.assertError("auth-required");
                first.send(join("team-standup", null, hs256(b -> b)));
                first.assertNext("joined");
                second.send(join("team-standup", server.key("team-standup"), null));
                second.assertNext("joined");
            }
        }
    }

    @Test
    void openAccessGivesNoStandingLinksOverRest() throws Exception {
        try (TestServer server = TestServer.start()) {
            assertThat(post(server, null, "").statusCode()).isEqualTo(201);
            HttpResponse<String> named = post(server, null, "{\"name\":\"team-standup\"}");
            assertThat(named.statusCode()).isEqualTo(401);
            assertThat(named.body()).doesNotContain(server.key("team-standup"));
        }
    }

    @Test
    void theLinkPrintedByTheTokenCommandEntersDirectly() throws Exception {
        try (TestServer server = TestServer.start("--auth", "join", "--auth-key", SECRET)) {
            String javaCmd = ProcessHandle.current().info().command().orElse("java");
            Process p = new ProcessBuilder(List.of(javaCmd, "-cp", System.getProperty("java.class.path"),
                    "org.parley.Main", "token", "--room", "team-standup", "--ttl", "2h", "--base-url", server.httpUrl(),
                    "--secret", "test-secret-0123456789", "--auth-key", SECRET)).redirectErrorStream(true).start();
            assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.startsWith("WARNING")).toList();
            assertThat(p.exitValue()).as(String.join("\n", lines)).isZero();
            String link = lines.getLast();
            assertThat(link).startsWith(server.httpUrl() + "/?room=team-standup#").contains("&token=");
            String fragment = URI.create(link).getRawFragment();
            String key = fragment.substring(0, fragment.indexOf('&'));
            String token = fragment.substring(fragment.indexOf("&token=") + 7);
            assertThat(token).isEqualTo(lines.get(lines.size() - 2));
            try (WsRecorder ws = server.hello()) {
                ws.send(join("team-standup", key, token));
                JsonNode joined = ws.assertNext("joined");
                assertThat(joined.get("room").asText()).isEqualTo("team-standup");
                assertThat(key).isEqualTo(server.key("team-standup"));
            }
        }
    }
}
