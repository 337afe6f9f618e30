package org.parley.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * One generator thread: a selector over its share of the clients, their handshakes, and the
 * relay schedule. Every message is stamped with the time it was <em>meant</em> to leave, and
 * latency is taken from that time, so a late sender (here or in the server) shows up in the
 * figures instead of silently lowering the offered rate (no coordinated omission).
 */
final class Loop implements Runnable {
    /** Figures shared by all loops; written by loop threads, read by the main thread. */
    static final class Shared {
        final Adapter adapter;
        final InetSocketAddress server;
        final String host;
        final AtomicInteger joined = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger closedByServer = new AtomicInteger();
        final LongAdder sent = new LongAdder();
        final LongAdder received = new LongAdder();
        final AtomicInteger reported = new AtomicInteger();
        volatile boolean keepAlive = true;

        Shared(Adapter adapter, InetSocketAddress server) {
            this.adapter = adapter;
            this.server = server;
            this.host = server.getHostString() + ":" + server.getPort();
        }

        /** Prints the first few problems only, so a failing run stays readable. */
        void report(String what) {
            if (reported.incrementAndGet() <= 5) {
                System.err.println("  ! " + what);
            }
        }
    }

    /** One rung of the relay ladder, as this loop runs it. */
    static final class Step {
        final long startNanos;
        final long endNanos;
        final double intervalNanos;
        final Conn[] senders;
        long k;
        long[] latency = new long[1 << 16];
        int latencyCount;
        long[] lag = new long[1 << 16];
        int lagCount;
        long late;

        Step(long startNanos, long endNanos, double intervalNanos, Conn[] senders) {
            this.startNanos = startNanos;
            this.endNanos = endNanos;
            this.intervalNanos = intervalNanos;
            this.senders = senders;
        }

        long due() {
            return startNanos + (long) (k * intervalNanos);
        }
    }

    static final long BASE = System.nanoTime();
    private static final long KEEP_ALIVE_NANOS = 15_000_000_000L;

    private final Shared shared;
    private final Selector selector;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    final List<Conn> conns = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private byte[] readArray = new byte[256 * 1024];
    private ByteBuffer readBuffer = ByteBuffer.wrap(readArray);
    private Step step;
    private long nextKeepAlive = System.nanoTime() + KEEP_ALIVE_NANOS;

    Loop(Shared shared, int index) throws IOException {
        this.shared = shared;
        this.selector = Selector.open();
        this.thread = Thread.ofPlatform().name("gen-" + index).daemon().unstarted(this);
    }

    void start() {
        thread.start();
    }

    void post(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    <T> CompletableFuture<T> call(Supplier<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        post(() -> {
            try {
                f.complete(task.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    void stop() {
        running = false;
        selector.wakeup();
    }

    /** Opens a client from {@code source} (any port); the handshake then runs by itself. */
    void connect(Conn c, InetSocketAddress source) {
        try {
            SocketChannel ch = SocketChannel.open();
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.bind(source);
            c.channel = ch;
            conns.add(c);
            if (ch.connect(shared.server)) {
                connected(c);
            } else {
                c.key = ch.register(selector, SelectionKey.OP_CONNECT, c);
            }
        } catch (IOException e) {
            fail(c, "connect: " + e);
        }
    }

    @Override
    public void run() {
        try {
            while (running) {
                Runnable t;
                while ((t = tasks.poll()) != null) {
                    t.run();
                }
                long now = System.nanoTime();
                long wait = 100_000_000L;
                if (step != null) {
                    sendDue(now);
                    if (step.due() < step.endNanos) {
                        wait = step.due() - System.nanoTime();
                    }
                }
                if (shared.keepAlive && now >= nextKeepAlive) {
                    nextKeepAlive = now + KEEP_ALIVE_NANOS;
                    for (Conn c : conns) {
                        if (c.joined && c.state == Conn.State.OPEN) {
                            shared.adapter.keepAlive(c);
                        }
                    }
                }
                int n;
                if (wait < 1_000_000L) {
                    // A send is due within the select timer's 1 ms resolution: poll. Yield when idle, so
                    // that loops sharing one core do not starve each other for a whole time slice.
                    n = selector.selectNow();
                    if (n == 0) {
                        Thread.yield();
                    }
                } else {
                    n = selector.select(wait / 1_000_000L);
                }
                if (n > 0) {
                    Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                    while (it.hasNext()) {
                        SelectionKey key = it.next();
                        it.remove();
                        ready(key);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("generator loop died: " + e);
            e.printStackTrace();
        }
    }

    private void ready(SelectionKey key) {
        Conn c = (Conn) key.attachment();
        if (!key.isValid()) {
            return;
        }
        try {
            if (key.isConnectable()) {
                if (c.channel.finishConnect()) {
                    connected(c);
                }
                return;
            }
            if (key.isWritable()) {
                flush(c);
            }
            if (key.isValid() && key.isReadable()) {
                read(c);
            }
        } catch (IOException e) {
            if (c.joined) {
                shared.closedByServer.incrementAndGet();
                shared.report("client " + c.index + " lost: " + e);
                closeQuietly(c);
            } else {
                fail(c, e.toString());
            }
        }
    }

    private void connected(Conn c) throws IOException {
        c.state = Conn.State.UPGRADING;
        String request = "GET " + shared.adapter.path(c) + " HTTP/1.1\r\nHost: " + shared.host
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        if (c.key == null) {
            c.key = c.channel.register(selector, SelectionKey.OP_READ, c);
        } else {
            c.key.interestOps(SelectionKey.OP_READ);
        }
        send(c, request.getBytes(StandardCharsets.US_ASCII));
    }

    /** Writes now what the socket takes; the rest waits for OP_WRITE, in order. */
    void send(Conn c, byte[] bytes) {
        if (c.state == Conn.State.CLOSED) {
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        try {
            if (c.out.isEmpty()) {
                c.channel.write(b);
                if (!b.hasRemaining()) {
                    return;
                }
                c.key.interestOps(c.key.interestOps() | SelectionKey.OP_WRITE);
            }
            c.out.add(b);
        } catch (IOException e) {
            shared.closedByServer.incrementAndGet();
            shared.report("client " + c.index + " write failed: " + e);
            closeQuietly(c);
        }
    }

    private void flush(Conn c) throws IOException {
        ByteBuffer b;
        while ((b = c.out.peek()) != null) {
            c.channel.write(b);
            if (b.hasRemaining()) {
                return;
            }
            c.out.poll();
        }
        c.key.interestOps(SelectionKey.OP_READ);
    }

    private void read(Conn c) throws IOException {
        int start = 0;
        if (c.pending != null) {
            if (c.pendingLength + 65536 > readArray.length) {
                readArray = new byte[(c.pendingLength + 65536) * 2];
                readBuffer = ByteBuffer.wrap(readArray);
            }
            System.arraycopy(c.pending, 0, readArray, 0, c.pendingLength);
            start = c.pendingLength;
            c.pending = null;
            c.pendingLength = 0;
        }
        readBuffer.clear().position(start);
        int n = c.channel.read(readBuffer);
        if (n < 0) {
            if (c.joined) {
                shared.closedByServer.incrementAndGet();
                shared.report("client " + c.index + ": server closed the connection");
            } else {
                fail(c, "server closed the connection before the join");
            }
            closeQuietly(c);
            return;
        }
        int end = start + n;
        int p = 0;
        if (c.state == Conn.State.UPGRADING) {
            int h = Frames.indexOf(readArray, 0, end, "\r\n\r\n");
            if (h < 0) {
                keep(c, 0, end);
                return;
            }
            String status = new String(readArray, 0, Math.min(h, 40), StandardCharsets.US_ASCII);
            if (!status.startsWith("HTTP/1.1 101")) {
                fail(c, "upgrade refused: " + status.lines().findFirst().orElse(""));
                return;
            }
            c.state = Conn.State.OPEN;
            shared.adapter.onOpen(c);
            p = h + 4;
        }
        while (c.state == Conn.State.OPEN && end - p >= 2) {
            int b0 = readArray[p] & 0xff;
            int b1 = readArray[p + 1] & 0xff;
            int header = 2;
            long length = b1 & 0x7f;
            if (length == 126) {
                if (end - p < 4) {
                    break;
                }
                length = ((readArray[p + 2] & 0xff) << 8) | (readArray[p + 3] & 0xff);
                header = 4;
            } else if (length == 127) {
                if (end - p < 10) {
                    break;
                }
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | (readArray[p + 2 + i] & 0xff);
                }
                header = 10;
            }
            if ((b1 & 0x80) != 0) {
                header += 4; // servers do not mask (RFC 6455 §5.1); skip a key if one ever does
            }
            if (end - p < header + length) {
                break;
            }
            frame(c, b0 & 0x0f, p + header, (int) length);
            p += header + (int) length;
        }
        if (p < end && c.state == Conn.State.OPEN) {
            keep(c, p, end);
        }
    }

    private void keep(Conn c, int from, int to) {
        c.pending = Arrays.copyOfRange(readArray, from, to);
        c.pendingLength = to - from;
    }

    private void frame(Conn c, int opcode, int off, int len) {
        switch (opcode) {
            case 0x1 -> text(c, off, len);
            case 0x8 -> {
                if (c.joined) {
                    shared.closedByServer.incrementAndGet();
                }
                String why = len > 2 ? new String(readArray, off + 2, len - 2, StandardCharsets.UTF_8) : "";
                int code = len >= 2 ? ((readArray[off] & 0xff) << 8) | (readArray[off + 1] & 0xff) : 1005;
                if (c.joined) {
                    shared.report("client " + c.index + " closed by the server: " + code + " " + why);
                } else {
                    fail(c, "closed by the server: " + code + " " + why);
                }
                closeQuietly(c);
            }
            case 0x9 -> send(c, Frames.frame(0xA, Arrays.copyOfRange(readArray, off, off + len)));
            default -> { } // pong, binary, continuation: none of these servers sends them here
        }
    }

    private void text(Conn c, int off, int len) {
        if (c.joined) {
            int m = Frames.indexOf(readArray, off, Math.min(off + len, off + 160), Adapter.TS);
            if (m >= 0) {
                relayed(m + Adapter.TS.length());
                return;
            }
        }
        shared.adapter.onText(c, new String(readArray, off, len, StandardCharsets.UTF_8));
    }

    private void relayed(int digits) {
        long now = System.nanoTime();
        long intended = 0;
        for (int i = 0; i < Adapter.TS_DIGITS; i++) {
            intended = intended * 10 + (readArray[digits + i] - '0');
        }
        intended += BASE;
        shared.received.increment();
        Step s = step;
        if (s == null || intended < s.startNanos) {
            if (s != null) {
                s.late++;
            }
            return;
        }
        if (s.latencyCount == s.latency.length) {
            s.latency = Arrays.copyOf(s.latency, s.latency.length * 2);
        }
        s.latency[s.latencyCount++] = now - intended;
    }

    /** Sends every message whose time has come, each stamped with its intended time. */
    private void sendDue(long now) {
        Step s = step;
        if (s.senders.length == 0) {
            return;
        }
        long due;
        while ((due = s.due()) <= now && due < s.endNanos) {
            Conn c = s.senders[(int) (s.k % s.senders.length)];
            s.k++;
            if (c.state != Conn.State.OPEN) {
                continue;
            }
            byte[] f = c.signalFrame.clone();
            long v = due - BASE;
            for (int i = c.tsOffset + Adapter.TS_DIGITS - 1; i >= c.tsOffset; i--) {
                f[i] = (byte) ('0' + v % 10);
                v /= 10;
            }
            send(c, f);
            shared.sent.increment();
            if (s.lagCount == s.lag.length) {
                s.lag = Arrays.copyOf(s.lag, s.lag.length * 2);
            }
            s.lag[s.lagCount++] = now - due;
            now = System.nanoTime();
        }
    }

    void startStep(Step s) {
        post(() -> step = s);
    }

    /** Ends the current step (late arrivals are then not counted) and hands it over. */
    CompletableFuture<Step> endStep() {
        return call(() -> {
            Step s = step;
            step = null;
            return s;
        });
    }

    void joined(Conn c) {
        if (!c.joined) {
            c.joinedNanos = System.nanoTime();
            c.joined = true;
            shared.joined.incrementAndGet();
        }
    }

    private void fail(Conn c, String why) {
        if (c.state != Conn.State.CLOSED) {
            shared.failed.incrementAndGet();
            shared.report("client " + c.index + " failed: " + why);
        }
        closeQuietly(c);
    }

    private void closeQuietly(Conn c) {
        c.state = Conn.State.CLOSED;
        try {
            c.channel.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** Closes every client of this loop with a close frame (status 1000), so no server keeps a place for it. */
    CompletableFuture<Integer> closeAll() {
        return call(() -> {
            int n = 0;
            for (Conn c : conns) {
                if (c.state == Conn.State.OPEN) {
                    try {
                        c.channel.write(ByteBuffer.wrap(Frames.close()));
                    } catch (IOException ignored) {
                        // closing anyway
                    }
                }
                if (c.state != Conn.State.CLOSED) {
                    n++;
                }
                closeQuietly(c);
            }
            conns.clear();
            return n;
        });
    }
}
