package org.parley.turn.server;

import org.parley.turn.server.proto.ChannelData;
import org.parley.turn.server.proto.ChannelNumber;
import org.parley.turn.server.proto.ErrorCodeAttribute;
import org.parley.turn.server.proto.XorPeerAddress;

/** ChannelBind (RFC 8656 §11): binds a channel number to a peer address and refreshes its permission. */
final class ChannelBindHandler implements MethodHandler {
    private final Authenticator auth;
    private final Allocations allocations;
    private final PeerPolicy policy;

    ChannelBindHandler(Authenticator auth, Allocations allocations, PeerPolicy policy) {
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
        var number = r.message().attribute(ChannelNumber.class);
        var peer = r.message().attribute(XorPeerAddress.class);
        if (number.isEmpty() || peer.isEmpty() || !ChannelData.validChannel(number.get().number())) {
            return r.error(who.key(), ErrorCodeAttribute.BAD_REQUEST, "Bad CHANNEL-NUMBER or XOR-PEER-ADDRESS");
        }
        if (!policy.permits(peer.get().address())) {
            return r.error(who.key(), ErrorCodeAttribute.FORBIDDEN, "Forbidden");
        }
        if (!a.bind(number.get().number(), peer.get().address(), System.nanoTime())) {
            return r.error(who.key(), ErrorCodeAttribute.BAD_REQUEST, "Channel or peer already bound");
        }
        return r.success(who.key());
    }
}
