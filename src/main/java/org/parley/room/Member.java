package org.parley.room;

/**
 * Someone in a room or at its door, as the room sees them: an id and a way to hand them an
 * encoded message. The room calls both methods while holding its lock, so they must not block.
 */
public interface Member {
    /** Where a member stands with respect to one room. */
    enum Place { INSIDE, AT_DOOR, OUT }

    String id();

    /** Queues one encoded server message for this member. */
    void deliver(String encoded);

    /** The room moved this member: let in, knocking, or out (left, denied, removed, room gone). */
    void moved(Room room, Place place);
}
