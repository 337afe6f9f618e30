package org.parley.signaling;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One sweep over all connections instead of a timer per socket: pings the ones due and closes
 * the ones silent past the timeout. The sweep runs twenty times per interval, so a ping goes out
 * at most a twentieth of an interval late, a dead socket is closed at most that long after its
 * timeout, and each sweep pings only the few sockets whose (random) turn it is.
 */
final class Heartbeat implements AutoCloseable {
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final ScheduledFuture<?> task;

    Heartbeat(ScheduledExecutorService scheduler, Duration interval) {
        long period = Math.max(5, interval.toMillis() / 20);
        task = scheduler.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    void add(Connection c) {
        connections.add(c);
    }

    void remove(Connection c) {
        connections.remove(c);
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Connection c : connections) {
            c.heartbeat(now);
        }
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}
