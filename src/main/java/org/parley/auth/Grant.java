package org.parley.auth;

/**
 * What a verified token opens: one room (its {@code room} claim, normalized), or every room when
 * the claim is {@code "*"}. Only an every-room token may make new numeric rooms.
 */
public record Grant(String room) {
    /** The {@code room} claim value that opens every room. */
    public static final String ANY_ROOM = "*";

    public boolean anyRoom() {
        return room.equals(ANY_ROOM);
    }

    /** Whether this token opens the room with this (normalized) name. */
    public boolean opens(String normalizedRoom) {
        return anyRoom() || room.equals(normalizedRoom);
    }
}
