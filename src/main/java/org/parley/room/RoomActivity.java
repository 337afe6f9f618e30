package org.parley.room;

/**
 * How busy a room is, for watchers outside the room (the Telegram bot's status messages): who is
 * present and who is in the call. Carries no names or ids.
 */
public record RoomActivity(String room, int present, int inCall, boolean closed) {
}
