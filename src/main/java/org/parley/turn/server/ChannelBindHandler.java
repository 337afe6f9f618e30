package org.parley.turn.server;

import org.parley.limits.Refusal;
import org.parley.limits.Refusals;
import org.parley.turn.server.proto.ChannelData;
import org.parley.turn.server.proto.ChannelNumber;
import org.parley.turn.server.proto.ErrorCodeAttribute;
import org.parley.turn.server.proto.XorPeerAddress;

/** ChannelBind (RFC 8656 §11): binds a channel number to a peer address and refreshes its permission. */
final class ChannelBindHandler implements MethodHandler {
    private final AllocationGate gate;
    private final PeerPolicy policy;

    ChannelBindHandler(AllocationGate gate, PeerPolicy policy) {
        this.gate = gate;
        this.policy = policy;
    }

    @Override
    public byte[] handle(Request r) {
        AllocationGate.Passed p = gate.check(r);
        if (!p.ok()) {
            return p.rejection();
        }
        var number = r.message().attribute(ChannelNumber.class);
        var peer = r.message().attribute(XorPeerAddress.class);
        if (number.isEmpty() || peer.isEmpty() || !ChannelData.validChannel(number.get().number())) {
            return r.error(p.key(), ErrorCodeAttribute.BAD_REQUEST, "Bad CHANNEL-NUMBER or XOR-PEER-ADDRESS");
        }
        if (!policy.permits(peer.get().address())) {
            Refusals.record(Refusal.TURN_PEER_FORBIDDEN);
            return r.error(p.key(), ErrorCodeAttribute.FORBIDDEN, "Forbidden");
        }
        if (!p.allocation().bind(number.get().number(), peer.get().address(), System.nanoTime())) {
            return r.error(p.key(), ErrorCodeAttribute.BAD_REQUEST, "Channel or peer already bound");
        }
        return r.success(p.key());
    }
}
