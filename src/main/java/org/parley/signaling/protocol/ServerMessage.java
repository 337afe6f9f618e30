package org.parley.signaling.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.util.List;
import org.parley.turn.IceServer;

/** Messages the server sends. Encoded by {@link Codec#encode}; field names are the wire names. */
public sealed interface ServerMessage {
    @JsonIgnore
    MessageType type();

    /**
     * {@code resumeToken} (a secret: never printed) takes this peer's place back with
     * {@code resume} after the socket drops, for {@code resumeWindowMs}.
     */
    record Welcome(int version, String peer, List<IceServer> iceServers, long pingIntervalMs,
                   int maxMessageBytes, int roomCapacity, long maxFileBytes, String resumeToken,
                   long resumeWindowMs) implements ServerMessage {
        public MessageType type() { return MessageType.WELCOME; }

        @Override
        public String toString() {
            return "Welcome[peer=" + peer + ", resumeWindowMs=" + resumeWindowMs + "]";
        }
    }

    /** {@code key} lets the member share a link that enters directly; {@code host} may change settings. */
    record Joined(String room, String peer, List<PeerInfo> peers, CallInfo call, String key, String host,
                  boolean open, boolean locked) implements ServerMessage {
        public MessageType type() { return MessageType.JOINED; }
    }

    record PeerJoined(PeerInfo peer) implements ServerMessage {
        public MessageType type() { return MessageType.PEER_JOINED; }
    }

    record PeerLeft(String peer) implements ServerMessage {
        public MessageType type() { return MessageType.PEER_LEFT; }
    }

    record CallRing(String from, String name, CallKind kind) implements ServerMessage {
        public MessageType type() { return MessageType.CALL_RING; }
    }

    record CallState(CallInfo call) implements ServerMessage {
        public MessageType type() { return MessageType.CALL_STATE; }
    }

    record CallDeclined(String peer, String name) implements ServerMessage {
        public MessageType type() { return MessageType.CALL_DECLINED; }
    }

    record PeerMedia(String peer, boolean audio, boolean video, boolean recording) implements ServerMessage {
        public MessageType type() { return MessageType.PEER_MEDIA; }
    }

    /** A chat line, stamped by the server with the sender, their name and the time (epoch ms). */
    record Chat(String from, String name, String text, long at) implements ServerMessage {
        public MessageType type() { return MessageType.CHAT; }
    }

    /**
     * A relayed signal; {@code from} is stamped by the server, never taken from the sender.
     * {@code data} is the sender's JSON object exactly as it was written and checked (see
     * {@link Codec#parse}): relayed without being parsed into a tree and encoded again.
     */
    record Signal(String from, @JsonRawValue String data) implements ServerMessage {
        public MessageType type() { return MessageType.SIGNAL; }
    }

    /** To someone waiting at the door; {@code present} is how many people could let them in. */
    record Knocking(int present) implements ServerMessage {
        public MessageType type() { return MessageType.KNOCKING; }
    }

    record Knock(Knocker peer) implements ServerMessage {
        public MessageType type() { return MessageType.KNOCK; }
    }

    record KnockEnded(String peer, boolean admitted) implements ServerMessage {
        public MessageType type() { return MessageType.KNOCK_ENDED; }
    }

    record RoomState(String host, boolean open, boolean locked) implements ServerMessage {
        public MessageType type() { return MessageType.ROOM_STATE; }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Error(String code, String message, String ref) implements ServerMessage {
        public MessageType type() { return MessageType.ERROR; }

        public static Error of(ErrorCode code, String message, String ref) {
            return new Error(code.code(), message, ref);
        }
    }

    record Ping() implements ServerMessage {
        public MessageType type() { return MessageType.PING; }
    }

    record Pong() implements ServerMessage {
        public MessageType type() { return MessageType.PONG; }
    }

    record PeerInfo(String id, String name, boolean audio, boolean video, boolean recording) {}

    record CallMember(String id, boolean audioOnly) {}

    record Knocker(String id, String name) {}

    record CallInfo(CallKind kind, String from, List<CallMember> members) {}
}
