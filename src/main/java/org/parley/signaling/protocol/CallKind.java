package org.parley.signaling.protocol;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

public enum CallKind {
    VIDEO("video"),
    AUDIO("audio");

    private final String wire;

    CallKind(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public static Optional<CallKind> fromWire(String wire) {
        for (CallKind k : values()) {
            if (k.wire.equals(wire)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
