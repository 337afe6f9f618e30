package org.parley.bot;

import com.pengrad.telegrambot.model.User;
import java.util.function.Consumer;
import org.parley.room.RoomActivity;

/**
 * "/call @bob" (or /call in reply to Bob): the message rings Bob with Join and Decline until he
 * joins (a second person in the room), declines, or the ring timeout turns it into a missed call.
 * Only the person called may decline: by username when named with @, by user id when replied to.
 */
final class Ring implements Consumer<RoomActivity> {
    enum State { RINGING, ANSWERED, DECLINED, MISSED }

    final String room;
    final String caller;
    final String callee;
    private final String calleeUsername;
    private final Long calleeId;
    final String language;
    final StatusMessage message;
    private State state = State.RINGING;

    Ring(String room, String caller, String callee, String calleeUsername, Long calleeId, String language,
         StatusMessage message) {
        this.room = room;
        this.caller = caller;
        this.callee = callee;
        this.calleeUsername = calleeUsername;
        this.calleeId = calleeId;
        this.language = language;
        this.message = message;
    }

    boolean isCallee(User u) {
        if (u == null) {
            return false;
        }
        if (calleeId != null) {
            return calleeId.equals(u.id());
        }
        return calleeUsername != null && calleeUsername.equalsIgnoreCase(u.username());
    }

    /** A second person in the room is the callee answering. */
    @Override
    public synchronized void accept(RoomActivity a) {
        if (state == State.RINGING && a.present() >= 2) {
            state = State.ANSWERED;
        }
    }

    /** Moves from ringing to {@code to}; false when the ring already ended otherwise. */
    synchronized boolean end(State to) {
        if (state != State.RINGING) {
            return false;
        }
        state = to;
        return true;
    }
}
