package org.parley.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.parley.room.RoomException;
import org.parley.signaling.protocol.Codec;
import org.parley.signaling.protocol.ErrorCode;

/** The optional body of {@code POST /api/rooms}: nothing (a fresh numeric room) or {@code {"name": "…"}}. */
final class RoomRequest {
    private RoomRequest() {}

    /** The requested room name, or null for a fresh numeric room. */
    static String name(String body) throws RoomException {
        if (body == null || body.isBlank()) {
            return null;
        }
        JsonNode json;
        try {
            json = Codec.mapper().readTree(body);
        } catch (Exception e) {
            throw new RoomException(ErrorCode.BAD_JSON);
        }
        if (!(json != null && json.isObject())) {
            throw new RoomException(ErrorCode.BAD_JSON);
        }
        JsonNode name = json.get("name");
        if (name == null || name.isNull()) {
            return null;
        }
        if (!name.isTextual()) {
            throw new RoomException(ErrorCode.BAD_MESSAGE, "Field 'name' must be a room name");
        }
        return name.textValue();
    }
}
