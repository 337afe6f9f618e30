package org.parley.signaling;

import java.time.Duration;
import org.parley.config.Config;

/** The per-connection limits, taken from the configuration once. */
record SignalingLimits(int maxMessageBytes, double ratePerSecond, int rateBurst, int outboxLimit,
                       Duration pingInterval, Duration pingTimeout, int roomCapacity, long maxFileBytes,
                       Duration resumeWindow, Duration frameTimeout) {
    static SignalingLimits of(Config c) {
        return new SignalingLimits(c.maxMessageBytes(), c.ratePerSecond(), c.rateBurst(), c.outboxLimit(),
                c.pingInterval(), c.pingTimeout(), c.roomCapacity(), c.maxFileBytes(), c.resumeWindow(),
                c.caps().frameTimeout());
    }
}
