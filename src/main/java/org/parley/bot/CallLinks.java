package org.parley.bot;

import org.parley.room.RoomException;
import org.parley.room.RoomNames;
import org.parley.room.Rooms;

/** Makes rooms and their links for the bot, the same way the app's "New room" and the CLI do. */
final class CallLinks {
    /** A room and the link that enters it directly. */
    record Link(String room, String code, String url) {
    }

    private final Rooms rooms;
    private final String baseUrl;

    CallLinks(Rooms rooms, String baseUrl) {
        this.rooms = rooms;
        this.baseUrl = baseUrl;
    }

    /** A fresh numeric room, like the landing page's "New room". */
    Link fresh() throws RoomException {
        Rooms.Created c = rooms.create();
        return new Link(c.code(), c.code(), baseUrl + "/?room=" + c.code() + "#" + c.key());
    }

    /** A named room's standing link; {@link RoomException} (bad-room) for a name that is not one. */
    Link named(String rawName) throws RoomException {
        String key = rooms.standingKey(rawName);
        String name = RoomNames.normalize(rawName).orElseThrow();
        return new Link(name, name, baseUrl + "/?room=" + name + "#" + key);
    }
}
