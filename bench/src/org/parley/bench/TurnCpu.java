package org.parley.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Server CPU per relayed message: Parley's embedded TURN and a coturn started here, both pinned
 * to one core, both driven by coturn's own {@code turnutils_uclient} (pinned to the other) in
 * client-to-client mode over UDP: each message crosses the server twice (into the sender's
 * allocation, out of the receiver's). CPU is the server's user+system time over the client's run.
 */
public final class TurnCpu {
    private static final Pattern RECEIVED = Pattern.compile("tot_send_msgs=(\\d+), tot_recv_msgs=(\\d+)");

    public static void main(String[] args) throws Exception {
        String jar = args.length > 0 ? args[0] : "target/parley.jar";
        Results results = new Results(Path.of(args.length > 1 ? args[1] : "bench/out/results.tsv"));
        String clients = System.getProperty("turn.clients", "20");
        String messages = System.getProperty("turn.messages", "1500");
        Path out = results.dir();
        String java = System.getProperty("java.home") + "/bin/java";
        // Parley: embedded TURN, loopback peers allowed (the uclient peers are on loopback), no bandwidth cap.
        int http = ServerProcess.freePort();
        int turn = ServerProcess.freePort();
        try (ServerProcess p = ServerProcess.start("parley", "0", List.of(java, "@deploy/jvm.options", "-jar", jar, "--host", "127.0.0.1",
                "--port", String.valueOf(http), "--turn-port", String.valueOf(turn), "--turn-allow-peers", "127.0.0.0/8",
                "--turn-max-kbps", "0", "--turn-quota", "1000",
                "--data-dir", System.getProperty("java.io.tmpdir") + "/parley-bench-data"), out.resolve("turn-parley.log"))) {
            p.awaitPort(http, 30_000);
            awaitReady(http);
            String ice = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + http + "/api/ice-servers")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            String user = Adapter.field(ice, "username");
            String pass = Adapter.field(ice, "credential");
            // A first run of the same size warms the JIT up, as a server that has been running would be.
            uclient(List.of("-u", user, "-w", pass), turn, clients, messages);
            measure(results, p, List.of("-u", user, "-w", pass), turn, clients, messages);
        }
        // coturn, configured as docs/DEPENDENCIES.md describes it for loopback tests.
        int cport = ServerProcess.freePort();
        Path db = Files.createTempDirectory("coturn");
        String secret = "bench-secret-0123456789";
        try (ServerProcess c = ServerProcess.start("coturn", "0", List.of("turnserver", "-n",
                "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", "--listening-port=" + cport,
                "--use-auth-secret", "--static-auth-secret=" + secret, "--realm=parley.test", "--no-tls", "--no-dtls",
                "--no-cli", "--allow-loopback-peers", "--userdb=" + db.resolve("turndb"),
                "--pidfile=" + db.resolve("pid"), "--log-file=stdout"), out.resolve("turn-coturn.log"))) {
            Thread.sleep(1000);
            uclient(List.of("-W", secret), cport, clients, messages);
            measure(results, c, List.of("-W", secret), cport, clients, messages);
        }
    }

    private static void measure(Results results, ServerProcess server, List<String> auth, int port, String clients,
                                String messages) throws Exception {
        long cpu0 = server.cpuNanos();
        long t0 = System.nanoTime();
        long[] counts = uclient(auth, port, clients, messages);
        long cpu = server.cpuNanos() - cpu0;
        double seconds = (System.nanoTime() - t0) / 1e9;
        results.put(server.name, "turn.received", counts[1], "of " + counts[0] + " messages");
        results.put(server.name, "turn.rate", counts[1] / seconds, "msg/s");
        results.put(server.name, "turn.cpu", cpu / 1e6, "ms CPU");
        results.put(server.name, "turn.cpu_per_msg", cpu / 1e3 / Math.max(1, counts[1]), "us");
    }

    /** Runs turnutils_uclient (1 KiB messages, 2 ms apart per client, UDP, client to client); returns sent, received. */
    private static long[] uclient(List<String> auth, int port, String clients, String messages) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("taskset", "-c", "1", "turnutils_uclient", "-y", "-c",
                "-l", "1024", "-z", "2", "-m", clients, "-n", messages, "-p", String.valueOf(port)));
        cmd.addAll(auth);
        cmd.add("127.0.0.1");
        Process u = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] bytes = u.getInputStream().readAllBytes();
        if (!u.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
            u.destroyForcibly();
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        Matcher m = RECEIVED.matcher(text);
        long sent = 0, received = 0;
        while (m.find()) { // the last summary line is the total
            sent = Long.parseLong(m.group(1));
            received = Long.parseLong(m.group(2));
        }
        if (received == 0) {
            System.err.println(text.length() > 3000 ? text.substring(text.length() - 3000) : text);
        }
        return new long[] {sent, received};
    }

    private static void awaitReady(int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 600; i++) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // keep polling
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("Parley not ready");
    }
}
