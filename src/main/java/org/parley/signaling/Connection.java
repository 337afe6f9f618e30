package org.parley.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.parley.auth.Access;
import org.parley.limits.Refusal;
import org.parley.limits.Refusals;
import org.parley.room.AttemptLimiter;
import org.parley.room.Room;
import org.parley.room.RoomException;
import org.parley.room.Rooms;
import org.parley.signaling.protocol.ClientMessage;
import org.parley.signaling.protocol.Codec;
import org.parley.signaling.protocol.CloseCode;
import org.parley.signaling.protocol.ErrorCode;
import org.parley.signaling.protocol.MessageType;
import org.parley.signaling.protocol.ProtocolException;
import org.parley.signaling.protocol.ServerMessage;
import org.parley.signaling.websocket.WebSocket;
import org.parley.room.Member.Place;
import org.parley.turn.IceServers;

/**
 * One signaling socket. Its messages arrive one at a time; the monitor only orders them
 * against the close callback and the heartbeat, which run on other threads. The peer behind the
 * socket is a {@link PeerSession}: created by {@code hello}, or taken over from a dropped socket
 * by {@code resume}.
 */
final class Connection {
    /** Refused entries that count as failed attempts. */
    private static final java.util.Set<ErrorCode> CHARGED = java.util.EnumSet.of(ErrorCode.ROOM_NOT_FOUND,
            ErrorCode.ROOM_LOCKED, ErrorCode.AUTH_REQUIRED, ErrorCode.AUTH_INVALID, ErrorCode.AUTH_EXPIRED,
            ErrorCode.AUTH_WRONG_ROOM);
    private final WebSocket socket;
    private final SignalingLimits limits;
    private final Rooms rooms;
    private final IceServers iceServers;
    private final Sessions sessions;
    private final RateLimiter limiter;
    private final AttemptLimiter attempts;
    private final Access access;
    /** The client's address: only ever a key of the attempt limiter, never logged. */
    private final String address;
    private volatile long lastSeenNanos;
    private volatile long lastPingNanos;
    private volatile long lastSentNanos;
    /** Null until {@code hello}; replaced once by a successful {@code resume}. */
    private PeerSession session;
    /**
     * Whether losing this socket keeps the peer's place for the resume window. Cleared when the
     * end is deliberate: the client closed normally (1000, 1001) or the server closed the
     * socket for a fault of the client's (an error with a close code, overflow).
     */
    private volatile boolean keepPlace = true;
    /** The server started the closing handshake: the status the client then reports is only its echo. */
    private volatile boolean closing;
    private boolean closed;

    Connection(WebSocket socket, String address, SignalingLimits limits, Rooms rooms, AttemptLimiter attempts,
               Access access, IceServers iceServers, Sessions sessions) {
        this.access = access;
        this.address = address;
        this.limits = limits;
        this.rooms = rooms;
        this.attempts = attempts;
        this.iceServers = iceServers;
        this.sessions = sessions;
        this.socket = socket;
        long now = System.nanoTime();
        this.limiter = new RateLimiter(limits.ratePerSecond(), limits.rateBurst(), now);
        this.lastSeenNanos = now;
        // The first ping comes one to two intervals after the socket opened (never before the
        // handshake), at a random point: sockets opened together (everyone reconnecting after a
        // restart) are not all pinged in the same sweep, a burst in front of live traffic.
        this.lastPingNanos = now + java.util.concurrent.ThreadLocalRandom.current()
                .nextLong(Math.max(1, limits.pingInterval().toNanos()));
        this.lastSentNanos = now;
    }

    /** Queues an encoded frame (from this connection's session, under its lock). */
    void write(String encoded) {
        lastSentNanos = System.nanoTime();
        socket.send(encoded);
    }

    void send(ServerMessage message) {
        write(Codec.encode(message));
    }

    /**
     * Closes the socket after what is queued. A heartbeat timeout (a client that went quiet,
     * maybe a network that went away) and a shutdown keep the peer's place, so a server going
     * down tells nobody that the others left (their calls go on); any other server close is final.
     */
    void close(CloseCode code, String reason) {
        closing = true;
        if (code != CloseCode.HEARTBEAT_TIMEOUT && code != CloseCode.GOING_AWAY) {
            keepPlace = false;
        }
        socket.close(code.code(), reason);
    }

    synchronized void onText(String text) {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        lastSeenNanos = now;
        try {
            if (tooBig(text)) {
                throw new ProtocolException(ErrorCode.MESSAGE_TOO_BIG, null);
            }
            if (!limiter.tryAcquire(now)) {
                throw new ProtocolException(ErrorCode.RATE_LIMITED, null);
            }
            handle(Codec.parse(text));
        } catch (ProtocolException e) {
            SignalingErrors.reply(this, e.code(), e.getMessage(), e.ref());
        } catch (RoomException e) {
            SignalingErrors.reply(this, e.code(), e.getMessage(), null);
        } catch (RuntimeException e) {
            SignalingErrors.internal(this, e);
        }
    }

    synchronized void onBinary() {
        lastSeenNanos = System.nanoTime();
        SignalingErrors.reply(this, ErrorCode.BAD_JSON, "Binary frames are not supported", null);
    }

    /**
     * A ping or pong frame: a sign of life, and one more message against the rate limit, so a
     * client cannot make the server answer pings without end. False once over the limit.
     */
    synchronized boolean onControl() {
        if (closed || closing) {
            return false;
        }
        long now = System.nanoTime();
        lastSeenNanos = now;
        if (limiter.tryAcquire(now)) {
            return true;
        }
        SignalingErrors.reply(this, ErrorCode.RATE_LIMITED, ErrorCode.RATE_LIMITED.defaultMessage(), null);
        return false;
    }

    /**
     * The socket layer is failing the connection for broken framing: the error to send before
     * its close. A fault of the client's ends its place, except an overloaded server (1013).
     */
    String lastWord(int status) {
        ErrorCode code = switch (status) {
            case 1007 -> ErrorCode.BAD_TEXT;
            case 1009 -> ErrorCode.MESSAGE_TOO_BIG;
            case 1013 -> ErrorCode.SERVER_BUSY;
            default -> ErrorCode.BAD_FRAME;
        };
        closing = true;
        if (code != ErrorCode.SERVER_BUSY) {
            keepPlace = false;
        }
        SignalingCounters.error(code);
        return Codec.encode(ServerMessage.Error.of(code, code.defaultMessage(), null));
    }

    /**
     * The socket is gone (closed by either side, dropped, or overflowed). Jetty may report that
     * on any thread, including one inside a room operation that holds the room's lock (a send
     * that fails there closes the socket), so the cleanup runs on a thread of its own and takes
     * the locks in the one order used everywhere: this connection, then its room.
     *
     * @param status the close code the client sent, or 1006 when the socket just died
     */
    void onClosed(int status) {
        if (!closing && (status == CloseCode.NORMAL.code() || status == CloseCode.GOING_AWAY.code())) {
            keepPlace = false;
        }
        Thread.ofVirtual().name("parley-leave").start(this::cleanUp);
    }

    private synchronized void cleanUp() {
        if (closed) {
            return;
        }
        closed = true;
        PeerSession s = session;
        if (s == null) {
            return;
        }
        boolean resumable = keepPlace && !socket.overflowed() && s.place() == Place.INSIDE
                && limits.resumeWindow().isPositive();
        if (resumable && s.goAway(this)) {
            return; // the room keeps the peer; Sessions ends it when the window closes
        }
        if (s.endFrom(this)) {
            sessions.release(s);
        }
    }

    /**
     * Called by the heartbeat sweep; never blocks. A ping is due once per interval, and skipped
     * while frames flow both ways: the client is plainly alive and its own silence timer is fed.
     */
    void heartbeat(long now) {
        long interval = limits.pingInterval().toNanos();
        if (socket.stalled(now, limits.frameTimeout().toNanos())) {
            // Started a frame and stopped sending it: whatever it holds is given back at once.
            Refusals.record(Refusal.WS_STALLED);
            keepPlace = false;
            closing = true;
            socket.abort();
        } else if (now - lastSeenNanos > limits.pingTimeout().toNanos()) {
            close(CloseCode.HEARTBEAT_TIMEOUT, "heartbeat-timeout");
        } else if (now - lastPingNanos >= interval && (now - lastSeenNanos >= interval || now - lastSentNanos >= interval)) {
            lastPingNanos = now;
            send(new ServerMessage.Ping());
        }
    }

    private boolean tooBig(String text) {
        int max = limits.maxMessageBytes();
        if (text.length() > max) {
            return true;
        }
        // A char is at most 3 UTF-8 bytes; count exactly only when that bound is above the limit.
        return (long) text.length() * 3 > max && text.getBytes(StandardCharsets.UTF_8).length > max;
    }

    private void handle(Codec.Frame frame) throws ProtocolException, RoomException {
        SignalingCounters.received(frame.type());
        if (session == null) {
            if (frame.type() != MessageType.HELLO) {
                throw new ProtocolException(ErrorCode.HANDSHAKE_REQUIRED, frame.type().wire());
            }
            hello((ClientMessage.Hello) Codec.decode(frame));
            return;
        }
        if (!session.speaksThrough(this)) {
            return; // a newer socket resumed this peer; this one is being closed
        }
        String id = session.id();
        JsonNode from = frame.body().get("from");
        if (from != null && !(from.isTextual() && from.textValue().equals(id))) {
            throw new ProtocolException(ErrorCode.SPOOFED_SENDER, frame.type().wire());
        }
        switch (Codec.decode(frame)) {
            case ClientMessage.Hello h -> throw new ProtocolException(ErrorCode.HANDSHAKE_REQUIRED, "hello");
            case ClientMessage.Ping p -> send(new ServerMessage.Pong());
            case ClientMessage.Pong p -> { }
            case ClientMessage.Join j -> join(j);
            case ClientMessage.Resume r -> resume(r);
            case ClientMessage.Leave l -> {
                if (session.room() == null) {
                    throw new RoomException(ErrorCode.NOT_IN_ROOM);
                }
                leaveRoom();
            }
            case ClientMessage.CallStart c -> inside().startCall(id, c.kind());
            case ClientMessage.CallJoin c -> inside().joinCall(id, c.audioOnly());
            case ClientMessage.CallDecline c -> inside().declineCall(id);
            case ClientMessage.CallLeave c -> inside().leaveCall(id);
            case ClientMessage.MediaState m -> inside().mediaState(id, m.audio(), m.video(), m.recording());
            case ClientMessage.Signal s -> inside().relay(id, s.to(), s.data());
            case ClientMessage.Admit a -> inside().admit(id, a.peer());
            case ClientMessage.Deny d -> inside().deny(id, d.peer());
            case ClientMessage.RoomSettings r -> inside().settings(id, r.open(), r.locked());
            case ClientMessage.Remove r -> inside().remove(id, r.peer());
            case ClientMessage.Chat c -> inside().chat(id, c.text(), System.currentTimeMillis());
        }
    }

    private void hello(ClientMessage.Hello hello) throws ProtocolException {
        if (hello.version() != Codec.VERSION) {
            throw new ProtocolException(ErrorCode.UNSUPPORTED_VERSION,
                    "Protocol version " + hello.version() + " is not supported; this server speaks "
                            + Codec.VERSION, "hello");
        }
        session = sessions.create(this);
        // Under --auth join the relay is for token holders: the page asks /api/ice-servers with its token.
        var ice = access.relayNeedsToken() ? iceServers.withoutCredentials() : iceServers.forSession();
        send(new ServerMessage.Welcome(Codec.VERSION, session.id(), ice,
                limits.pingInterval().toMillis(), limits.maxMessageBytes(), limits.roomCapacity(),
                limits.maxFileBytes(), session.token(), limits.resumeWindow().toMillis()));
    }

    /**
     * Enters or knocks; anything short of entering with a valid key (a knock, an unknown or locked
     * room, a token refused) costs the address one attempt, and so does making a named room (as
     * {@code POST /api/rooms} does for numeric ones): otherwise one socket could fill the server
     * with rooms, and an address out of attempts could still make them.
     */
    private void join(ClientMessage.Join join) throws RoomException {
        if (session.room() != null) {
            throw new RoomException(ErrorCode.ALREADY_IN_ROOM);
        }
        try {
            Rooms.CreateCheck allowed = access.join(join.room(), join.token());
            Rooms.CreateCheck create = () -> {
                allowed.check();
                if (!attempts.charge(address)) {
                    throw new RoomException(ErrorCode.TOO_MANY_ATTEMPTS);
                }
            };
            if (rooms.join(join.room(), session, join.name(), join.key(), attempts.mayFail(address), create)
                    == Room.Entry.KNOCKING) {
                attempts.failed(address);
            }
        } catch (RoomException e) {
            if (CHARGED.contains(e.code())) {
                attempts.failed(address);
            } else if (e.code() == ErrorCode.TOO_MANY_ATTEMPTS) {
                Refusals.record(Refusal.LOCKED_OUT);
            }
            throw e;
        }
    }

    /**
     * Takes over the place of a peer whose socket dropped: that peer's queued messages, then
     * {@code joined} with its id. The session this socket got from {@code hello} is dropped. A
     * wrong token looks exactly like an expired session, so it tells nothing about other peers.
     */
    private void resume(ClientMessage.Resume resume) throws RoomException {
        PeerSession fresh = session;
        if (fresh.room() != null) {
            throw new RoomException(ErrorCode.ALREADY_IN_ROOM);
        }
        PeerSession old = sessions.find(resume.peer(), resume.token());
        Room room = old == null || old == fresh ? null : old.room();
        if (room == null || old.place() != Place.INSIDE) {
            throw new RoomException(ErrorCode.RESUME_FAILED);
        }
        Connection[] previous = new Connection[1];
        room.resume(old, () -> old.attach(this, c -> previous[0] = c));
        session = old;
        if (fresh.endFrom(this)) {
            sessions.release(fresh);
        }
        if (previous[0] != null) {
            previous[0].close(CloseCode.NORMAL, "resumed");
        }
    }

    private Room inside() throws RoomException {
        Room r = session.room();
        if (r == null || session.place() != Place.INSIDE) {
            throw new RoomException(ErrorCode.NOT_IN_ROOM);
        }
        return r;
    }

    private void leaveRoom() {
        Room r = session.room();
        if (r != null) {
            rooms.leave(r, session.id());
            session.moved(r, Place.OUT);
        }
    }
}
