package org.parley.room;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.parley.signaling.protocol.CallKind;
import org.parley.signaling.protocol.Codec;
import org.parley.signaling.protocol.ErrorCode;
import org.parley.signaling.protocol.ServerMessage;
import org.parley.signaling.protocol.ServerMessage.CallDeclined;
import org.parley.signaling.protocol.ServerMessage.CallRing;
import org.parley.signaling.protocol.ServerMessage.CallState;
import org.parley.signaling.protocol.ServerMessage.Joined;
import org.parley.signaling.protocol.ServerMessage.Knock;
import org.parley.signaling.protocol.ServerMessage.KnockEnded;
import org.parley.signaling.protocol.ServerMessage.Knocker;
import org.parley.signaling.protocol.ServerMessage.Knocking;
import org.parley.signaling.protocol.ServerMessage.RoomState;
import org.parley.signaling.protocol.ServerMessage.PeerInfo;
import org.parley.signaling.protocol.ServerMessage.PeerJoined;
import org.parley.signaling.protocol.ServerMessage.PeerLeft;
import org.parley.signaling.protocol.ServerMessage.PeerMedia;
import org.parley.signaling.protocol.ServerMessage.Signal;

/**
 * One room: who is present, who is knocking, and the call inside it. Every change happens under
 * the room's own lock, and every message a change causes is queued to members before the lock is
 * released, so each member sees the room's events in the order they happened.
 *
 * <p>Entry: the room key (from the link) lets you straight in; without it you knock and someone
 * inside admits or denies you. The host (the first person in, then the longest present) can open
 * the room to anyone with the code, lock it, and remove people.
 */
public final class Room {
    /** How a join went. */
    public enum Entry { INSIDE, KNOCKING }

    private final String name;
    private final int capacity;
    private final String key;
    /** The standing key of a named room, or null for a numeric room. */
    private final String standingKey;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Participant> participants = new LinkedHashMap<>();
    private final Map<String, Waiting> door = new LinkedHashMap<>();
    private Call call;
    private String host;
    private boolean open;
    private boolean locked;
    /** Set once, when the registry drops the room; a closed room accepts nobody. */
    private boolean closed;

    private static final class Participant {
        final Member member;
        final String name;
        boolean audio = true;
        boolean video = true;
        boolean recording;

        Participant(Member member, String name) {
            this.member = member;
            this.name = name;
        }

        PeerInfo info() {
            return new PeerInfo(member.id(), name, audio, video, recording);
        }
    }

    private record Waiting(Member member, String name) {
        Knocker info() {
            return new Knocker(member.id(), name);
        }
    }

    /** Told of every change in activity, under the room's lock: it must not block or call back. */
    private final java.util.function.Consumer<RoomActivity> observer;
    private volatile RoomActivity lastActivity;

    Room(String name, int capacity, String key, String standingKey, java.util.function.Consumer<RoomActivity> observer) {
        this.name = name;
        this.capacity = capacity;
        this.key = key;
        this.standingKey = standingKey;
        this.observer = observer;
        this.lastActivity = new RoomActivity(name, 0, 0, false);
    }

    public String name() {
        return name;
    }

    /** The latest presence and call size, as last told to watchers. */
    public RoomActivity activity() {
        return lastActivity;
    }

    /**
     * Whether a call is running, read under the lock: unlike {@link #activity()}, never behind a
     * change whose messages are already out (a drain must not end a call its members were just told of).
     */
    public boolean callRunning() {
        lock.lock();
        try {
            return call != null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Lets a member in (right key, open room, or an empty named room) or puts them at the door.
     * Returns null when the room was closed meanwhile and the caller must look it up again.
     *
     * @param mayKnock false when the caller's address has no failed attempts left: then only the
     *                 right key gets in, and anything else is refused without knocking
     */
    Entry join(Member member, String displayName, String givenKey, boolean mayKnock) throws RoomException {
        lock.lock();
        try {
            if (closed) {
                return null;
            }
            boolean keyed = RoomKeys.same(key, givenKey) || RoomKeys.same(standingKey, givenKey);
            // Nobody to protect in an empty named room: entering it is the same as recreating it.
            boolean emptyNamed = standingKey != null && participants.isEmpty();
            if (locked) {
                throw new RoomException(ErrorCode.ROOM_LOCKED);
            }
            if (participants.size() >= capacity) {
                throw new RoomException(ErrorCode.ROOM_FULL);
            }
            String cleanName = RoomNames.displayName(displayName);
            if (keyed || open || emptyNamed) {
                enter(member, cleanName);
                return Entry.INSIDE;
            }
            if (!mayKnock) {
                throw new RoomException(ErrorCode.TOO_MANY_ATTEMPTS);
            }
            Waiting w = new Waiting(member, cleanName);
            door.put(member.id(), w);
            member.moved(this, Member.Place.AT_DOOR);
            member.deliver(Codec.encode(new Knocking(participants.size())));
            broadcast(new Knock(w.info()));
            return Entry.KNOCKING;
        } finally {
            observe();
            lock.unlock();
        }
    }

    /**
     * A member whose socket dropped comes back on a new one (signaling's resume): under the
     * lock, {@code takeOver} moves the member onto the new socket (and writes what it missed),
     * then the member gets the same {@code joined} snapshot as on entry, followed by the knocks.
     * The others see nothing: for them the member never left.
     *
     * @param takeOver false when the member's session ended meanwhile
     */
    public void resume(Member member, BooleanSupplier takeOver) throws RoomException {
        locked(() -> {
            Participant p = participants.get(member.id());
            if (p == null || p.member != member || !takeOver.getAsBoolean()) {
                throw new RoomException(ErrorCode.RESUME_FAILED);
            }
            List<PeerInfo> others = participants.values().stream().filter(o -> o != p).map(Participant::info).toList();
            send(p, new Joined(name, member.id(), others, call == null ? null : call.info(), key, host, open, locked));
            for (Waiting w : door.values()) {
                send(p, new Knock(w.info()));
            }
        });
    }

    /** The ids of the people inside, in the order they entered. */
    public List<String> memberIds() {
        lock.lock();
        try {
            return List.copyOf(participants.keySet());
        } finally {
            lock.unlock();
        }
    }

    /** Someone inside lets a knocker in. */
    public void admit(String by, String knocker) throws RoomException {
        locked(() -> {
            Waiting w = answerKnock(by, knocker);
            if (participants.size() >= capacity) {
                refuse(w, ErrorCode.ROOM_FULL);
                return;
            }
            broadcast(new KnockEnded(knocker, true));
            enter(w.member, w.name);
        });
    }

    /** Someone inside turns a knocker away. */
    public void deny(String by, String knocker) throws RoomException {
        locked(() -> {
            refuse(answerKnock(by, knocker), ErrorCode.KNOCK_DENIED);
        });
    }

    /** The host opens the room to anyone with the code, or locks it; null leaves a setting as is. */
    public void settings(String by, Boolean newOpen, Boolean newLocked) throws RoomException {
        locked(() -> {
            requireHost(by);
            if (newOpen != null) {
                open = newOpen;
            }
            if (newLocked != null) {
                locked = newLocked;
            }
            broadcast(new RoomState(host, open, locked));
        });
    }

    /** The host removes someone; they are told and are out of the room and its call. */
    public void remove(String by, String target) throws RoomException {
        locked(() -> {
            requireHost(by);
            Participant p = participants.get(target);
            if (p == null || target.equals(by)) {
                throw new RoomException(ErrorCode.PEER_NOT_FOUND);
            }
            p.member.deliver(Codec.encode(ServerMessage.Error.of(ErrorCode.REMOVED,
                    ErrorCode.REMOVED.defaultMessage(), null)));
            p.member.moved(this, Member.Place.OUT);
            leave(target);
        });
    }

    /** Removes a member or a knocker (and from the call); returns true when nobody is inside. */
    boolean leave(String id) {
        lock.lock();
        try {
            if (door.remove(id) != null) {
                broadcast(new KnockEnded(id, false));
                return participants.isEmpty();
            }
            if (participants.remove(id) == null) {
                return participants.isEmpty();
            }
            removeFromCall(id);
            broadcast(new PeerLeft(id));
            if (id.equals(host)) {
                host = participants.isEmpty() ? null : participants.keySet().iterator().next();
                broadcast(new RoomState(host, open, locked));
            }
            return participants.isEmpty();
        } finally {
            observe();
            lock.unlock();
        }
    }

    public void startCall(String id, CallKind kind) throws RoomException {
        locked(() -> {
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
        });
    }

    public void joinCall(String id, boolean audioOnly) throws RoomException {
        locked(() -> {
            present(id);
            joinCallLocked(id, audioOnly);
        });
    }

    public void declineCall(String id) throws RoomException {
        locked(() -> {
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
        });
    }

    public void leaveCall(String id) throws RoomException {
        locked(() -> {
            present(id);
            if (call == null || !call.has(id)) {
                throw new RoomException(ErrorCode.NO_CALL);
            }
            removeFromCall(id);
        });
    }

    public void mediaState(String id, boolean audio, boolean video, boolean recording) throws RoomException {
        locked(() -> {
            Participant p = present(id);
            p.audio = audio;
            p.video = video;
            p.recording = recording;
            String encoded = Codec.encode(new PeerMedia(id, audio, video, recording));
            participants.values().stream().filter(o -> o != p).forEach(o -> o.member.deliver(encoded));
        });
    }

    /** Sends a chat line to everyone inside, the sender included, so all see one order. */
    public void chat(String from, String text, long at) throws RoomException {
        locked(() -> {
            Participant p = present(from);
            broadcast(new ServerMessage.Chat(from, p.name, text, at));
        });
    }

    /** Relays a signal between two people present in this room, stamping the sender. */
    public void relay(String from, String to, String data) throws RoomException {
        locked(() -> {
            present(from);
            Participant target = participants.get(to);
            if (target == null || to.equals(from)) {
                throw new RoomException(ErrorCode.PEER_NOT_FOUND);
            }
            send(target, new Signal(from, data));
        });
    }

    /** Marks the room closed if nobody is in it (knockers are sent away); the registry drops it then. */
    boolean closeIfEmpty() {
        lock.lock();
        try {
            if (participants.isEmpty()) {
                closed = true;
                call = null;
                for (Waiting w : List.copyOf(door.values())) {
                    door.remove(w.member.id());
                    refuse(w, ErrorCode.ROOM_NOT_FOUND);
                }
            }
            return closed;
        } finally {
            observe();
            lock.unlock();
        }
    }

    /** A change of room state that may be refused. */
    @FunctionalInterface
    private interface Change {
        void run() throws RoomException;
    }

    /** Runs a change under the room's lock: the one way state changes, so every change is ordered. */
    private void locked(Change change) throws RoomException {
        lock.lock();
        try {
            change.run();
        } finally {
            observe();
            lock.unlock();
        }
    }

    /** Tells the observer when presence or call size changed; called with the lock held. */
    private void observe() {
        RoomActivity now = new RoomActivity(name, participants.size(), call == null ? 0 : call.size(), closed);
        if (!now.equals(lastActivity)) {
            lastActivity = now;
            observer.accept(now);
        }
    }

    /**
     * Someone invited from outside the room (a Telegram user pressing Decline) declines: everyone
     * present hears it, and a call nobody else can answer stops ringing.
     */
    public void declineFromOutside(String displayName) throws RoomException {
        locked(() -> {
            broadcast(new CallDeclined(null, RoomNames.displayName(displayName)));
            // Like a phone: a caller alone in the room is not left ringing after the answer "no".
            if (call != null && call.size() == 1 && participants.keySet().stream().allMatch(call::has)) {
                call = null;
                broadcast(new CallState(null));
            }
        });
    }

    private void enter(Member member, String displayName) {
        List<PeerInfo> present = participants.values().stream().map(Participant::info).toList();
        Participant p = new Participant(member, displayName);
        broadcast(new PeerJoined(p.info()));
        participants.put(member.id(), p);
        if (host == null) {
            host = member.id();
        }
        member.moved(this, Member.Place.INSIDE);
        send(p, new Joined(name, member.id(), present, call == null ? null : call.info(), key, host, open, locked));
        for (Waiting w : door.values()) {
            send(p, new Knock(w.info()));
        }
    }

    /** Takes a knocker off the door for someone inside to answer. */
    private Waiting answerKnock(String by, String knocker) throws RoomException {
        present(by);
        Waiting w = door.remove(knocker);
        if (w == null) {
            throw new RoomException(ErrorCode.PEER_NOT_FOUND);
        }
        return w;
    }

    private void refuse(Waiting w, ErrorCode why) {
        w.member.deliver(Codec.encode(ServerMessage.Error.of(why, why.defaultMessage(), null)));
        w.member.moved(this, Member.Place.OUT);
        broadcast(new KnockEnded(w.member.id(), false));
    }

    private void requireHost(String id) throws RoomException {
        present(id);
        if (!id.equals(host)) {
            throw new RoomException(ErrorCode.NOT_HOST);
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
