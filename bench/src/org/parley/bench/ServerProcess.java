package org.parley.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A server under test: started pinned to one core with {@code taskset}, measured from /proc
 * (CPU time of all its threads, resident set), stopped by its pid. {@code taskset} execs the
 * server, so the child's pid is the server's.
 */
final class ServerProcess implements AutoCloseable {
    /** USER_HZ: the unit of utime/stime in /proc/PID/stat; 100 on every Linux of this kind. */
    private static final long TICKS_PER_SECOND = 100;

    private final Process process;
    final String name;
    final long startNanos;

    private ServerProcess(String name, Process process, long startNanos) {
        this.name = name;
        this.process = process;
        this.startNanos = startNanos;
    }

    static ServerProcess start(String name, String cpu, List<String> command, Path log) throws IOException {
        List<String> full = new ArrayList<>();
        if (cpu != null && !cpu.isEmpty()) {
            full.addAll(List.of("taskset", "-c", cpu));
        }
        full.addAll(command);
        Files.createDirectories(log.getParent());
        long start = System.nanoTime();
        Process p = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        return new ServerProcess(name, p, start);
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Polls until the TCP port accepts a connection; returns the nanoTime it did. */
    long awaitPort(int port, long timeoutMillis) throws InterruptedException {
        long end = System.nanoTime() + timeoutMillis * 1_000_000;
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return System.nanoTime();
            } catch (IOException notYet) {
                Thread.sleep(5);
            }
        }
        throw new IllegalStateException(name + " did not open port " + port + " in " + timeoutMillis + " ms");
    }

    /** User plus system CPU time of the whole process so far, in nanoseconds (10 ms resolution). */
    long cpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid() + "/stat"));
            // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15
            return ticks * (1_000_000_000L / TICKS_PER_SECOND);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid() + "/stat", e);
        }
    }

    /** Resident set size in KiB (VmRSS). */
    long rssKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid() + "/status", e);
        }
        throw new IllegalStateException("no VmRSS for " + pid());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
