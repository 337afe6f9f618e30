package org.parley.web;

/** A route's refusal: the status, and the stable code and human message of the JSON error body. */
public final class HttpException extends RuntimeException {
    private final int status;
    private final String code;

    public HttpException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
