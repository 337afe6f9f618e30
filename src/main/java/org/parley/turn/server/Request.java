package org.parley.turn.server;

import java.util.ArrayList;
import java.util.List;
import org.parley.turn.server.proto.ErrorCodeAttribute;
import org.parley.turn.server.proto.Software;
import org.parley.turn.server.proto.StunAttribute;
import org.parley.turn.server.proto.StunMessage;

/** One decoded STUN request or indication with the bytes it came in (integrity is checked on those). */
record Request(StunMessage message, byte[] raw, int length, ClientLink link) {
    static final Software SOFTWARE = new Software("Parley");

    byte[] success(byte[] key, StunAttribute... attrs) {
        List<StunAttribute> all = new ArrayList<>(List.of(attrs));
        all.add(SOFTWARE);
        return message.respond(StunMessage.MessageClass.SUCCESS, all).encode(key);
    }

    /** An error reply, signed when the request was authenticated (RFC 8489 §9.2.4). */
    byte[] error(byte[] key, int code, String reason, StunAttribute... extra) {
        List<StunAttribute> all = new ArrayList<>();
        all.add(new ErrorCodeAttribute(code, reason));
        all.addAll(List.of(extra));
        all.add(SOFTWARE);
        return message.respond(StunMessage.MessageClass.ERROR, all).encode(key);
    }
}
