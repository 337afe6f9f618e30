package org.parley.signaling.protocol;

/** Messages a browser sends to the server. Decoded by {@link Codec#decode}. */
public sealed interface ClientMessage {
    MessageType type();

    record Hello(int version) implements ClientMessage {
        public MessageType type() { return MessageType.HELLO; }
    }

    /**
     * {@code key} is the room key from the link's fragment, or null to knock; {@code token} the
     * access token from the link, or null (needed only when the server asks for tokens).
     */
    record Join(String room, String name, String key, String token) implements ClientMessage {
        public MessageType type() { return MessageType.JOIN; }
    }

    /**
     * Takes back a place kept after a dropped socket: {@code peer} and {@code token} are the id
     * and resume token of that socket's {@code welcome}. The token is a secret: never printed.
     */
    record Resume(String peer, String token) implements ClientMessage {
        public MessageType type() { return MessageType.RESUME; }

        @Override
        public String toString() {
            return "Resume[peer=" + peer + "]";
        }
    }

    record Leave() implements ClientMessage {
        public MessageType type() { return MessageType.LEAVE; }
    }

    record CallStart(CallKind kind) implements ClientMessage {
        public MessageType type() { return MessageType.CALL_START; }
    }

    record CallJoin(boolean audioOnly) implements ClientMessage {
        public MessageType type() { return MessageType.CALL_JOIN; }
    }

    record CallDecline() implements ClientMessage {
        public MessageType type() { return MessageType.CALL_DECLINE; }
    }

    record CallLeave() implements ClientMessage {
        public MessageType type() { return MessageType.CALL_LEAVE; }
    }

    /** {@code recording}: this member is recording the call locally (everyone is shown that). */
    record MediaState(boolean audio, boolean video, boolean recording) implements ClientMessage {
        public MessageType type() { return MessageType.MEDIA_STATE; }
    }

    record Admit(String peer) implements ClientMessage {
        public MessageType type() { return MessageType.ADMIT; }
    }

    record Deny(String peer) implements ClientMessage {
        public MessageType type() { return MessageType.DENY; }
    }

    /** A null field leaves that setting as it is. */
    record RoomSettings(Boolean open, Boolean locked) implements ClientMessage {
        public MessageType type() { return MessageType.ROOM_SETTINGS; }
    }

    record Remove(String peer) implements ClientMessage {
        public MessageType type() { return MessageType.REMOVE; }
    }

    /** Plain text, 1 to {@link Codec#MAX_CHAT_CHARS} characters; never interpreted as markup. */
    record Chat(String text) implements ClientMessage {
        public MessageType type() { return MessageType.CHAT; }
    }

    /**
     * {@code data} is opaque to the server (an SDP description or an ICE candidate): the JSON text
     * of one object, well-formed and within the nesting limit, as the sender wrote it.
     */
    record Signal(String to, String data) implements ClientMessage {
        public MessageType type() { return MessageType.SIGNAL; }
    }

    record Ping() implements ClientMessage {
        public MessageType type() { return MessageType.PING; }
    }

    record Pong() implements ClientMessage {
        public MessageType type() { return MessageType.PONG; }
    }
}
