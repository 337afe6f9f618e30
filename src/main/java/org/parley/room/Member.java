package org.parley.room;

/**
 * Someone in a room, as the room sees them: an id and a way to hand them an encoded message.
 * {@link #deliver} must not block: the room calls it while holding its lock.
 */
public interface Member {
    String id();

    /** Queues one encoded server message for this member. */
    void deliver(String encoded);
}
