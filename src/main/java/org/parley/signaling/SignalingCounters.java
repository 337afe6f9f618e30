package org.parley.signaling;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.parley.signaling.protocol.ErrorCode;
import org.parley.signaling.protocol.MessageType;

/**
 * Process-wide counts of signaling traffic for {@code /metrics}: messages received by type and
 * errors sent by code. Counting is a lock-free add; nothing here knows how metrics are exported.
 */
public final class SignalingCounters {
    private static final Map<MessageType, LongAdder> RECEIVED = new EnumMap<>(MessageType.class);
    private static final Map<ErrorCode, LongAdder> ERRORS = new EnumMap<>(ErrorCode.class);

    static {
        for (MessageType t : MessageType.values()) {
            RECEIVED.put(t, new LongAdder());
        }
        for (ErrorCode c : ErrorCode.values()) {
            ERRORS.put(c, new LongAdder());
        }
    }

    private SignalingCounters() {
    }

    static void received(MessageType type) {
        RECEIVED.get(type).increment();
    }

    static void error(ErrorCode code) {
        ERRORS.get(code).increment();
    }

    public static long receivedCount(MessageType type) {
        return RECEIVED.get(type).sum();
    }

    public static long errors(ErrorCode code) {
        return ERRORS.get(code).sum();
    }
}
