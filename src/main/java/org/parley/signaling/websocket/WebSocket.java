package org.parley.signaling.websocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server-side WebSocket (RFC 6455) on a Jetty endpoint that an HTTP/1.1 upgrade handed over.
 * Signaling needs text messages, close and nothing else, so this is all of it: no extensions, no
 * subprotocols, no per-socket buffers while idle (the read buffer is borrowed from Jetty's pool
 * for each read), and one bounded writer.
 *
 * <p><b>Reading</b> happens on one thread at a time (Jetty re-arms interest after each read);
 * every message is handed to the {@link Listener} on that thread, in order. The socket is
 * non-blocking in Jetty's sense: its reads run on the selector thread that saw the data, with no
 * hand-off to another thread, so the listener must not block (signaling only takes short locks;
 * anything slow, such as the bot's Telegram calls, runs on threads of its own).
 *
 * <p><b>Writing</b>: at most one write in flight; what is queued meanwhile goes out in the next
 * gathering write. At most {@code limit} messages wait: a client that cannot keep up overflows
 * the queue and is dropped instead of making the server buffer without bound. A close is queued
 * behind the messages before it, so an error reply always reaches the client before the close.
 * Sends come from room operations that hold the room's lock; nothing here waits for another lock.
 */
public final class WebSocket extends AbstractConnection.NonBlocking implements Connection.UpgradeTo, FrameReader.Sink {
    /** What the application hears from a socket. */
    public interface Listener {
        void onText(String text);

        void onBinary();

        /** Once, when the socket is gone: the status of the client's close frame, or 1006 without one. */
        void onClosed(int status);
    }

    /** RFC 6455 §7.1.5: the status reported for a socket that ended without a close frame. */
    private static final int ABNORMAL = 1006;
    private static final Logger LOG = LoggerFactory.getLogger(WebSocket.class);
    private static final int READ_BUFFER = 8192;
    /** How long the client has to answer our close frame before the TCP connection is cut. */
    private static final long CLOSE_WAIT_MILLIS = 5_000;

    private record CloseFrame(int status, String reason, boolean thenDrop) {}

    private record Pong(byte[] payload) {}

    private final ByteBufferPool pool;
    private final FrameReader reader;
    private final int limit;
    private final Function<WebSocket, Listener> opener;
    private Listener listener;
    private ByteBuffer prefilled;
    /** Cleared once a close frame came in or the client broke the protocol: nothing more is read. */
    private boolean reading = true;

    // Writer state, guarded by the monitor of this socket.
    private final ArrayDeque<Object> queue = new ArrayDeque<>(4);
    private boolean writing;
    private boolean closing;
    private boolean closeSent;
    private boolean closeReceived;
    private volatile boolean overflowed;
    private volatile int status = ABNORMAL;
    private boolean notified;

    WebSocket(EndPoint endPoint, Executor executor, ByteBufferPool pool, int maxMessageBytes, int limit,
              Function<WebSocket, Listener> opener) {
        super(endPoint, executor);
        this.pool = pool;
        this.limit = limit;
        this.opener = opener;
        this.reader = new FrameReader(this, maxMessageBytes);
    }

    /** Queues a text message; false when the socket is closing or just overflowed. */
    public boolean send(String text) {
        synchronized (this) {
            if (closing) {
                return false;
            }
            if (queue.size() < limit) {
                queue.add(text);
                flush();
                return true;
            }
            closing = true;
            overflowed = true;
            queue.clear();
        }
        // A close frame would queue behind the stuck data: cut the connection (off the caller's locks).
        Thread.ofVirtual().name("parley-overflow").start(() -> getEndPoint().close());
        return false;
    }

    /** Whether the client was dropped for not reading fast enough. */
    public boolean overflowed() {
        return overflowed;
    }

    /** Queues a close frame after everything already queued; later sends are dropped. */
    public void close(int status, String reason) {
        enqueueClose(new CloseFrame(status, reason, false));
    }

    private synchronized void enqueueClose(CloseFrame frame) {
        if (closing) {
            return;
        }
        closing = true;
        queue.add(frame);
        flush();
    }

    /** Starts the next gathering write unless one is in flight. Called with the monitor held. */
    private void flush() {
        if (writing || queue.isEmpty()) {
            return;
        }
        List<ByteBuffer> out = new ArrayList<>(queue.size() * 2);
        CloseFrame close = null;
        Object next;
        while ((next = queue.poll()) != null) {
            if (next instanceof CloseFrame c) {
                close = c;
                out.add(c.status() == FrameReader.NO_STATUS
                        ? Frames.header(FrameReader.OP_CLOSE, 0) : Frames.close(c.status(), c.reason()));
                queue.clear();
                break;
            }
            if (next instanceof Pong(byte[] payload)) {
                out.add(Frames.header(FrameReader.OP_PONG, payload.length));
                out.add(ByteBuffer.wrap(payload));
                continue;
            }
            byte[] payload = ((String) next).getBytes(StandardCharsets.UTF_8);
            out.add(Frames.header(FrameReader.OP_TEXT, payload.length));
            out.add(ByteBuffer.wrap(payload));
        }
        writing = true;
        CloseFrame sent = close;
        getEndPoint().write(Callback.from(() -> written(sent), this::writeFailed), out.toArray(ByteBuffer[]::new));
    }

    private void written(CloseFrame close) {
        boolean drop = false;
        synchronized (this) {
            writing = false;
            if (close == null) {
                flush();
                return;
            }
            closeSent = true;
            drop = closeReceived || close.thenDrop();
        }
        if (drop) {
            getEndPoint().close();
        } else {
            getEndPoint().setIdleTimeout(CLOSE_WAIT_MILLIS); // §7.1.1: the client should close TCP first
        }
    }

    private void writeFailed(Throwable failure) {
        synchronized (this) {
            closing = true;
            writing = false;
            queue.clear();
        }
        getEndPoint().close(failure);
    }

    @Override
    public void onUpgradeTo(ByteBuffer buffer) {
        if (BufferUtil.hasContent(buffer)) {
            prefilled = BufferUtil.copy(buffer);
        }
    }

    @Override
    public void onOpen() {
        super.onOpen();
        listener = opener.apply(this);
        ByteBuffer early = prefilled;
        prefilled = null;
        if (early != null && !consume(early)) {
            return;
        }
        fillInterested();
    }

    @Override
    public void onFillable() {
        RetainableByteBuffer buffer = pool.acquire(READ_BUFFER, true);
        try {
            ByteBuffer b = buffer.getByteBuffer();
            while (reading) {
                BufferUtil.clear(b);
                int n = getEndPoint().fill(b);
                if (n == 0) {
                    fillInterested();
                    return;
                }
                if (n < 0) {
                    getEndPoint().close(); // TCP closed without a close frame
                    return;
                }
                if (!consume(b)) {
                    return;
                }
            }
        } catch (IOException e) {
            getEndPoint().close(e);
        } finally {
            buffer.release();
        }
    }

    /** Feeds the frame reader; false once reading is over (a close frame, a protocol error). */
    private boolean consume(ByteBuffer bytes) {
        try {
            reader.feed(bytes);
        } catch (FrameException e) {
            reading = false;
            status = e.status();
            enqueueClose(new CloseFrame(e.status(), e.getMessage(), true)); // §7.1.7: fail the connection
        } catch (RuntimeException e) {
            LOG.error("WebSocket listener fault", e);
            reading = false;
            enqueueClose(new CloseFrame(1011, "internal", true));
        }
        return reading;
    }

    @Override
    public void textMessage(String text) {
        listener.onText(text);
    }

    @Override
    public void binaryMessage() {
        listener.onBinary();
    }

    @Override
    public synchronized void pingFrame(byte[] payload) {
        if (!closing) {
            queue.add(new Pong(payload)); // §5.5.2: answered with the same payload
            flush();
        }
    }

    /** The client's close frame (§5.5.1): answered with the same status, then TCP is closed. */
    @Override
    public void closeFrame(int status, String reason) {
        reading = false;
        this.status = status;
        boolean drop;
        synchronized (this) {
            closeReceived = true;
            drop = closeSent;
        }
        if (drop) {
            getEndPoint().close();
        } else {
            enqueueClose(new CloseFrame(status, "", true));
        }
    }

    @Override
    public void onClose(Throwable cause) {
        super.onClose(cause);
        Listener l;
        synchronized (this) {
            closing = true;
            queue.clear();
            l = notified ? null : listener;
            notified = true;
        }
        if (l != null) {
            l.onClosed(status);
        }
    }
}
