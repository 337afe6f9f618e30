package org.parley.signaling;

/** A WebSocket upgrade from a page whose origin is not allowed; answered 403 by the HTTP error mapper. */
public final class OriginRefusedException extends RuntimeException {
    public OriginRefusedException() {
        super("origin-not-allowed", null, false, false);
    }
}
