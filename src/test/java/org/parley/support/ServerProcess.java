package org.parley.support;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged jar in a process of its own, run as a host runs it ({@code deploy/jvm.options})
 * but with a small heap, on loopback: for tests that attack the server and then look at whether
 * it is still alive, how much of its heap is live, and what it logged.
 */
public final class ServerProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern HEAP_USED = Pattern.compile(
            "(?m)^jvm_memory_used_bytes\\{area=\"heap\",[^}]*} ([0-9.E+]+)$");

    private final Process process;
    private final Path log;
    private final int port;
    private final int turnPort;

    private ServerProcess(Process process, Path log, int port, int turnPort) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.turnPort = turnPort;
    }

    /**
     * Starts {@code target/parley.jar} with {@code deploy/jvm.options}, {@code -Xmx<heapMb>m}, on
     * 127.0.0.1 with free HTTP and TURN ports, and waits until it is ready.
     */
    public static ServerProcess start(int heapMb, String... flags) throws IOException {
        int port = freeTcpPort();
        int turn = freeUdpAndTcpPort();
        Files.createDirectories(Path.of("target", "server-logs"));
        Path log = Files.createTempFile(Path.of("target", "server-logs"), "parley-", ".log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + Path.of("deploy", "jvm.options").toAbsolutePath(), "-Xmx" + heapMb + "m",
                "-jar", Path.of("target", "parley.jar").toAbsolutePath().toString(),
                "--host", "127.0.0.1", "--port", String.valueOf(port), "--turn-port", String.valueOf(turn),
                "--secret", "process-secret-0123456789", "--drain-timeout", "1s", "--data-dir", Files.createTempDirectory("parley-data").toString()));
        cmd.addAll(List.of(flags));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ServerProcess server = new ServerProcess(p, log, port, turn);
        try {
            Poll.until("the server is ready", Duration.ofSeconds(40), () -> {
                if (!p.isAlive()) {
                    throw new AssertionError("the server exited at start:\n" + server.log());
                }
                return server.status("/readyz") == 200;
            });
        } catch (AssertionError e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A port free for both UDP and TCP on loopback (the TURN listeners take both). */
    private static int freeUdpAndTcpPort() throws IOException {
        for (int i = 0; i < 50; i++) {
            try (DatagramSocket u = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                 ServerSocket t = new ServerSocket(u.getLocalPort(), 1, InetAddress.getLoopbackAddress())) {
                return u.getLocalPort();
            } catch (IOException e) {
                // the TCP side was taken: try another
            }
        }
        throw new IOException("no port free for both UDP and TCP");
    }

    public int port() {
        return port;
    }

    public int turnPort() {
        return turnPort;
    }

    public URI ws() {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    public URI http(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public boolean alive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** The status of a GET, or -1 when the server does not answer within two seconds. */
    public int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(http(path)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** A GET's body, or null when the server does not answer. */
    public String get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(http(path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Bytes of the heap still in use after a full collection: the live set, what an attack
     * managed to pin. Asks the JVM for the collection with {@code jcmd}, then reads the heap
     * meters from {@code /metrics}.
     */
    public long liveHeapBytes() throws IOException, InterruptedException {
        Process gc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(process.pid()), "GC.run").redirectErrorStream(true).start();
        gc.getInputStream().readAllBytes();
        if (!gc.waitFor(30, TimeUnit.SECONDS)) {
            gc.destroyForcibly();
            throw new IOException("jcmd GC.run did not finish");
        }
        String metrics = get("/metrics");
        if (metrics == null) {
            throw new IOException("no /metrics answer");
        }
        long used = 0;
        Matcher m = HEAP_USED.matcher(metrics);
        while (m.find()) {
            used += (long) Double.parseDouble(m.group(1));
        }
        return used;
    }

    /** What the server printed so far. */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
