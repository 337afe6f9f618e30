package org.parley.turn.server;

/** Handles one STUN/TURN method; returns the reply to send, or null (indications, dropped requests). */
@FunctionalInterface
interface MethodHandler {
    byte[] handle(Request request);
}
