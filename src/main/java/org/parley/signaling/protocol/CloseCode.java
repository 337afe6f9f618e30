package org.parley.signaling.protocol;

/** WebSocket close codes the server uses (RFC 6455 §7.4.1, plus two private-use codes). */
public enum CloseCode {
    NORMAL(1000),
    GOING_AWAY(1001),
    PROTOCOL_ERROR(1002),
    /** A text frame that is not UTF-8 (§8.1). */
    INVALID_DATA(1007),
    POLICY_VIOLATION(1008),
    MESSAGE_TOO_BIG(1009),
    INTERNAL_ERROR(1011),
    /** The server is overloaded (IANA-registered): the client may come back later. */
    TRY_AGAIN_LATER(1013),
    /** No inbound message within the ping timeout. */
    HEARTBEAT_TIMEOUT(4000),
    /** The outbound queue overflowed: the client does not read fast enough. */
    SLOW_CONSUMER(4001);

    private final int code;

    CloseCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
