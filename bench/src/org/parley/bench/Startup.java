package org.parley.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Start-up: from launching the process (pinned to one core) to ready, and the resident set once
 * idle. Parley is ready when {@code /readyz} answers 200 (listeners up and the TURN relay
 * self-test passed); the peers when their port accepts a connection. Median of several starts.
 */
public final class Startup {
    public static void main(String[] args) throws Exception {
        String jar = args.length > 0 ? args[0] : "target/parley.jar";
        Results results = new Results(Path.of(args.length > 1 ? args[1] : "bench/out/results.tsv"));
        String peers = args.length > 2 ? args[2] : "bench/peers";
        int runs = Integer.getInteger("startup.runs", 5);
        String java = System.getProperty("java.home") + "/bin/java";
        Path aot = results.dir().resolve("parley.aot");
        for (String server : List.of("parley-aot-training", "parley", "parley-aot", "peerjs", "socketio")) {
            long[] ready = new long[runs];
            long rss = 0;
            for (int i = 0; i < runs; i++) {
                int port = ServerProcess.freePort();
                // The JVM options Parley ships with (./parley, the systemd unit and the image use them).
                List<String> parley = List.of("@deploy/jvm.options", "-jar", jar, "--host", "127.0.0.1", "--port", String.valueOf(port),
                        "--turn-port", String.valueOf(ServerProcess.freePort()),
                        "--data-dir", System.getProperty("java.io.tmpdir") + "/parley-bench-data");
                List<String> cmd = switch (server) {
                    case "parley" -> concat(List.of(java), parley);
                    // JDK 25's ahead-of-time cache (JEP 483, 514): one training run writes it at exit,
                    // as ./parley's first run after a build does.
                    case "parley-aot-training" -> concat(List.of(java, "-XX:AOTCacheOutput=" + aot), parley);
                    case "parley-aot" -> concat(List.of(java, "-XX:AOTCache=" + aot), parley);
                    case "peerjs" -> List.of("node", peers + "/peerjs-server.js", String.valueOf(port));
                    default -> List.of("node", peers + "/socketio-server.js", String.valueOf(port));
                };
                try (ServerProcess p = ServerProcess.start(server, "0", cmd, results.dir().resolve("startup-" + server + ".log"))) {
                    long up = server.startsWith("parley") ? awaitReadyz(p, port) : p.awaitPort(port, 30_000);
                    if (server.equals("parley-aot-training")) {
                        break; // closing it writes the cache
                    }
                    ready[i] = up - p.startNanos;
                    if (i == runs - 1) {
                        Thread.sleep(5000);
                        rss = p.rssKiB();
                    }
                }
            }
            if (server.equals("parley-aot-training")) {
                continue;
            }
            Arrays.sort(ready);
            if (server.equals("parley-aot")) {
                results.put("parley", "startup.ready_with_aot_cache", ready[runs / 2] / 1e6, "ms (median of " + runs + ")");
                results.put("parley", "startup.rss_idle_with_aot_cache", rss / 1024.0, "MiB");
                continue;
            }
            results.put(server, "startup.ready", ready[runs / 2] / 1e6, "ms (median of " + runs + ")");
            results.put(server, "startup.rss_idle", rss / 1024.0, "MiB");
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Polls GET /readyz over a plain socket every 2 ms until it answers 200. */
    private static long awaitReadyz(ServerProcess p, int port) throws Exception {
        long end = System.nanoTime() + 30_000_000_000L;
        byte[] request = ("GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        while (System.nanoTime() < end) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                OutputStream out = s.getOutputStream();
                out.write(request);
                InputStream in = s.getInputStream();
                byte[] head = in.readNBytes(12);
                if (new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200")) {
                    return System.nanoTime();
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            if (!p.alive()) {
                throw new IllegalStateException("parley exited during start-up");
            }
            Thread.sleep(2);
        }
        throw new IllegalStateException("parley not ready in 30 s");
    }
}
