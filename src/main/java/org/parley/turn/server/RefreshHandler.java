package org.parley.turn.server;

import org.parley.turn.server.proto.Lifetime;

/** Refresh (RFC 8656 §7.3): extends an allocation, or with LIFETIME 0 deletes it. */
final class RefreshHandler implements MethodHandler {
    private final AllocationGate gate;
    private final Allocations allocations;

    RefreshHandler(AllocationGate gate, Allocations allocations) {
        this.gate = gate;
        this.allocations = allocations;
    }

    @Override
    public byte[] handle(Request r) {
        AllocationGate.Passed p = gate.check(r);
        if (!p.ok()) {
            return p.rejection();
        }
        var requested = r.message().attribute(Lifetime.class);
        if (requested.isPresent() && requested.get().seconds() == 0) {
            allocations.remove(p.allocation());
            return r.success(p.key(), new Lifetime(0));
        }
        long seconds = Lifetimes.grant(requested);
        p.allocation().expiresAt(Lifetimes.expiry(seconds, System.nanoTime()));
        return r.success(p.key(), new Lifetime(seconds));
    }
}
