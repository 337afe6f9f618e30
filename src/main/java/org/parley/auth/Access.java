package org.parley.auth;

import java.time.Clock;
import org.parley.config.AuthSettings;
import org.parley.room.RoomException;
import org.parley.room.RoomNames;
import org.parley.room.Rooms;
import org.parley.signaling.protocol.ErrorCode;

/**
 * The access rules, in one place for signaling and the REST API. A token opens the room its
 * {@code room} claim names, and may make that room if it is a named one; a {@code "*"} token
 * opens every room and may make numeric ones. With {@code --auth create} only making a room needs
 * a token (a named room is made by its first visitor); with {@code --auth join} every entry does.
 */
public final class Access {
    private final AuthSettings.Mode mode;
    private final TokenVerifier verifier;

    private Access(AuthSettings.Mode mode, TokenVerifier verifier) {
        this.mode = mode;
        this.verifier = verifier;
    }

    /** Open access: no token is ever asked for. */
    public static Access open() {
        return new Access(AuthSettings.Mode.NONE, null);
    }

    public static Access of(AuthSettings settings, Clock clock) {
        return settings.enabled() ? new Access(settings.mode(), TokenVerifier.of(settings, clock)) : open();
    }

    public boolean enabled() {
        return mode != AuthSettings.Mode.NONE;
    }

    /**
     * Before a {@code join}: with {@code --auth join} the token must open this room, else the join
     * is refused here. Returns what the room asks if the join would make a named room.
     */
    public Rooms.CreateCheck join(String rawRoom, String token) throws RoomException {
        return switch (mode) {
            case NONE -> Rooms.CreateCheck.ALLOWED;
            case JOIN -> {
                require(rawRoom, token);
                yield Rooms.CreateCheck.ALLOWED;
            }
            case CREATE -> () -> require(rawRoom, token);
        };
    }

    /**
     * With {@code --auth join}, relaying costs what entering does: TURN credentials go only to
     * the holder of a token that opens some room (so the relay is not free bandwidth for anyone
     * who can reach the server). With {@code none} or {@code create} they are handed out freely.
     */
    public boolean relayNeedsToken() {
        return mode == AuthSettings.Mode.JOIN;
    }

    /** Returns when {@code token} may have TURN credentials; throws the refusal otherwise. */
    public void relay(String token) throws RoomException {
        if (relayNeedsToken()) {
            grant(token);
        }
    }

    /** Before {@code POST /api/rooms}: a numeric room needs a "*" token, a named one a token that opens it. */
    public void create(String token, String rawName) throws RoomException {
        if (mode == AuthSettings.Mode.NONE) {
            return;
        }
        Grant grant = grant(token);
        if (rawName == null ? !grant.anyRoom() : !grant.opens(RoomNames.normalize(rawName).orElse(""))) {
            throw new RoomException(ErrorCode.AUTH_WRONG_ROOM);
        }
    }

    private void require(String rawRoom, String token) throws RoomException {
        if (!grant(token).opens(RoomNames.normalize(rawRoom).orElse(""))) {
            throw new RoomException(ErrorCode.AUTH_WRONG_ROOM);
        }
    }

    private Grant grant(String token) throws RoomException {
        try {
            return verifier.verify(token);
        } catch (AuthException e) {
            throw new RoomException(e.code(), e.code().defaultMessage() + ": " + e.getMessage());
        }
    }
}
