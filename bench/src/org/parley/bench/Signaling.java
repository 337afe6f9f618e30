package org.parley.bench;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The signaling load generator: idle connections, relay latency ladder and join storm against one
 * server, which it starts pinned to its own core. Run it pinned to the other core:
 * {@code taskset -c 1 java -cp bench/target/classes org.parley.bench.Signaling --server parley}.
 * Every wait is bounded; the server is stopped at the end of each phase.
 */
public final class Signaling {
    private final Map<String, String> opt;
    private final Adapter adapter;
    private final Results results;
    private final int threads;
    private final int sources;
    private final String serverCpu;
    private ServerProcess server;
    private Loop.Shared shared;
    private Loop[] loops;
    private int nextIndex;

    private Signaling(Map<String, String> opt) throws Exception {
        this.opt = opt;
        this.adapter = Adapter.of(opt.get("server"), opt.get("jar"), opt.get("peers"));
        this.results = new Results(Path.of(opt.get("out")));
        this.threads = Integer.parseInt(opt.get("threads"));
        this.sources = Integer.parseInt(opt.get("sources"));
        this.serverCpu = opt.get("server-cpu");
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>(Map.of(
                "server", "parley", "jar", "target/parley.jar", "peers", "bench/peers",
                "out", "bench/out/results.tsv", "threads", String.valueOf(Math.max(2, Runtime.getRuntime().availableProcessors())), "sources", "16", "server-cpu", "0",
                "phases", "idle,relay,storm", "idle", "1000,10000,19500",
                "rates", "2000,10000,20000,50000,100000,150000,200000"));
        opt.putAll(Map.of("step-seconds", "5", "pairs", "1000", "storm", "1000", "size", "1024",
                "idle-cpu-seconds", "10", "warmup", "10000", "warmup-seconds", "10", "storm-repeats", "5"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--") || !opt.containsKey(args[i].substring(2))) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; options: " + opt.keySet());
            }
            opt.put(args[i].substring(2), args[i + 1]);
        }
        Signaling s = new Signaling(opt);
        for (String phase : opt.get("phases").split(",")) {
            try {
                switch (phase) {
                    case "idle" -> s.idle();
                    case "relay" -> s.relay();
                    case "storm" -> s.storm();
                    default -> throw new IllegalArgumentException("unknown phase " + phase);
                }
            } catch (IllegalStateException | java.util.concurrent.TimeoutException e) {
                // One phase failing (a server that refused clients, a timeout) keeps the others.
                System.err.println("!! " + opt.get("server") + " " + phase + " failed: " + e);
            } finally {
                s.stopServer();
            }
        }
    }

    private void startServer() throws Exception {
        int port = ServerProcess.freePort();
        server = ServerProcess.start(adapter.name(), serverCpu, adapter.command(port),
                Path.of(opt.get("out")).toAbsolutePath().getParent().resolve(adapter.name() + "-server.log"));
        server.awaitPort(port, 30_000);
        Thread.sleep(2000); // let start-up work (JIT, lazy init) settle before the first figure
        shared = new Loop.Shared(adapter, new InetSocketAddress("127.0.0.1", port));
        loops = new Loop[threads];
        for (int i = 0; i < threads; i++) {
            loops[i] = new Loop(shared, i);
            loops[i].start();
        }
        System.out.printf("%s: server pid %d on port %d (cpu %s), %d generator threads, %d source addresses%n",
                adapter.name(), server.pid(), port, serverCpu, threads, sources);
    }

    private void stopServer() throws Exception {
        if (loops != null) {
            for (Loop l : loops) {
                l.closeAll().get(30, TimeUnit.SECONDS);
                l.stop();
            }
            loops = null;
        }
        if (server != null) {
            server.close();
            server = null;
        }
    }

    private int port() {
        return shared.server.getPort();
    }

    /** New clients, spread over the loops round robin (so a pair's two ends sit on different threads). */
    private List<Conn> newConns(int n) {
        List<Conn> cs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int index = nextIndex++;
            cs.add(new Conn(index, loops[index % loops.length]));
        }
        return cs;
    }

    private InetSocketAddress source(Conn c) {
        return new InetSocketAddress("127.0.0." + (2 + c.index % sources), 0);
    }

    /** Connects and joins, at most {@code window} handshakes in flight; false on timeout. */
    private boolean open(List<Conn> cs, int window, long timeoutMillis) throws InterruptedException {
        int base = shared.joined.get() + shared.failed.get();
        long end = System.nanoTime() + timeoutMillis * 1_000_000;
        int issued = 0;
        while (System.nanoTime() < end) {
            int done = shared.joined.get() + shared.failed.get() - base;
            if (done >= cs.size()) {
                return true;
            }
            while (issued < cs.size() && issued - done < window) {
                Conn c = cs.get(issued++);
                c.startNanos = System.nanoTime();
                InetSocketAddress from = source(c);
                c.loop.post(() -> c.loop.connect(c, from));
            }
            Thread.sleep(1);
        }
        System.err.printf("  ! timeout: %d of %d clients joined%n",
                shared.joined.get() + shared.failed.get() - base, cs.size());
        return false;
    }

    // ---- 1. idle connections ----

    private void idle() throws Exception {
        startServer();
        String s = adapter.name();
        long baseRss = server.rssKiB();
        long firstHeap = 0;
        results.put(s, "idle.rss_at_start", baseRss / 1024.0, "MiB");
        int have = 0;
        long firstRss = -1;
        int firstJoined = 0;
        List<Conn> all = new ArrayList<>();
        for (String level : opt.get("idle").split(",")) {
            int n = Integer.parseInt(level);
            List<Conn> more = newConns(n - have);
            adapter.prepare(port(), more);
            open(more, 256, 180_000);
            all.addAll(more);
            have = n;
            Thread.sleep(3000);
            int joined = (int) all.stream().filter(c -> c.joined && c.state == Conn.State.OPEN).count();
            long rss = server.rssKiB();
            results.put(s, "idle.clients@" + n, joined, "joined");
            results.put(s, "idle.rss@" + n, rss / 1024.0, "MiB");
            results.put(s, "idle.rss_per_client@" + n, (rss - baseRss) / (double) Math.max(1, joined), "KiB");
            if (firstRss < 0) {
                firstRss = rss;
                firstJoined = joined;
                firstHeap = s.equals("parley") ? liveHeapKiB() : 0;
            } else {
                // The slope between the first and this level: what one more client costs, without
                // the fixed cost of serving the first ones (code warmed up, pools, heap regions).
                results.put(s, "idle.rss_per_extra_client@" + firstJoined + "-" + n,
                        (rss - firstRss) / (double) Math.max(1, joined - firstJoined), "KiB");
            }
        }
        if (s.equals("parley") && have > firstJoined) {
            // A JVM's resident set is mostly the heap it chose to commit; the live heap after a full
            // collection is what the clients themselves hold (slope between the first and last level).
            int joined = (int) all.stream().filter(c -> c.joined && c.state == Conn.State.OPEN).count();
            results.put(s, "idle.live_heap_per_extra_client@" + firstJoined + "-" + have,
                    (liveHeapKiB() - firstHeap) / (double) Math.max(1, joined - firstJoined), "KiB");
        }
        long seconds = Long.parseLong(opt.get("idle-cpu-seconds"));
        long cpu0 = server.cpuNanos();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000);
        double pct = 100.0 * (server.cpuNanos() - cpu0) / (System.nanoTime() - t0);
        results.put(s, "idle.cpu@" + have, pct, "% of a core");
    }

    /** The server JVM's heap in use right after a full collection ({@code jcmd GC.run}, then {@code GC.heap_info}). */
    private long liveHeapKiB() throws Exception {
        String jcmd = System.getProperty("java.home") + "/bin/jcmd";
        String pid = String.valueOf(server.pid());
        new ProcessBuilder(jcmd, pid, "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(60, TimeUnit.SECONDS);
        Process p = new ProcessBuilder(jcmd, pid, "GC.heap_info").redirectErrorStream(true).start();
        String info = new String(p.getInputStream().readAllBytes());
        p.waitFor(30, TimeUnit.SECONDS);
        // One line per generation (Serial: DefNew and Tenured, what a JVM pinned to one core picks) or
        // one for the whole heap (G1: "total reserved …, committed …, used …").
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:total|committed) \\d+K, used (\\d+)K").matcher(info);
        long used = 0;
        boolean found = false;
        while (m.find()) {
            used += Long.parseLong(m.group(1));
            found = true;
        }
        if (!found) {
            throw new IllegalStateException("no heap figure in: " + info);
        }
        return used;
    }

    // ---- 2. relay latency ladder ----

    private void relay() throws Exception {
        startServer();
        String s = adapter.name();
        int pairs = Integer.parseInt(opt.get("pairs"));
        List<Conn> cs = newConns(pairs * 2);
        adapter.prepare(port(), cs);
        if (!open(cs, 256, 120_000) || shared.failed.get() > 0) {
            throw new IllegalStateException(s + ": not every relay client joined");
        }
        int size = Integer.parseInt(opt.get("size"));
        for (int i = 0; i < cs.size(); i++) {
            Conn c = cs.get(i);
            c.partner = cs.get(i ^ 1);
            adapter.buildSignal(c, size);
        }
        Map<Loop, List<Conn>> byLoop = new HashMap<>();
        for (Conn c : cs) {
            byLoop.computeIfAbsent(c.loop, l -> new ArrayList<>()).add(c);
        }
        long stepNanos = Long.parseLong(opt.get("step-seconds")) * 1_000_000_000L;
        long warmupNanos = Long.parseLong(opt.get("warmup-seconds")) * 1_000_000_000L;
        int warmup = Integer.parseInt(opt.get("warmup"));
        if (warmup > 0) {
            runStep(s, warmup, warmupNanos, byLoop, cs.size(), false); // warm-up (JIT), not reported
        }
        int best = 0;
        for (String r : opt.get("rates").split(",")) {
            int rate = Integer.parseInt(r);
            double p99 = runStep(s, rate, stepNanos, byLoop, cs.size(), true);
            if (p99 >= 0 && p99 < 50) {
                best = rate;
            }
            if (p99 < 0 || p99 > 1000 || shared.closedByServer.get() > 0) {
                System.out.printf("  %s saturated at %d msg/s: ladder stops%n", s, rate);
                break;
            }
        }
        results.put(s, "relay.max_rate_p99_under_50ms", best, "msg/s");
    }

    /** One rung: returns its p99 in ms, or -1 when over 1% of the messages were lost. */
    private double runStep(String s, int rate, long stepNanos, Map<Loop, List<Conn>> byLoop, int total,
                           boolean report) throws Exception {
        long sent0 = shared.sent.sum();
        long received0 = shared.received.sum();
        long start = System.nanoTime() + 50_000_000L;
        long end = start + stepNanos;
        for (Map.Entry<Loop, List<Conn>> e : byLoop.entrySet()) {
            int n = e.getValue().size();
            double loopRate = (double) rate * n / total;
            e.getKey().startStep(new Loop.Step(start, end, 1e9 / loopRate, e.getValue().toArray(new Conn[0])));
        }
        TimeUnit.NANOSECONDS.sleep(start - System.nanoTime());
        long cpu0 = server.cpuNanos();
        long t0 = System.nanoTime();
        TimeUnit.NANOSECONDS.sleep(end - System.nanoTime());
        long cpu1 = server.cpuNanos();
        long t1 = System.nanoTime();
        // Drain: wait for what is still in flight, up to 3 s; anything later counts as lost.
        long drainEnd = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < drainEnd && shared.received.sum() - received0 < shared.sent.sum() - sent0) {
            Thread.sleep(5);
        }
        long[] lat = new long[0];
        long[] lag = new long[0];
        int nl = 0;
        int ng = 0;
        for (Loop l : byLoop.keySet()) {
            Loop.Step st = l.endStep().get(10, TimeUnit.SECONDS);
            lat = Arrays.copyOf(lat, nl + st.latencyCount);
            System.arraycopy(st.latency, 0, lat, nl, st.latencyCount);
            nl += st.latencyCount;
            lag = Arrays.copyOf(lag, ng + st.lagCount);
            System.arraycopy(st.lag, 0, lag, ng, st.lagCount);
            ng += st.lagCount;
        }
        long sent = shared.sent.sum() - sent0;
        long lost = Math.max(0, sent - nl);
        Arrays.sort(lat, 0, nl);
        Arrays.sort(lag, 0, ng);
        double p99 = Results.quantile(lat, nl, 0.99) / 1e6;
        if (report) {
            String k = "@" + rate;
            double seconds = (t1 - t0) / 1e9;
            results.put(s, "relay.sent" + k, sent / ((end - start) / 1e9), "msg/s");
            results.put(s, "relay.p50" + k, Results.quantile(lat, nl, 0.50) / 1e6, "ms");
            results.put(s, "relay.p99" + k, p99, "ms");
            results.put(s, "relay.p999" + k, Results.quantile(lat, nl, 0.999) / 1e6, "ms");
            results.put(s, "relay.max" + k, nl == 0 ? -1 : lat[nl - 1] / 1e6, "ms");
            results.put(s, "relay.lost" + k, lost, "messages");
            results.put(s, "relay.cpu" + k, 100.0 * (cpu1 - cpu0) / (t1 - t0), "% of a core");
            results.put(s, "relay.cpu_per_msg" + k, (cpu1 - cpu0) / 1e3 / Math.max(1, sent * seconds / ((end - start) / 1e9)), "us");
            results.put(s, "relay.gen_send_lag_p99" + k, Results.quantile(lag, ng, 0.99) / 1e6, "ms");
        } else {
            System.out.printf("  %s warm-up at %d msg/s: p99 %.2f ms, %d lost%n", s, rate, p99, lost);
        }
        return lost > sent / 100 ? -1 : p99;
    }

    // ---- 3. join storm ----

    private void storm() throws Exception {
        startServer();
        String s = adapter.name();
        int n = Integer.parseInt(opt.get("storm"));
        storm(s, n, false); // warm-up storm on the fresh server, as the JIT would have seen joins before
        // One storm's figures move by half between runs (the kernel's accept path, timers, GC):
        // several storms, each figure's median, and the spread of the wall time.
        int repeats = Integer.parseInt(opt.get("storm-repeats"));
        List<double[]> storms = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            for (Loop l : loops) {
                l.closeAll().get(30, TimeUnit.SECONDS);
            }
            Thread.sleep(2000);
            double[] figures = storm(s, n, true);
            if (figures != null) {
                storms.add(figures);
            }
        }
        if (storms.isEmpty()) {
            return;
        }
        String[] names = {"storm.joined", "storm.wall", "storm.p50", "storm.p99", "storm.cpu"};
        String[] units = {"of " + n, "ms", "ms", "ms", "ms CPU"};
        for (int f = 0; f < names.length; f++) {
            int field = f;
            double[] values = storms.stream().mapToDouble(x -> x[field]).sorted().toArray();
            results.put(s, names[f], values[values.length / 2], units[f]);
            if (f == 1) {
                results.put(s, "storm.wall_min", values[0], "ms");
                results.put(s, "storm.wall_max", values[values.length - 1], "ms");
            }
        }
    }

    /** One storm; its figures (joined, wall, p50, p99, CPU), or null for the warm-up. */
    private double[] storm(String s, int n, boolean report) throws Exception {
        List<Conn> cs = newConns(n);
        adapter.prepare(port(), cs);
        int base = shared.joined.get() + shared.failed.get();
        long cpu0 = server.cpuNanos();
        long t0 = System.nanoTime();
        for (Loop l : loops) {
            List<Conn> mine = cs.stream().filter(c -> c.loop == l).toList();
            l.post(() -> {
                for (Conn c : mine) {
                    c.startNanos = t0;
                    l.connect(c, source(c));
                }
            });
        }
        long deadline = t0 + 60_000_000_000L;
        while (shared.joined.get() + shared.failed.get() - base < n && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        long cpu1 = server.cpuNanos();
        long[] join = cs.stream().filter(c -> c.joined).mapToLong(c -> c.joinedNanos - t0).sorted().toArray();
        if (!report) {
            System.out.printf("  %s warm-up storm: %d joined, last after %.1f ms%n", s, join.length,
                    join.length == 0 ? -1 : join[join.length - 1] / 1e6);
            return null;
        }
        double wall = join.length == 0 ? -1 : join[join.length - 1] / 1e6;
        System.out.printf("  %s storm: %d joined, last after %.1f ms, server CPU %.0f ms%n", s, join.length, wall,
                (cpu1 - cpu0) / 1e6);
        return new double[] {join.length, wall, Results.quantile(join, join.length, 0.5) / 1e6,
                Results.quantile(join, join.length, 0.99) / 1e6, (cpu1 - cpu0) / 1e6};
    }
}
