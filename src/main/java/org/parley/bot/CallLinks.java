package org.parley.bot;

import java.time.Duration;
import org.parley.auth.TokenMinter;
import org.parley.room.RoomException;
import org.parley.room.RoomNames;
import org.parley.room.Rooms;

/**
 * Makes rooms and their links for the bot, the same way the app's "New room" and the CLI do. With
 * access control on, each link also carries a token for its room, minted here
 * ({@code #KEY&token=JWT}: the fragment keeps both out of access logs).
 */
final class CallLinks {
    /**
     * A link posted in a chat is usually opened within hours; a leaked one should not open the
     * room tomorrow. A later /call mints a fresh one.
     */
    static final Duration TOKEN_TTL = Duration.ofHours(6);

    /** A room and the link that enters it directly. */
    record Link(String room, String code, String url) {
    }

    private final Rooms rooms;
    private final String baseUrl;
    private final TokenMinter minter;

    /** {@code minter}: null when access control is off (links carry no token). */
    CallLinks(Rooms rooms, String baseUrl, TokenMinter minter) {
        this.rooms = rooms;
        this.baseUrl = baseUrl;
        this.minter = minter;
    }

    /** A fresh numeric room, like the landing page's "New room". */
    Link fresh() throws RoomException {
        Rooms.Created c = rooms.create();
        return new Link(c.code(), c.code(), url(c.code(), c.key()));
    }

    /** A named room's standing link; {@link RoomException} (bad-room) for a name that is not one. */
    Link named(String rawName) throws RoomException {
        String key = rooms.standingKey(rawName);
        String name = RoomNames.normalize(rawName).orElseThrow();
        return new Link(name, name, url(name, key));
    }

    private String url(String room, String key) {
        String url = baseUrl + "/?room=" + room + "#" + key;
        return minter == null ? url : url + "&token=" + minter.mint(room, TOKEN_TTL);
    }
}
