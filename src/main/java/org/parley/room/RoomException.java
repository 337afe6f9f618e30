package org.parley.room;

import org.parley.signaling.protocol.ErrorCode;

/** A room operation that was refused; carries the wire error for the caller's reply. */
public final class RoomException extends Exception {
    private final ErrorCode code;

    public RoomException(ErrorCode code) {
        super(code.defaultMessage(), null, false, false);
        this.code = code;
    }

    /** With a more specific English message than the code's default (never secrets: it goes on the wire). */
    public RoomException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
