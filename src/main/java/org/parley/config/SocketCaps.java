package org.parley.config;

import java.time.Duration;

/**
 * What one client may cost the signaling side, beyond the per-message limits: sockets per
 * address, bytes queued per socket, bytes of messages in flight in the whole process, and how
 * long a frame may take to arrive.
 */
public record SocketCaps(int perAddress, long outboxBytes, long messageMemory, Duration frameTimeout) {
    public SocketCaps {
        require(perAddress >= 1, "max-sockets-per-address", "must be at least 1");
        require(outboxBytes >= 1024, "outbox-bytes", "must be at least 1024");
        require(messageMemory >= 1 << 20, "message-memory", "must be at least 1 MiB (1048576)");
        require(frameTimeout.toMillis() >= 100, "frame-timeout", "must be at least 100ms");
    }

    private static void require(boolean ok, String key, String problem) {
        if (!ok) {
            throw new ConfigException(key, problem);
        }
    }
}
