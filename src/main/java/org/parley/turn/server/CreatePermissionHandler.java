package org.parley.turn.server;

import java.util.List;
import org.parley.turn.server.proto.ErrorCodeAttribute;
import org.parley.turn.server.proto.XorPeerAddress;

/**
 * CreatePermission (RFC 8656 §9): installs or refreshes permissions for one or more peer IPs,
 * all or none. A peer the {@link PeerPolicy} refuses gets 403, so the client learns at once.
 */
final class CreatePermissionHandler implements MethodHandler {
    private final Authenticator auth;
    private final Allocations allocations;
    private final PeerPolicy policy;

    CreatePermissionHandler(Authenticator auth, Allocations allocations, PeerPolicy policy) {
        this.auth = auth;
        this.allocations = allocations;
        this.policy = policy;
    }

    @Override
    public byte[] handle(Request r) {
        Authenticator.Result who = auth.check(r, false);
        if (!who.accepted()) {
            return who.rejection();
        }
        Allocation a = allocations.get(r.link());
        if (a == null) {
            return r.error(who.key(), ErrorCodeAttribute.ALLOCATION_MISMATCH, "Allocation Mismatch");
        }
        if (!a.username.equals(who.username())) {
            return r.error(who.key(), ErrorCodeAttribute.WRONG_CREDENTIALS, "Wrong Credentials");
        }
        List<XorPeerAddress> peers = r.message().attributes(XorPeerAddress.class);
        if (peers.isEmpty()) {
            return r.error(who.key(), ErrorCodeAttribute.BAD_REQUEST, "XOR-PEER-ADDRESS missing");
        }
        for (XorPeerAddress p : peers) {
            if (!policy.permits(p.address().getAddress())) {
                return r.error(who.key(), ErrorCodeAttribute.FORBIDDEN, "Forbidden");
            }
        }
        long now = System.nanoTime();
        for (XorPeerAddress p : peers) {
            a.permit(p.address().getAddress(), now);
        }
        return r.success(who.key());
    }
}
