package org.parley.turn.server;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One TCP or TLS connection to the TURN server: its own 5-tuple (RFC 8656 §3.1), with the
 * deadlines its reader and writer are held to.
 *
 * <p>Frames go out through a small queue and a writer thread of the connection's own, so that
 * {@link #send} never blocks: relayed data reaches a client from other threads (the UDP
 * listener's, in a hand-over between two relays), and a client that stops reading must not hold
 * any of them up. What does not fit in the queue is dropped, as the network drops datagrams.
 *
 * <p>Deadlines are enforced twice: the socket's read timeout, set before every read, and the
 * listener's watchdog, which resets the raw TCP socket once a deadline has passed. The watchdog
 * is what bounds a TLS connection (one read of a TLS stream can hide many slow reads of the TCP
 * stream under it, each within the read timeout) and a write to a client that stopped reading
 * (Java has no write timeout).
 */
final class StreamLink implements ClientLink, StreamFramer.ReadBound {
    /** A write blocked this long means the client stopped reading: it is cut, not buffered for. */
    static final long WRITE_NANOS = 5_000_000_000L;
    /**
     * Frames waiting for the writer. The kernel's send buffer (hundreds of KiB) absorbs the
     * bursts of a live call; this only fills once that is full, when the client is far behind.
     * A frame always fits into an empty queue.
     */
    static final int QUEUE_BYTES = 16 * 1024;

    private final Socket raw;
    private final Socket socket;
    private final InetSocketAddress remote;
    private final String transport;
    private final Thread reader;
    private final Thread writer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private int queued;
    private boolean closing;
    /** When the current read must have finished, or {@link StreamFramer#UNBOUNDED}. */
    private volatile long readBy;
    /** When the current write began, while {@link #inWrite}. */
    private volatile long writeSince;
    private volatile boolean inWrite;
    private volatile boolean cut;
    private volatile boolean allocationEnded;

    /**
     * Called on the connection's reading thread.
     *
     * @param raw    the accepted TCP socket
     * @param socket {@code raw}, or the TLS socket layered on it
     * @param readBy when the handshake and the first frame's first byte must have arrived
     */
    StreamLink(Socket raw, Socket socket, String transport, long readBy) {
        this.raw = raw;
        this.socket = socket;
        this.remote = (InetSocketAddress) raw.getRemoteSocketAddress();
        this.transport = transport;
        this.readBy = readBy;
        this.reader = Thread.currentThread();
        this.writer = Thread.ofVirtual().name("parley-turn-" + transport + "-write").start(this::write);
    }

    @Override
    public void nanosLeft(long nanos) throws IOException {
        if (nanos == 0) {
            readBy = StreamFramer.UNBOUNDED;
            socket.setSoTimeout(0);
        } else {
            readBy = System.nanoTime() + nanos;
            socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, (nanos + 999_999) / 1_000_000)));
        }
    }

    /** A frame is in: no read is pending while it is handled, so no read deadline either. */
    void frameRead() {
        readBy = StreamFramer.UNBOUNDED;
    }

    /** Queues a frame for the writer; drops it when the queue is full or the connection closing. */
    @Override
    public void send(byte[] frame) {
        lock.lock();
        try {
            if (closing || (queued > 0 && queued + frame.length > QUEUE_BYTES)) {
                return;
            }
            queue.add(frame);
            queued += frame.length;
            ready.signal();
        } finally {
            lock.unlock();
        }
    }

    /** The writer: sends queued frames in order; once closing and drained, closes the TCP socket. */
    private void write() {
        try {
            OutputStream out = null;
            while (true) {
                byte[] frame;
                lock.lock();
                try {
                    while (queue.isEmpty() && !closing) {
                        ready.await();
                    }
                    frame = queue.poll();
                    if (frame == null) {
                        return;
                    }
                    queued -= frame.length;
                } finally {
                    lock.unlock();
                }
                if (out == null) {
                    out = socket.getOutputStream();
                }
                writeSince = System.nanoTime();
                inWrite = true;
                out.write(frame);
                out.flush();
                inWrite = false;
            }
        } catch (IOException | InterruptedException e) {
            // The client went away, or was cut: nothing more can be written.
        } finally {
            inWrite = false;
            try {
                raw.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    @Override
    public InetSocketAddress remote() {
        return remote;
    }

    @Override
    public boolean stream() {
        return true;
    }

    @Override
    public String transport() {
        return transport;
    }

    /**
     * The allocation of this 5-tuple ended (expired, deleted, or the server closing): the
     * connection has no further use and closes. On the reader's own thread (a Refresh with
     * lifetime 0) the reader closes it once the reply is queued.
     */
    @Override
    public void endOfAllocation() {
        allocationEnded = true;
        if (Thread.currentThread() != reader) {
            close();
        }
    }

    /** True once the allocation ended: the reader closes the connection after its reply. */
    boolean allocationEnded() {
        return allocationEnded;
    }

    /** True when a read or a write is past its deadline (the watchdog asks). */
    boolean overdue(long now) {
        long by = readBy;
        return (by != StreamFramer.UNBOUNDED && now - by > 0) || (inWrite && now - writeSince > WRITE_NANOS);
    }

    /**
     * Closes the connection once what is queued is written: the writer closes the TCP socket
     * itself, never a TLS close that would first write its close_notify to a client that may
     * not be reading. The watchdog still cuts a writer that blocks.
     */
    void close() {
        lock.lock();
        try {
            closing = true;
            ready.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the writer has finished (drained and closed, or cut). */
    void awaitWriter() throws InterruptedException {
        writer.join();
    }

    /**
     * Closes a connection that missed a deadline, with a reset: nothing is owed to it, and the
     * server keeps no TIME_WAIT state for it.
     */
    void cut() {
        cut = true;
        abort();
    }

    /** True when the watchdog closed the connection for a missed deadline. */
    boolean wasCut() {
        return cut;
    }

    /** Resets the connection at once, dropping anything queued (the server is stopping, or a cut). */
    void abort() {
        close();
        reset(raw);
    }

    /** Closes a socket at once with a reset (SO_LINGER 0), dropping anything unsent. */
    static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // already closed
        }
        try {
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
