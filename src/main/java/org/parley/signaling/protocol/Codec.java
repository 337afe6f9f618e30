package org.parley.signaling.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.util.NameTransformer;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.parley.signaling.protocol.ClientMessage.CallDecline;
import org.parley.signaling.protocol.ClientMessage.CallJoin;
import org.parley.signaling.protocol.ClientMessage.CallLeave;
import org.parley.signaling.protocol.ClientMessage.CallStart;
import org.parley.signaling.protocol.ClientMessage.Hello;
import org.parley.signaling.protocol.ClientMessage.Join;
import org.parley.signaling.protocol.ClientMessage.Leave;
import org.parley.signaling.protocol.ClientMessage.MediaState;
import org.parley.signaling.protocol.ClientMessage.Ping;
import org.parley.signaling.protocol.ClientMessage.Pong;
import org.parley.signaling.protocol.ClientMessage.Signal;

/**
 * The one place JSON becomes messages and back. Decoding is strict about the fields a message
 * needs (type and range) and ignores fields it does not know, so that newer clients can add
 * optional fields without breaking older servers.
 */
public final class Codec {
    public static final int VERSION = 1;
    /** A chat line: a long paragraph, not a file. */
    public static final int MAX_CHAT_CHARS = 2000;

    /** Nesting deep enough for SDP/candidate objects, shallow enough to refuse parser bombs. */
    private static final int MAX_NESTING = 16;

    /*
     * Jackson's default buffer pool is per thread, and signaling runs on virtual threads: each
     * parse and each write would allocate fresh 8-16 KB buffers (half of all the garbage made
     * relaying a 1 KiB message). A pool shared by all threads reuses them.
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
                    .build())
            .build();
    private static final ObjectWriter WRITER = MAPPER.writerFor(Typed.class);
    /** Each message class's fields without the braces, to follow {@code type}. */
    private static final Map<Class<?>, JsonSerializer<Object>> FIELDS = new ConcurrentHashMap<>();

    private Codec() {}

    /**
     * The parsed frame: its type and body, before the type-specific checks. A {@code data} object
     * is not in the body: {@code data} holds its text, checked but not parsed into a tree.
     */
    public record Frame(MessageType type, ObjectNode body, String data) {}

    /**
     * Parses one frame: an object whose fields become the body, except a {@code data} object,
     * which the parser only checks (well-formed, within the nesting limit) and keeps as the text
     * the client wrote. Signals are most of the traffic, and their data (SDP, candidates) is
     * opaque to the server: relaying that text spares building a tree and writing it out again.
     */
    public static Frame parse(String text) throws ProtocolException {
        ObjectNode body = MAPPER.getNodeFactory().objectNode();
        String data = null;
        try (JsonParser p = MAPPER.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ProtocolException(ErrorCode.BAD_JSON, null);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("data") && value == JsonToken.START_OBJECT) {
                    int start = (int) p.currentTokenLocation().getCharOffset();
                    p.skipChildren();
                    data = text.substring(start, (int) p.currentTokenLocation().getCharOffset() + 1);
                    body.remove(name);
                } else {
                    body.set(name, MAPPER.readTree(p));
                    if (name.equals("data")) {
                        data = null; // a later field of the same name wins, as in a tree
                    }
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new ProtocolException(ErrorCode.BAD_JSON, null);
            }
        } catch (IOException | RuntimeException e) {
            throw new ProtocolException(ErrorCode.BAD_JSON, null);
        }
        JsonNode typeNode = body.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "Field 'type' must be a string", null);
        }
        String wire = typeNode.textValue();
        MessageType type = MessageType.fromWire(wire)
                .filter(MessageType::sentByClient)
                .orElseThrow(() -> new ProtocolException(ErrorCode.UNKNOWN_TYPE,
                        "Unknown message type", truncate(wire)));
        return new Frame(type, body, data);
    }

    public static ClientMessage decode(String text) throws ProtocolException {
        return decode(parse(text));
    }

    public static ClientMessage decode(Frame frame) throws ProtocolException {
        ObjectNode b = frame.body();
        String ref = frame.type().wire();
        return switch (frame.type()) {
            case HELLO -> new Hello(intField(b, "version", ref));
            case JOIN -> new Join(stringField(b, "room", ref), stringField(b, "name", ref),
                    optionalString(b, "key", ref), optionalString(b, "token", ref));
            case RESUME -> new ClientMessage.Resume(stringField(b, "peer", ref), stringField(b, "token", ref));
            case ADMIT -> new ClientMessage.Admit(stringField(b, "peer", ref));
            case DENY -> new ClientMessage.Deny(stringField(b, "peer", ref));
            case REMOVE -> new ClientMessage.Remove(stringField(b, "peer", ref));
            case ROOM_SETTINGS -> roomSettings(b, ref);
            case LEAVE -> new Leave();
            case CALL_START -> new CallStart(CallKind.fromWire(stringField(b, "kind", ref))
                    .orElseThrow(() -> invalid("kind", ref)));
            case CALL_JOIN -> new CallJoin(optionalBoolean(b, "audioOnly", ref));
            case CALL_DECLINE -> new CallDecline();
            case CALL_LEAVE -> new CallLeave();
            case MEDIA_STATE -> new MediaState(booleanField(b, "audio", ref), booleanField(b, "video", ref),
                    optionalBoolean(b, "recording", ref));
            case SIGNAL -> new Signal(stringField(b, "to", ref), dataObject(frame, ref));
            case CHAT -> new ClientMessage.Chat(chatText(b, ref));
            case PING -> new Ping();
            case PONG -> new Pong();
            default -> throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, ref);
        };
    }

    /** Serializes a server message with {@code type} as its first field, in one pass. */
    public static String encode(ServerMessage message) {
        try {
            return WRITER.writeValueAsString(new Typed(message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("server message not serializable: " + message.type(), e);
        }
    }

    /** A server message as written: {@code type}, then the record's fields. */
    @JsonSerialize(using = TypedSerializer.class)
    private record Typed(ServerMessage message) {}

    private static final class TypedSerializer extends StdSerializer<Typed> {
        TypedSerializer() {
            super(Typed.class);
        }

        @Override
        public void serialize(Typed typed, JsonGenerator g, SerializerProvider provider) throws IOException {
            ServerMessage m = typed.message();
            JsonSerializer<Object> fields = FIELDS.get(m.getClass());
            if (fields == null) {
                fields = provider.findValueSerializer(m.getClass()).unwrappingSerializer(NameTransformer.NOP);
                FIELDS.put(m.getClass(), fields);
            }
            g.writeStartObject();
            g.writeStringField("type", m.type().wire());
            fields.serialize(m, g, provider);
            g.writeEndObject();
        }
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static ProtocolException invalid(String field, String ref) {
        return new ProtocolException(ErrorCode.BAD_MESSAGE, "Field '" + field + "' is missing or invalid", ref);
    }

    private static String stringField(ObjectNode b, String field, String ref) throws ProtocolException {
        JsonNode n = b.get(field);
        if (n == null || !n.isTextual()) {
            throw invalid(field, ref);
        }
        return n.textValue();
    }

    private static int intField(ObjectNode b, String field, String ref) throws ProtocolException {
        JsonNode n = b.get(field);
        if (n == null || !n.canConvertToInt() || !n.isIntegralNumber()) {
            throw invalid(field, ref);
        }
        return n.intValue();
    }

    private static boolean booleanField(ObjectNode b, String field, String ref) throws ProtocolException {
        JsonNode n = b.get(field);
        if (n == null || !n.isBoolean()) {
            throw invalid(field, ref);
        }
        return n.booleanValue();
    }

    private static ClientMessage.RoomSettings roomSettings(ObjectNode b, String ref) throws ProtocolException {
        Boolean open = b.has("open") ? booleanField(b, "open", ref) : null;
        Boolean locked = b.has("locked") ? booleanField(b, "locked", ref) : null;
        if (open == null && locked == null) {
            throw invalid("open", ref);
        }
        return new ClientMessage.RoomSettings(open, locked);
    }

    private static String chatText(ObjectNode b, String ref) throws ProtocolException {
        String text = stringField(b, "text", ref);
        int length = text.codePointCount(0, text.length());
        if (text.isBlank() || length > MAX_CHAT_CHARS) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE,
                    "Field 'text' must hold 1 to " + MAX_CHAT_CHARS + " characters", ref);
        }
        return text;
    }

    private static String optionalString(ObjectNode b, String field, String ref) throws ProtocolException {
        JsonNode n = b.get(field);
        return n == null || n.isNull() ? null : stringField(b, field, ref);
    }

    private static boolean optionalBoolean(ObjectNode b, String field, String ref) throws ProtocolException {
        return b.has(field) ? booleanField(b, field, ref) : false;
    }

    private static String dataObject(Frame frame, String ref) throws ProtocolException {
        if (frame.data() == null) {
            throw invalid("data", ref);
        }
        return frame.data();
    }

    private static String truncate(String s) {
        return s.length() <= 32 ? s : s.substring(0, 32);
    }
}
