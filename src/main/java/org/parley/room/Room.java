package org.parley.room;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.parley.signaling.protocol.CallKind;
import org.parley.signaling.protocol.Codec;
import org.parley.signaling.protocol.ErrorCode;
import org.parley.signaling.protocol.ServerMessage;
import org.parley.signaling.protocol.ServerMessage.CallDeclined;
import org.parley.signaling.protocol.ServerMessage.CallRing;
import org.parley.signaling.protocol.ServerMessage.CallState;
import org.parley.signaling.protocol.ServerMessage.Joined;
import org.parley.signaling.protocol.ServerMessage.PeerInfo;
import org.parley.signaling.protocol.ServerMessage.PeerJoined;
import org.parley.signaling.protocol.ServerMessage.PeerLeft;
import org.parley.signaling.protocol.ServerMessage.PeerMedia;
import org.parley.signaling.protocol.ServerMessage.Signal;

/**
 * One room: who is present and the call inside it. Every change happens under the room's own
 * lock, and every message a change causes is queued to members before the lock is released, so
 * each member sees the room's events in the order they happened.
 */
public final class Room {
    private final String name;
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Participant> participants = new LinkedHashMap<>();
    private Call call;
    /** Set once, when the registry drops the room; a closed room accepts nobody. */
    private boolean closed;

    private static final class Participant {
        final Member member;
        final String name;
        boolean audio = true;
        boolean video = true;

        Participant(Member member, String name) {
            this.member = member;
            this.name = name;
        }

        PeerInfo info() {
            return new PeerInfo(member.id(), name, audio, video);
        }
    }

    Room(String name, int capacity) {
        this.name = name;
        this.capacity = capacity;
    }

    public String name() {
        return name;
    }

    /** Adds a member; false when the room was closed meanwhile and the caller must look it up again. */
    boolean join(Member member, String displayName) throws RoomException {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            if (participants.size() >= capacity) {
                throw new RoomException(ErrorCode.ROOM_FULL);
            }
            List<PeerInfo> present = participants.values().stream().map(Participant::info).toList();
            Participant p = new Participant(member, RoomNames.displayName(displayName));
            broadcast(new PeerJoined(p.info()));
            participants.put(member.id(), p);
            send(p, new Joined(name, member.id(), present, call == null ? null : call.info()));
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Removes a member (and from the call); returns true when the room is now empty. */
    boolean leave(String id) {
        lock.lock();
        try {
            if (participants.remove(id) == null) {
                return participants.isEmpty();
            }
            removeFromCall(id);
            broadcast(new PeerLeft(id));
            return participants.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    public void startCall(String id, CallKind kind) throws RoomException {
        lock.lock();
        try {
            Participant caller = present(id);
            if (call != null) {
                joinCallLocked(id, kind == CallKind.AUDIO);
                return;
            }
            call = new Call(kind, id);
            call.add(id, kind == CallKind.AUDIO);
            CallRing ring = new CallRing(id, caller.name, kind);
            String encoded = Codec.encode(ring);
            participants.values().stream().filter(p -> !p.member.id().equals(id))
                    .forEach(p -> p.member.deliver(encoded));
            broadcast(new CallState(call.info()));
        } finally {
            lock.unlock();
        }
    }

    public void joinCall(String id, boolean audioOnly) throws RoomException {
        lock.lock();
        try {
            present(id);
            joinCallLocked(id, audioOnly);
        } finally {
            lock.unlock();
        }
    }

    public void declineCall(String id) throws RoomException {
        lock.lock();
        try {
            Participant p = present(id);
            if (call == null || call.has(id)) {
                throw new RoomException(ErrorCode.NO_CALL);
            }
            call.decline(id);
            String encoded = Codec.encode(new CallDeclined(id, p.name));
            for (String memberId : call.memberIds()) {
                participants.get(memberId).member.deliver(encoded);
            }
            // Like a phone: when everyone else said no, the caller is not left ringing alone.
            if (call.declinedByAll(participants.keySet())) {
                call = null;
                broadcast(new CallState(null));
            }
        } finally {
            lock.unlock();
        }
    }

    public void leaveCall(String id) throws RoomException {
        lock.lock();
        try {
            present(id);
            if (call == null || !call.has(id)) {
                throw new RoomException(ErrorCode.NO_CALL);
            }
            removeFromCall(id);
        } finally {
            lock.unlock();
        }
    }

    public void mediaState(String id, boolean audio, boolean video) throws RoomException {
        lock.lock();
        try {
            Participant p = present(id);
            p.audio = audio;
            p.video = video;
            String encoded = Codec.encode(new PeerMedia(id, audio, video));
            participants.values().stream().filter(o -> o != p).forEach(o -> o.member.deliver(encoded));
        } finally {
            lock.unlock();
        }
    }

    /** Relays a signal between two people present in this room, stamping the sender. */
    public void relay(String from, String to, ObjectNode data) throws RoomException {
        lock.lock();
        try {
            present(from);
            Participant target = participants.get(to);
            if (target == null || to.equals(from)) {
                throw new RoomException(ErrorCode.PEER_NOT_FOUND);
            }
            send(target, new Signal(from, data));
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return participants.size();
        } finally {
            lock.unlock();
        }
    }

    /** Marks the room closed if nobody is in it; the registry drops it only then. */
    boolean closeIfEmpty() {
        lock.lock();
        try {
            if (participants.isEmpty()) {
                closed = true;
                call = null;
            }
            return closed;
        } finally {
            lock.unlock();
        }
    }

    private void joinCallLocked(String id, boolean audioOnly) throws RoomException {
        if (call == null) {
            throw new RoomException(ErrorCode.NO_CALL);
        }
        call.add(id, audioOnly || call.kind == CallKind.AUDIO);
        broadcast(new CallState(call.info()));
    }

    private void removeFromCall(String id) {
        if (call == null || !call.remove(id)) {
            return;
        }
        if (call.isEmpty()) {
            call = null;
        }
        broadcast(new CallState(call == null ? null : call.info()));
    }

    private Participant present(String id) throws RoomException {
        Participant p = participants.get(id);
        if (p == null) {
            throw new RoomException(ErrorCode.NOT_IN_ROOM);
        }
        return p;
    }

    /** Serializes once and queues to everyone present. */
    private void broadcast(ServerMessage message) {
        if (participants.isEmpty()) {
            return;
        }
        String encoded = Codec.encode(message);
        for (Participant p : new ArrayList<>(participants.values())) {
            p.member.deliver(encoded);
        }
    }

    private static void send(Participant p, ServerMessage message) {
        p.member.deliver(Codec.encode(message));
    }
}
