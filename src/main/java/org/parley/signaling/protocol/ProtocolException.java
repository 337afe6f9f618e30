package org.parley.signaling.protocol;

/** A client message the server refuses; mapped to an {@code error} reply in one place. */
public final class ProtocolException extends Exception {
    private final ErrorCode code;
    private final String ref;

    public ProtocolException(ErrorCode code, String message, String ref) {
        super(message, null, false, false);
        this.code = code;
        this.ref = ref;
    }

    public ProtocolException(ErrorCode code, String ref) {
        this(code, code.defaultMessage(), ref);
    }

    public ErrorCode code() {
        return code;
    }

    /** The wire type of the offending message, or null when it could not be read. */
    public String ref() {
        return ref;
    }
}
