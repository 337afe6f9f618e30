package org.parley.signaling.protocol;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every message type on the wire, with the direction it travels. See docs/protocol.md. */
public enum MessageType {
    HELLO("hello", Direction.CLIENT),
    JOIN("join", Direction.CLIENT),
    RESUME("resume", Direction.CLIENT),
    LEAVE("leave", Direction.CLIENT),
    CALL_START("call-start", Direction.CLIENT),
    CALL_JOIN("call-join", Direction.CLIENT),
    CALL_DECLINE("call-decline", Direction.CLIENT),
    CALL_LEAVE("call-leave", Direction.CLIENT),
    MEDIA_STATE("media-state", Direction.CLIENT),
    ADMIT("admit", Direction.CLIENT),
    DENY("deny", Direction.CLIENT),
    ROOM_SETTINGS("room-settings", Direction.CLIENT),
    REMOVE("remove", Direction.CLIENT),
    CHAT("chat", Direction.BOTH),
    SIGNAL("signal", Direction.BOTH),
    PING("ping", Direction.BOTH),
    PONG("pong", Direction.BOTH),
    WELCOME("welcome", Direction.SERVER),
    JOINED("joined", Direction.SERVER),
    PEER_JOINED("peer-joined", Direction.SERVER),
    PEER_LEFT("peer-left", Direction.SERVER),
    CALL_RING("call-ring", Direction.SERVER),
    CALL_STATE("call-state", Direction.SERVER),
    CALL_DECLINED("call-declined", Direction.SERVER),
    PEER_MEDIA("peer-media", Direction.SERVER),
    KNOCKING("knocking", Direction.SERVER),
    KNOCK("knock", Direction.SERVER),
    KNOCK_ENDED("knock-ended", Direction.SERVER),
    ROOM_STATE("room-state", Direction.SERVER),
    ERROR("error", Direction.SERVER);

    public enum Direction { CLIENT, SERVER, BOTH }

    private static final Map<String, MessageType> BY_WIRE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(MessageType::wire, Function.identity()));

    private final String wire;
    private final Direction direction;

    MessageType(String wire, Direction direction) {
        this.wire = wire;
        this.direction = direction;
    }

    public String wire() {
        return wire;
    }

    public boolean sentByClient() {
        return direction != Direction.SERVER;
    }

    public boolean sentByServer() {
        return direction != Direction.CLIENT;
    }

    public static Optional<MessageType> fromWire(String wire) {
        return Optional.ofNullable(BY_WIRE.get(wire));
    }
}
