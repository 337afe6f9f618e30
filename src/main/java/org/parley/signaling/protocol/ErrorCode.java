package org.parley.signaling.protocol;

import java.util.Optional;

/**
 * Every error the server reports, with its stable wire code and what happens to the connection.
 * A code with a close code ends the connection after the error message is sent; the others leave
 * it open so the client can carry on (a race such as signaling a peer that just left is normal).
 */
public enum ErrorCode {
    BAD_JSON("bad-json", CloseCode.PROTOCOL_ERROR, "The message is not a JSON object"),
    BAD_MESSAGE("bad-message", CloseCode.PROTOCOL_ERROR, "A field is missing or invalid"),
    UNKNOWN_TYPE("unknown-type", CloseCode.PROTOCOL_ERROR, "Unknown message type"),
    HANDSHAKE_REQUIRED("handshake-required", CloseCode.PROTOCOL_ERROR, "Send hello first, once"),
    UNSUPPORTED_VERSION("unsupported-version", CloseCode.PROTOCOL_ERROR, "Protocol version not supported"),
    BAD_FRAME("bad-frame", CloseCode.PROTOCOL_ERROR, "The WebSocket frame breaks RFC 6455"),
    BAD_TEXT("bad-text", CloseCode.INVALID_DATA, "A text message is not valid UTF-8"),
    MESSAGE_TOO_BIG("message-too-big", CloseCode.MESSAGE_TOO_BIG, "Message exceeds the size limit"),
    RATE_LIMITED("rate-limited", CloseCode.POLICY_VIOLATION, "Too many messages"),
    SPOOFED_SENDER("spoofed-sender", CloseCode.POLICY_VIOLATION, "The sender field is not yours"),
    TOO_MANY_ATTEMPTS("too-many-attempts", CloseCode.POLICY_VIOLATION,
            "Too many failed attempts to enter rooms from this address; try again later"),
    TOO_MANY_CONNECTIONS("too-many-connections", CloseCode.POLICY_VIOLATION,
            "Too many connections from this address; close other tabs or try again later"),
    SERVER_BUSY("server-busy", CloseCode.TRY_AGAIN_LATER, "The server is busy; try again in a minute"),
    ROOM_FULL("room-full", null, "The room is full"),
    ROOM_NOT_FOUND("room-not-found", null, "No such room"),
    ROOM_LOCKED("room-locked", null, "The room is locked"),
    KNOCK_DENIED("knock-denied", null, "You were not let in"),
    REMOVED("removed", null, "You were removed from the room"),
    NOT_HOST("not-host", null, "Only the host can do that"),
    BAD_ROOM("bad-room", null, "Invalid room name"),
    NOT_IN_ROOM("not-in-room", null, "Join a room first"),
    ALREADY_IN_ROOM("already-in-room", null, "Already in a room"),
    PEER_NOT_FOUND("peer-not-found", null, "No such peer in this room"),
    NO_CALL("no-call", null, "No call to act on"),
    DRAINING("server-draining", null, "This server is restarting; calls in progress go on, new ones must wait a minute"),
    AUTH_REQUIRED("auth-required", null, "This server needs an access token for that"),
    AUTH_INVALID("auth-invalid", null, "The access token is not valid"),
    AUTH_EXPIRED("auth-expired", null, "The access token has expired"),
    AUTH_WRONG_ROOM("auth-wrong-room", null, "The access token is for another room"),
    RESUME_FAILED("resume-failed", null, "That session cannot be resumed (expired, left or unknown); join again"),
    INTERNAL("internal", CloseCode.INTERNAL_ERROR, "Internal server error");

    private final String code;
    private final CloseCode close;
    private final String message;

    ErrorCode(String code, CloseCode close, String message) {
        this.code = code;
        this.close = close;
        this.message = message;
    }

    public String code() {
        return code;
    }

    public String defaultMessage() {
        return message;
    }

    /** The close code that follows this error, or empty when the connection stays open. */
    public Optional<CloseCode> close() {
        return Optional.ofNullable(close);
    }
}
