package org.parley.turn.server;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.parley.limits.Refusal;
import org.parley.limits.Refusals;
import org.parley.turn.server.proto.DontFragment;
import org.parley.turn.server.proto.ErrorCodeAttribute;
import org.parley.turn.server.proto.EvenPort;
import org.parley.turn.server.proto.Lifetime;
import org.parley.turn.server.proto.RequestedAddressFamily;
import org.parley.turn.server.proto.RequestedTransport;
import org.parley.turn.server.proto.ReservationToken;
import org.parley.turn.server.proto.XorMappedAddress;
import org.parley.turn.server.proto.XorRelayedAddress;

/** Allocate (RFC 8656 §7.2): checks in the RFC's order, then a UDP relay port for this 5-tuple. */
final class AllocateHandler implements MethodHandler {
    private final Authenticator auth;
    private final Allocations allocations;
    private final int relayFamily;

    AllocateHandler(Authenticator auth, Allocations allocations, InetAddress relayAdvertised) {
        this.auth = auth;
        this.allocations = allocations;
        this.relayFamily = relayAdvertised instanceof Inet6Address
                ? RequestedAddressFamily.IPV6 : RequestedAddressFamily.IPV4;
    }

    @Override
    public byte[] handle(Request r) {
        Authenticator.Result who = auth.check(r, true);
        if (!who.accepted()) {
            return who.rejection();
        }
        byte[] key = who.key();
        var m = r.message();
        Allocation existing = allocations.get(r.link());
        if (existing != null) {
            byte[] again = existing.replyToRetransmission(m.transactionId());
            return again != null ? again
                    : r.error(key, ErrorCodeAttribute.ALLOCATION_MISMATCH, "Allocation Mismatch");
        }
        var transport = m.attribute(RequestedTransport.class);
        if (transport.isEmpty()) {
            return r.error(key, ErrorCodeAttribute.BAD_REQUEST, "REQUESTED-TRANSPORT missing");
        }
        if (transport.get().protocol() != RequestedTransport.UDP) {
            return r.error(key, ErrorCodeAttribute.UNSUPPORTED_TRANSPORT, "Unsupported Transport Protocol");
        }
        var evenPort = m.attribute(EvenPort.class);
        if (m.attribute(ReservationToken.class).isPresent() || evenPort.map(EvenPort::reserveNext).orElse(false)) {
            // Port reservations (RFC 8656 §7.2 steps 4-6) are not offered: nothing in WebRTC asks for them.
            return r.error(key, ErrorCodeAttribute.INSUFFICIENT_CAPACITY, "Reservations Not Offered");
        }
        var family = m.attribute(RequestedAddressFamily.class);
        if (family.isPresent() && family.get().family() != relayFamily) {
            return r.error(key, ErrorCodeAttribute.ADDRESS_FAMILY_NOT_SUPPORTED, "Address Family not Supported");
        }
        long seconds = Lifetimes.grant(m.attribute(Lifetime.class));
        long now = System.nanoTime();
        Allocations.Outcome made = allocations.create(r.link(), who.username(), key, evenPort.isPresent(),
                m.attribute(DontFragment.class).isPresent(), Lifetimes.expiry(seconds, now));
        if (made.refusal() == Allocations.Refusal.QUOTA) {
            return r.error(key, ErrorCodeAttribute.ALLOCATION_QUOTA_REACHED, "Allocation Quota Reached");
        }
        if (made.refusal() == Allocations.Refusal.PER_ADDRESS) {
            Refusals.record(Refusal.TURN_ALLOCATIONS_PER_ADDRESS);
            return r.error(key, ErrorCodeAttribute.ALLOCATION_QUOTA_REACHED, "Allocation Quota Reached");
        }
        if (made.refusal() == Allocations.Refusal.NO_PORT) {
            return r.error(key, ErrorCodeAttribute.INSUFFICIENT_CAPACITY, "Insufficient Capacity");
        }
        Allocation a = made.allocation();
        byte[] reply = r.success(key, new XorRelayedAddress(a.relayAddress), new Lifetime(seconds),
                new XorMappedAddress(r.link().remote()));
        a.remember(m.transactionId(), reply);
        return reply;
    }
}
