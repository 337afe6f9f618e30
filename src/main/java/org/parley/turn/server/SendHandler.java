package org.parley.turn.server;

import org.parley.turn.server.proto.Data;
import org.parley.turn.server.proto.XorPeerAddress;

/**
 * Send indications (RFC 8656 §10.2): data to a peer with a permission. Indications get no reply;
 * anything wrong (no allocation, no permission, a refused peer) drops the datagram silently.
 */
final class SendHandler implements MethodHandler {
    private final Allocations allocations;
    private final PeerPolicy policy;

    SendHandler(Allocations allocations, PeerPolicy policy) {
        this.allocations = allocations;
        this.policy = policy;
    }

    @Override
    public byte[] handle(Request r) {
        Allocation a = allocations.get(r.link());
        var peer = r.message().attribute(XorPeerAddress.class);
        var data = r.message().attribute(Data.class);
        if (a != null && peer.isPresent() && data.isPresent() && policy.permits(peer.get().address())) {
            byte[] bytes = data.get().bytes();
            a.toPeer(peer.get().address(), bytes, 0, bytes.length);
        }
        return null;
    }
}
