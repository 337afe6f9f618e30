package org.parley.signaling.websocket;

/** A client broke RFC 6455 framing: the socket is closed with {@code status} (§7.4.1). */
final class FrameException extends Exception {
    private final int status;

    FrameException(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
