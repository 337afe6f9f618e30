package org.parley.turn.server;

import org.parley.turn.server.proto.ErrorCodeAttribute;

/**
 * The checks every request on an existing allocation starts with (RFC 8656 §5): the credential,
 * then this 5-tuple's allocation (437), then the same credential that made it (441).
 */
final class AllocationGate {
    /** The allocation and the key to sign replies with, or the rejection to send. */
    record Passed(Allocation allocation, byte[] key, byte[] rejection) {
        boolean ok() {
            return rejection == null;
        }
    }

    private final Authenticator auth;
    private final Allocations allocations;

    AllocationGate(Authenticator auth, Allocations allocations) {
        this.auth = auth;
        this.allocations = allocations;
    }

    Passed check(Request r) {
        Authenticator.Result who = auth.check(r, false);
        if (!who.accepted()) {
            return new Passed(null, null, who.rejection());
        }
        Allocation a = allocations.get(r.link());
        if (a == null) {
            return new Passed(null, null, r.error(who.key(), ErrorCodeAttribute.ALLOCATION_MISMATCH, "Allocation Mismatch"));
        }
        if (!a.username.equals(who.username())) {
            return new Passed(null, null, r.error(who.key(), ErrorCodeAttribute.WRONG_CREDENTIALS, "Wrong Credentials"));
        }
        return new Passed(a, who.key(), null);
    }
}
