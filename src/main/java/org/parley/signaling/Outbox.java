package org.parley.signaling;

import java.util.ArrayDeque;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.parley.signaling.protocol.CloseCode;

/**
 * The bounded writer of one socket: at most one frame in flight, at most {@code limit} waiting.
 * A client that cannot keep up overflows the queue and is disconnected instead of making the
 * server buffer without bound. A close request is queued behind the frames before it, so an
 * error reply always reaches the client before the close.
 *
 * <p>Offers come from room operations that hold the room's lock; nothing here waits for another
 * lock, and the only potentially slow call on that path (dropping an overflowing socket) runs on
 * a thread of its own.
 */
final class Outbox {
    private record CloseRequest(CloseCode code, String reason) {}

    private final Session session;
    private final int limit;
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private boolean writing;
    private boolean closing;
    /** Set when the client could not keep up and was dropped for it. */
    private volatile boolean overflowed;

    Outbox(Session session, int limit) {
        this.session = session;
        this.limit = limit;
    }

    /** Queues a text frame; false when the outbox is closing or just overflowed. */
    boolean offer(String text) {
        synchronized (this) {
            if (closing) {
                return false;
            }
            if (queue.size() >= limit) {
                closing = true;
                overflowed = true;
                queue.clear();
            } else {
                queue.add(text);
                if (!writing) {
                    writing = true;
                    writeNext();
                }
                return true;
            }
        }
        Thread.ofVirtual().name("parley-overflow").start(this::overflow);
        return false;
    }

    /** Whether the client was dropped for not reading fast enough. */
    boolean overflowed() {
        return overflowed;
    }

    /** Queues a close after everything already queued; later offers are dropped. */
    void close(CloseCode code, String reason) {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
            queue.add(new CloseRequest(code, reason));
            if (!writing) {
                writing = true;
                writeNext();
            }
        }
    }

    /** The socket is not being read: a close frame would queue behind the stuck data, so drop it. */
    private void overflow() {
        session.close(CloseCode.SLOW_CONSUMER.code(), "slow-consumer", Callback.NOOP);
        session.disconnect();
    }

    /** Called with the monitor held; Jetty may complete the callback on this thread or another. */
    private void writeNext() {
        Object next = queue.poll();
        if (next == null) {
            writing = false;
            return;
        }
        if (next instanceof CloseRequest(CloseCode code, String reason)) {
            queue.clear();
            session.close(code.code(), reason, Callback.NOOP);
            return;
        }
        session.sendText((String) next, Callback.from(this::written, failure -> failed()));
    }

    private void written() {
        synchronized (this) {
            writeNext();
        }
    }

    private void failed() {
        synchronized (this) {
            closing = true;
            queue.clear();
            writing = false;
        }
    }
}
