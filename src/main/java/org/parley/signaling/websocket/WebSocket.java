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
import org.parley.limits.MemoryBudget;
import org.parley.limits.Refusal;
import org.parley.limits.Refusals;
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
 * gathering write. What waits (queued and in flight) is bounded twice, by {@code limit} messages
 * and by {@code maxBytes}, and its bytes are reserved from the process-wide {@link MemoryBudget}:
 * a client that cannot keep up overflows and is dropped instead of making the server buffer
 * without bound. A socket with nothing waiting always takes the next message, so a client that
 * reads is never dropped for what others left unread; when the budget is spent, a socket that
 * already has a backlog is the one dropped. Control frames are bounded too: at most one pong
 * waits (§5.5.3 lets a server answer only the latest ping), and every ping or pong the client
 * sends is reported to the listener, which counts it against the client's rate limit. A close is
 * queued behind the messages before it, so an error reply always reaches the client before the
 * close. Sends come from room operations that hold the room's lock; nothing here waits for
 * another lock.
 */
public final class WebSocket extends AbstractConnection.NonBlocking implements Connection.UpgradeTo, FrameReader.Sink {
    /** What the application hears from a socket. */
    public interface Listener {
        void onText(String text);

        void onBinary();

        /** A ping or pong from the client; false when it was one too many (the listener closes the socket). */
        boolean onControl();

        /**
         * The client broke the framing and the socket is about to close with {@code status}
         * (1002, 1007, 1009, 1013): the text to send first (the application's error message), or null.
         */
        String lastWord(int status, String reason);

        /** Once, when the socket is gone: the status of the client's close frame, or 1006 without one. */
        void onClosed(int status);
    }

    /** RFC 6455 §7.1.5: the status reported for a socket that ended without a close frame. */
    private static final int ABNORMAL = 1006;
    private static final Logger LOG = LoggerFactory.getLogger(WebSocket.class);
    private static final int READ_BUFFER = 8192;
    /**
     * How long the client has to answer our close frame before the TCP connection is cut: an
     * absolute deadline, so a client that keeps sending other frames cannot stretch it.
     */
    private static final long CLOSE_WAIT_MILLIS = 5_000;
    /**
     * Reads per wake-up before the socket goes back to the selector: a client sending without
     * pause must not keep the selector thread, and the other sockets it serves, to itself.
     */
    private static final int READS_PER_TURN = 8;

    private record CloseFrame(int status, String reason, boolean thenDrop) {}

    private final ByteBufferPool pool;
    private final FrameReader reader;
    private final int limit;
    private final long maxBytes;
    private final MemoryBudget budget;
    private final Function<WebSocket, Listener> opener;
    private Listener listener;
    private ByteBuffer prefilled;
    /** Cleared once a close frame came in or the client broke the protocol: nothing more is read. */
    private boolean reading = true;

    // Writer state, guarded by the monitor of this socket.
    private final ArrayDeque<Object> queue = new ArrayDeque<>(4);
    /** The payload of the latest ping not yet answered: one at most, whatever the client sends. */
    private byte[] pendingPong;
    /** Bytes of text queued or in flight, all reserved from {@link #budget}. */
    private long waitingBytes;
    /** Bytes of the write in flight, given back when it completes. */
    private long inFlightBytes;
    private boolean writing;
    /** Set once the socket is gone and every byte it held went back to the budget. */
    private boolean released;
    private boolean closing;
    private boolean closeSent;
    private boolean closeReceived;
    private volatile boolean overflowed;
    private volatile int status = ABNORMAL;
    /** When our close frame went out ({@link System#nanoTime}), or 0 before. */
    private volatile long closeSentNanos;
    private boolean notified;

    WebSocket(EndPoint endPoint, Executor executor, ByteBufferPool pool, WebSocketUpgrade.Bounds bounds,
              Function<WebSocket, Listener> opener) {
        super(endPoint, executor);
        this.pool = pool;
        this.limit = bounds.queueLimit();
        this.maxBytes = bounds.queueBytes();
        this.budget = bounds.budget();
        this.opener = opener;
        this.reader = new FrameReader(this, bounds.maxMessageBytes(), budget);
    }

    /** Queues a text message; false when the socket is closing or just overflowed. */
    public boolean send(String text) {
        long size = text.length();
        synchronized (this) {
            if (closing || released) {
                return false;
            }
            if (waitingBytes == 0) {
                budget.force(size); // a socket with nothing waiting always takes one message
            } else if (queue.size() >= limit || waitingBytes + size > maxBytes || !budget.tryReserveQueued(size)) {
                overflow();
                return false;
            }
            waitingBytes += size;
            queue.add(text);
            flush();
            return true;
        }
    }

    /** The client does not read: everything waiting is dropped, and so is the connection. Monitor held. */
    private void overflow() {
        closing = true;
        overflowed = true;
        discardQueue();
        Refusals.record(Refusal.WS_SLOW_READER);
        // A close frame would queue behind the stuck data: cut the connection (off the caller's locks).
        Thread.ofVirtual().name("parley-overflow").start(() -> getEndPoint().close());
    }

    /** Empties the queue and gives back what it held (not the write in flight: its callback does). Monitor held. */
    private void discardQueue() {
        queue.clear();
        pendingPong = null;
        if (!released) {
            budget.release(waitingBytes - inFlightBytes);
            waitingBytes = inFlightBytes;
        }
    }

    /**
     * Cuts the connection without a closing handshake: for a client that stalls in the middle of
     * a frame, whom a close frame would not reach any sooner.
     */
    public void abort() {
        synchronized (this) {
            closing = true;
            discardQueue();
        }
        getEndPoint().close();
    }

    /** Whether a frame began more than {@code timeoutNanos} before {@code now} and has not yet arrived whole. */
    public boolean stalled(long now, long timeoutNanos) {
        long started = reader.startedNanos();
        return started != 0 && now - started > timeoutNanos;
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
        if (writing || (queue.isEmpty() && pendingPong == null)) {
            return;
        }
        List<ByteBuffer> out = new ArrayList<>(queue.size() * 2 + 2);
        if (pendingPong != null) {
            out.add(Frames.header(FrameReader.OP_PONG, pendingPong.length)); // §5.5.2: the same payload
            out.add(ByteBuffer.wrap(pendingPong));
            pendingPong = null;
        }
        CloseFrame close = null;
        Object next;
        long bytes = 0;
        while ((next = queue.poll()) != null) {
            if (next instanceof CloseFrame c) {
                close = c;
                out.add(c.status() == FrameReader.NO_STATUS
                        ? Frames.header(FrameReader.OP_CLOSE, 0) : Frames.close(c.status(), c.reason()));
                inFlightBytes = bytes;
                discardQueue(); // nothing is sent after a close frame
                break;
            }
            String text = (String) next;
            bytes += text.length();
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            out.add(Frames.header(FrameReader.OP_TEXT, payload.length));
            out.add(ByteBuffer.wrap(payload));
        }
        writing = true;
        inFlightBytes = bytes;
        CloseFrame sent = close;
        getEndPoint().write(Callback.from(() -> written(sent), this::writeFailed), out.toArray(ByteBuffer[]::new));
    }

    /** The write in flight is done (or failed): its bytes no longer wait. Monitor held. */
    private void writeDone() {
        writing = false;
        if (!released) {
            budget.release(inFlightBytes);
            waitingBytes -= inFlightBytes;
        }
        inFlightBytes = 0;
    }

    private void written(CloseFrame close) {
        boolean drop = false;
        synchronized (this) {
            writeDone();
            if (close == null) {
                flush();
                return;
            }
            closeSent = true;
            closeSentNanos = System.nanoTime() | 1;
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
            writeDone();
            discardQueue();
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
            for (int turn = 0; reading; turn++) {
                if (turn == READS_PER_TURN) {
                    fillInterested(); // more may be waiting: the selector comes back after the others
                    return;
                }
                long closeSent = closeSentNanos;
                if (closeSent != 0 && System.nanoTime() - closeSent > CLOSE_WAIT_MILLIS * 1_000_000) {
                    getEndPoint().close(); // §7.1.1 waited long enough for the client's close
                    return;
                }
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
            if (e.status() == FrameReader.TOO_BIG) {
                Refusals.record(Refusal.WS_OVERSIZED);
            } else if (e.status() == FrameReader.TRY_AGAIN_LATER) {
                Refusals.record(Refusal.WS_MEMORY);
            }
            String last = listener.lastWord(e.status(), e.getMessage());
            synchronized (this) {
                if (last != null && !closing && !released) {
                    budget.force(last.length()); // the last word is sent whatever is queued
                    waitingBytes += last.length();
                    queue.add(last);
                }
            }
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
    public void pingFrame(byte[] payload) {
        if (!listener.onControl()) {
            return;
        }
        synchronized (this) {
            if (!closing) {
                pendingPong = payload; // replaces an unanswered one (§5.5.3)
                flush();
            }
        }
    }

    @Override
    public void pongFrame() {
        listener.onControl();
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
            pendingPong = null;
            if (!released) {
                released = true;
                budget.release(waitingBytes); // a write still in flight included: its callback will not count it again
                waitingBytes = 0;
            }
            l = notified ? null : listener;
            notified = true;
        }
        reader.release();
        if (l != null) {
            l.onClosed(status);
        }
    }
}
