package org.parley.turn.server;

import org.parley.turn.server.proto.XorMappedAddress;

/** Binding (RFC 8489 §3): the client's reflexive address, no credentials needed. */
final class BindingHandler implements MethodHandler {
    @Override
    public byte[] handle(Request r) {
        return r.success(null, new XorMappedAddress(r.link().remote()));
    }
}
