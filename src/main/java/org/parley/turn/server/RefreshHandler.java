package org.parley.turn.server;

import org.parley.turn.server.proto.ErrorCodeAttribute;
import org.parley.turn.server.proto.Lifetime;

/** Refresh (RFC 8656 §7.3): extends an allocation, or with LIFETIME 0 deletes it. */
final class RefreshHandler implements MethodHandler {
    private final Authenticator auth;
    private final Allocations allocations;

    RefreshHandler(Authenticator auth, Allocations allocations) {
        this.auth = auth;
        this.allocations = allocations;
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
        var requested = r.message().attribute(Lifetime.class);
        if (requested.isPresent() && requested.get().seconds() == 0) {
            allocations.remove(a);
            return r.success(who.key(), new Lifetime(0));
        }
        long seconds = Lifetimes.grant(requested);
        a.expiresAt(Lifetimes.expiry(seconds, System.nanoTime()));
        return r.success(who.key(), new Lifetime(seconds));
    }
}
