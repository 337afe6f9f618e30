package org.parley.auth;

import org.parley.signaling.protocol.ErrorCode;

/**
 * A token that does not open what it was shown for: {@code code} is the wire error
 * (auth-required, auth-invalid, auth-expired, auth-wrong-room), the message says why in English
 * and never holds the token itself.
 */
public final class AuthException extends Exception {
    private final ErrorCode code;

    AuthException(ErrorCode code, String why) {
        super(why, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
