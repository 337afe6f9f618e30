package org.parley.turn.server;

import java.util.List;
import org.parley.limits.Refusal;
import org.parley.limits.Refusals;
import org.parley.turn.server.proto.ErrorCodeAttribute;
import org.parley.turn.server.proto.XorPeerAddress;

/**
 * CreatePermission (RFC 8656 §9): installs or refreshes permissions for one or more peer IPs,
 * all or none. A peer the {@link PeerPolicy} refuses gets 403, so the client learns at once.
 */
final class CreatePermissionHandler implements MethodHandler {
    private final AllocationGate gate;
    private final PeerPolicy policy;

    CreatePermissionHandler(AllocationGate gate, PeerPolicy policy) {
        this.gate = gate;
        this.policy = policy;
    }

    @Override
    public byte[] handle(Request r) {
        AllocationGate.Passed p = gate.check(r);
        if (!p.ok()) {
            return p.rejection();
        }
        List<XorPeerAddress> peers = r.message().attributes(XorPeerAddress.class);
        if (peers.isEmpty()) {
            return r.error(p.key(), ErrorCodeAttribute.BAD_REQUEST, "XOR-PEER-ADDRESS missing");
        }
        for (XorPeerAddress peer : peers) {
            if (!policy.permits(peer.address().getAddress())) {
                Refusals.record(Refusal.TURN_PEER_FORBIDDEN);
                return r.error(p.key(), ErrorCodeAttribute.FORBIDDEN, "Forbidden");
            }
        }
        long now = System.nanoTime();
        for (XorPeerAddress peer : peers) {
            p.allocation().permit(peer.address().getAddress(), now);
        }
        return r.success(p.key());
    }
}
