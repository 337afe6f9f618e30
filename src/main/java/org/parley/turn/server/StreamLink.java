package org.parley.turn.server;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One TCP or TLS connection to the TURN server: its own 5-tuple (RFC 8656 §3.1), with the
 * deadlines its reader and writer are held to. Writes are serialized by a lock.
 *
 * <p>Deadlines are enforced twice: the socket's read timeout, set before every read, and the
 * listener's watchdog, which closes the raw TCP socket once a deadline has passed. The watchdog
 * is what bounds a TLS connection (one read of a TLS stream can hide many slow reads of the TCP
 * stream under it, each within the read timeout) and a write to a client that stopped reading
 * (Java has no write timeout).
 */
final class StreamLink implements ClientLink, StreamFramer.ReadBound {
    /** A write blocked this long means the client stopped reading: it is cut, not buffered for. */
    static final long WRITE_NANOS = 5_000_000_000L;

    private final Socket raw;
    private final Socket socket;
    private final InetSocketAddress remote;
    private final String transport;
    private final ReentrantLock writing = new ReentrantLock();
    private final Thread reader;
    private OutputStream out;
    /** When the current read must have finished, or {@link StreamFramer#UNBOUNDED}. */
    private volatile long readBy;
    /** When the current write began, while {@link #inWrite}. */
    private volatile long writeSince;
    private volatile boolean inWrite;
    private volatile boolean cut;
    private volatile boolean allocationEnded;

    /**
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

    @Override
    public void send(byte[] frame) {
        writing.lock();
        try {
            if (out == null) {
                out = socket.getOutputStream();
            }
            writeSince = System.nanoTime();
            inWrite = true;
            out.write(frame);
            out.flush();
        } catch (IOException e) {
            close();
        } finally {
            inWrite = false;
            writing.unlock();
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
     * lifetime 0) the reader closes it once the reply is written.
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
     * Closes a connection that missed a deadline, with a reset: nothing is owed to it, and the
     * server keeps no TIME_WAIT state for it.
     */
    void cut() {
        cut = true;
        reset(raw);
    }

    /** True when the watchdog closed the connection for a missed deadline. */
    boolean wasCut() {
        return cut;
    }

    /**
     * Closes the TCP socket itself, after what was written: never blocks, unlike a TLS close that
     * first writes its close_notify to a client that may not be reading.
     */
    void close() {
        try {
            raw.close();
        } catch (IOException ignored) {
            // already gone
        }
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
