package org.parley.turn.server.proto;

/** A datagram that is not a well-formed STUN message; such datagrams are dropped, never answered. */
public final class StunException extends Exception {
    public StunException(String message) {
        super(message, null, false, false);
    }
}
