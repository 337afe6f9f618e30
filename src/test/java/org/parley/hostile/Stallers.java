package org.parley.hostile;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stalled TCP connections from one address: each sends the first 4 bytes of a STUN header
 * that announces 64 KiB and stops, or sends nothing, and reads until the server closes it.
 */
final class Stallers implements AutoCloseable {
    final InetAddress from;
    private final int port;
    private final boolean keepUp;
    private final List<Thread> threads = new ArrayList<>();
    private final ConcurrentLinkedQueue<Socket> sockets = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> lives = new ConcurrentLinkedQueue<>();
    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicInteger firstsClosed = new AtomicInteger();
    private volatile boolean stopping;

    /** {@code count} connections held up, half of them silent: each one closed is opened again until {@link #close()}. */
    static Stallers held(InetAddress from, int port, int count) {
        return new Stallers(from, port, count, true, 2);
    }

    /** {@code count} connections at once, each sending its 4 bytes, none opened again. */
    static Stallers flood(InetAddress from, int port, int count) {
        return new Stallers(from, port, count, false, 1);
    }

    private Stallers(InetAddress from, int port, int count, boolean keepUp, int oneInSpeaks) {
        this.from = from;
        this.port = port;
        this.keepUp = keepUp;
        for (int i = 0; i < count; i++) {
            boolean speaks = i % oneInSpeaks == 0;
            threads.add(Thread.ofVirtual().start(() -> hold(speaks)));
        }
    }

    private void hold(boolean speaks) {
        for (boolean first = true; !stopping && (first || keepUp); first = false) {
            Socket s = new Socket();
            sockets.add(s);
            try (s) {
                s.bind(new InetSocketAddress(from, 0));
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                long opened = System.nanoTime();
                connected.incrementAndGet();
                try {
                    if (speaks) {
                        OutputStream out = s.getOutputStream();
                        out.write(new byte[] {0x00, 0x03, (byte) 0xFF, (byte) 0xFC}); // Allocate, 65532 bytes to come
                        out.flush();
                    }
                    while (s.getInputStream().read() >= 0) {
                        // the server sends nothing to a stalled connection; read until it closes
                    }
                } catch (IOException reset) {
                    // closed with a reset
                } finally {
                    connected.decrementAndGet();
                }
                if (!stopping) {
                    lives.add(System.nanoTime() - opened);
                }
            } catch (IOException e) {
                // refused with a reset while connecting
            } finally {
                sockets.remove(s);
                if (first && !stopping) {
                    firstsClosed.incrementAndGet();
                }
            }
        }
    }

    /** Connections open now, as this side sees them. */
    int connected() {
        return connected.get();
    }

    /** How many of the first {@code count} connections the server has closed so far. */
    int firstsClosed() {
        return firstsClosed.get();
    }

    Duration longestLife() {
        return Duration.ofNanos(lives.stream().mapToLong(Long::longValue).max().orElse(0));
    }

    @Override
    public void close() throws IOException {
        stopping = true;
        for (Socket s : sockets) {
            s.close();
        }
        for (Thread t : threads) {
            try {
                t.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
