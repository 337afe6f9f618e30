package org.parley.signaling.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.parley.signaling.protocol.ServerMessage.CallInfo;
import org.parley.signaling.protocol.ServerMessage.CallMember;
import org.parley.signaling.protocol.ServerMessage.PeerInfo;
import org.parley.turn.IceServer;

/** The codec against the JSON fixtures shared with the page's tests. */
class CodecTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<JsonNode> fixture(String name) throws IOException {
        try (InputStream in = CodecTest.class.getResourceAsStream("/protocol/" + name)) {
            List<JsonNode> out = new ArrayList<>();
            JSON.readTree(in).forEach(out::add);
            return out;
        }
    }

    static Stream<JsonNode> valid() throws IOException {
        return fixture("client-valid.json").stream();
    }

    static Stream<JsonNode> invalid() throws IOException {
        return fixture("client-invalid.json").stream();
    }

    @ParameterizedTest
    @MethodSource("valid")
    void validClientFramesDecodeToTheirType(JsonNode c) throws Exception {
        ClientMessage m = Codec.decode(JSON.writeValueAsString(c.get("frame")));
        assertThat(m.type().wire()).isEqualTo(c.get("type").asText());
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void malformedClientFramesGetTheirExactErrorCode(JsonNode c) {
        assertThatThrownBy(() -> Codec.decode(c.get("raw").asText()))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code().code()).isEqualTo(c.get("error").asText()));
    }

    @Test
    void decodedFieldsCarryTheirValues() throws Exception {
        var join = (ClientMessage.Join) Codec.decode("{\"type\":\"join\",\"room\":\"48213\",\"name\":\"Alice\"}");
        assertThat(join).isEqualTo(new ClientMessage.Join("48213", "Alice", null, null));
        assertThat(Codec.decode("{\"type\":\"join\",\"room\":\"r\",\"name\":\"A\",\"token\":\"t.u.v\"}"))
                .isEqualTo(new ClientMessage.Join("r", "A", null, "t.u.v"));
        var signal = (ClientMessage.Signal) Codec.decode("{\"type\":\"signal\",\"to\":\"p1\",\"data\": {\"a\" : [1, {\"b\":\"}\"}]} }");
        assertThat(signal.to()).isEqualTo("p1");
        assertThat(signal.data()).as("the object as written, spaces and all").isEqualTo("{\"a\" : [1, {\"b\":\"}\"}]}");
        assertThat(Codec.decode("{\"type\":\"call-join\"}")).isEqualTo(new ClientMessage.CallJoin(false));
        var resume = (ClientMessage.Resume) Codec.decode("{\"type\":\"resume\",\"peer\":\"p1\",\"token\":\"secret-token\"}");
        assertThat(resume).isEqualTo(new ClientMessage.Resume("p1", "secret-token"));
        assertThat(resume.toString()).as("the token is never printed").doesNotContain("secret-token");
        var welcome = new ServerMessage.Welcome(1, "p1", List.of(), 20000, 65536, 6, 0, "secret-token", 60000);
        assertThat(welcome.toString()).doesNotContain("secret-token");
        assertThat(Codec.encode(welcome)).contains("\"resumeToken\":\"secret-token\"");
    }

    @Test
    void serverMessagesEncodeExactlyAsTheFixtures() throws Exception {
        String a = "paaaaaaaaaaaa";
        Map<String, ServerMessage> samples = Map.ofEntries(
                Map.entry("welcome", new ServerMessage.Welcome(1, "p0123456789ab",
                        List.of(IceServer.of("stun:calls.example.org:3478")), 20000, 65536, 6, 104857600L,
                        "kY3v0Xq8Zb1LmN4pQr7sTw", 60000)),
                Map.entry("joined", new ServerMessage.Joined("48213", "p0123456789ab",
                        List.of(new PeerInfo(a, "Alice", true, false, false)),
                        new CallInfo(CallKind.VIDEO, a, List.of(new CallMember(a, false))),
                        "Zx3mQ0pW1vB7yT5uK9rE2a", a, false, false)),
                Map.entry("knocking", new ServerMessage.Knocking(0)),
                Map.entry("knock", new ServerMessage.Knock(new ServerMessage.Knocker("pcccccccccccc", "Carol"))),
                Map.entry("knock-ended", new ServerMessage.KnockEnded("pcccccccccccc", true)),
                Map.entry("room-state", new ServerMessage.RoomState(a, true, false)),
                Map.entry("peer-joined", new ServerMessage.PeerJoined(new PeerInfo(a, "Alice", true, true, false))),
                Map.entry("peer-left", new ServerMessage.PeerLeft(a)),
                Map.entry("call-ring", new ServerMessage.CallRing(a, "Alice", CallKind.AUDIO)),
                Map.entry("call-state", new ServerMessage.CallState(null)),
                Map.entry("call-declined", new ServerMessage.CallDeclined("pbbbbbbbbbbbb", "Bob")),
                Map.entry("peer-media", new ServerMessage.PeerMedia(a, false, true, true)),
                Map.entry("signal", new ServerMessage.Signal(a, "{\"candidate\":null}")),
                Map.entry("error", ServerMessage.Error.of(ErrorCode.ROOM_FULL, "The room is full", null)),
                Map.entry("error-auth", ServerMessage.Error.of(ErrorCode.AUTH_EXPIRED, "The access token has expired", null)),
                Map.entry("error-resume", ServerMessage.Error.of(ErrorCode.RESUME_FAILED,
                        ErrorCode.RESUME_FAILED.defaultMessage(), null)),
                Map.entry("chat", new ServerMessage.Chat(a, "Alice", "<b>hi</b>", 1790000000000L)),
                Map.entry("ping", new ServerMessage.Ping()),
                Map.entry("pong", new ServerMessage.Pong()));
        Set<MessageType> covered = EnumSet.noneOf(MessageType.class);
        for (JsonNode c : fixture("server.json")) {
            ServerMessage m = samples.get(c.get("message").asText());
            assertThat(JSON.readTree(Codec.encode(m))).as(c.get("message").asText()).isEqualTo(c.get("json"));
            assertThat(Codec.encode(m)).startsWith("{\"type\":\"" + m.type().wire() + "\"");
            covered.add(m.type());
        }
        for (MessageType t : MessageType.values()) {
            if (t.sentByServer()) {
                assertThat(covered).as("server fixture for " + t.wire()).contains(t);
            }
        }
    }

    @Test
    void everyClientTypeHasAValidFixture() throws IOException {
        Set<String> types = new java.util.HashSet<>();
        valid().forEach(c -> types.add(c.get("type").asText()));
        for (MessageType t : MessageType.values()) {
            if (t.sentByClient()) {
                assertThat(types).as("client fixture for " + t.wire()).contains(t.wire());
            }
        }
    }

    @Test
    void errorCodesAreUniqueKebabCase() {
        Set<String> seen = new java.util.HashSet<>();
        for (ErrorCode e : ErrorCode.values()) {
            assertThat(e.code()).matches("[a-z]+(-[a-z]+)*");
            assertThat(seen.add(e.code())).as("duplicate " + e.code()).isTrue();
        }
    }
}
