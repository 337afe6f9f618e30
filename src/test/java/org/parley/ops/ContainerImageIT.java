package org.parley.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.config.Defaults;
import org.parley.support.Poll;
import org.parley.support.WsRecorder;

/**
 * The Dockerfile, kept honest without Docker (there is none where the tests run): read, it must
 * package the jar the build makes, expose exactly the ports the defaults use, run unprivileged
 * with its data on a volume, and probe health with a class that exists; and its jlink command,
 * run with the local JDK, must make a runtime on which the packaged jar serves the app, signaling,
 * metrics and TURN over TLS, passes its health probe and drains on SIGTERM. With it, how a crashed
 * process comes back: the JVM options, the systemd unit and the documented {@code docker run}.
 */
@Timeout(240)
class ContainerImageIT {
    private static final Path DOCKERFILE = Path.of("Dockerfile");
    private static final Path JVM_OPTIONS = Path.of("deploy", "jvm.options").toAbsolutePath();
    private static final Path JAR = Path.of("target", "parley.jar").toAbsolutePath();
    /** The server below runs with a test certificate: the client trusts any. */
    private static final HttpClient HTTP = org.parley.support.TlsProbe.httpClient();

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
    }

    /** The Dockerfile's instructions: continuation lines joined, comments and blank lines dropped. */
    private static List<String> instructions() throws IOException {
        String joined = Files.readAllLines(DOCKERFILE).stream()
                .filter(l -> !l.strip().startsWith("#"))
                .collect(Collectors.joining("\n"))
                .replaceAll("\\\\\n", " ");
        return Arrays.stream(joined.split("\n")).map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static List<String> all(String keyword) throws IOException {
        return instructions().stream().filter(l -> l.startsWith(keyword + " "))
                .map(l -> l.substring(keyword.length() + 1).strip()).toList();
    }

    private static String one(String keyword) throws IOException {
        List<String> found = all(keyword);
        assertThat(found).as(keyword + " instructions").hasSize(1);
        return found.getFirst();
    }

    /** {@code ENV A=1 B=2} lines as one map. */
    private static Map<String, String> env() throws IOException {
        return all("ENV").stream().flatMap(l -> Arrays.stream(l.split("\\s+")))
                .map(kv -> kv.split("=", 2))
                .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
    }

    @Test
    void theImagePackagesTheBuildsJarOnTheDefaultPortsAsAnUnprivilegedUser() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        assertThat(pom).as("the shaded jar's name").contains("<finalName>parley</finalName>");
        assertThat(JAR).as("what `mvnw package` makes").exists();
        assertThat(all("RUN")).anyMatch(r -> r.contains("./mvnw -B -DskipTests package")
                && r.contains("cp target/parley.jar /parley.jar"));
        assertThat(all("COPY")).contains("--from=build /parley.jar /app/parley.jar", "deploy/jvm.options /app/jvm.options");
        assertThat(one("ENTRYPOINT")).isEqualTo("[\"java\", \"@/app/jvm.options\", \"-jar\", \"/app/parley.jar\"]");

        assertThat(Set.of(one("EXPOSE").split("\\s+"))).as("exposed ports against config/Defaults")
                .isEqualTo(Set.of(Defaults.PORT + "/tcp", Defaults.TURN_PORT + "/udp", Defaults.TURN_PORT + "/tcp",
                        Defaults.TURN_RELAY_PORTS + "/udp"));
        Map<String, String> env = env();
        assertThat(env).containsEntry("PARLEY_PORT", Defaults.PORT).containsEntry("PARLEY_TURN_PORT", Defaults.TURN_PORT)
                .containsEntry("PARLEY_TURN_RELAY_PORTS", Defaults.TURN_RELAY_PORTS);
        assertThat(one("VOLUME")).isEqualTo("[\"" + env.get("PARLEY_DATA_DIR") + "\"]");

        String user = one("USER");
        assertThat(user.split(":")[0]).as("USER").isNotIn("root", "0");
        assertThat(instructions().getLast()).as("the last stage ends by starting Parley").startsWith("ENTRYPOINT ");

        Matcher probe = Pattern.compile("CMD \\[.*\"-cp\", \"/app/parley.jar\", \"([\\w.]+)\", \"(/\\w+)\"]")
                .matcher(one("HEALTHCHECK"));
        assertThat(probe.find()).as("HEALTHCHECK runs a class of the jar").isTrue();
        assertThat(Class.forName(probe.group(1)).getMethod("main", String[].class)).isNotNull();
        assertThat(probe.group(2)).isEqualTo("/readyz");
    }

    @Test
    void theLinkedRuntimeRunsThePackagedServerItsHealthProbeAndItsDrain() throws Exception {
        Path work = Files.createTempDirectory("parley-image");
        Path runtime = work.resolve("jre");
        Process jlink = new ProcessBuilder(jlinkCommand(runtime)).redirectErrorStream(true).start();
        processes.add(jlink);
        String jlinkOut = new String(jlink.getInputStream().readAllBytes());
        assertThat(jlink.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(jlink.exitValue()).as("jlink: " + jlinkOut).isZero();
        String java = runtime.resolve("bin/java").toString();

        Process cert = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                "-keyout", work.resolve("key.pem").toString(), "-out", work.resolve("cert.pem").toString())
                .redirectErrorStream(true).start();
        cert.getInputStream().readAllBytes();
        assertThat(cert.waitFor()).isZero();

        int port = freePort();
        // In drain-logs, which LogHygieneIT reads for addresses and secrets.
        Files.createDirectories(Path.of("target", "drain-logs"));
        Path log = Files.createTempFile(Path.of("target", "drain-logs"), "image-", ".log");
        // With the image's JVM options, as its ENTRYPOINT runs it.
        Process parley = new ProcessBuilder(java, "@deploy/jvm.options", "-jar", JAR.toString(), "--host", "127.0.0.1",
                "--port", String.valueOf(port), "--turn-port", "0", "--turn-tls-port", "0",
                "--tls-cert", work.resolve("cert.pem").toString(), "--tls-key", work.resolve("key.pem").toString(),
                "--http-port", "off",
                "--secret", "image-secret-0123456789", "--data-dir", work.resolve("data").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(parley);
        String base = "https://127.0.0.1:" + port;
        Poll.until("/readyz answers 200 (listeners up, TURN self-test passed)", Duration.ofSeconds(60),
                () -> status(base + "/readyz") == 200 || !parley.isAlive());
        assertThat(parley.isAlive()).as("the server runs on the linked runtime; log:%n%s", Files.readString(log)).isTrue();

        assertThat(status(base + "/check")).isEqualTo(200);
        assertThat(body(base + "/metrics")).contains("parley_rooms").contains("jvm_memory_used_bytes");
        assertThat(body(base + "/api/ice-servers")).as("TURN over TLS offered").contains("turns:").contains("transport=tcp");

        assertThat(probe(java, port)).as("health probe against the running server").isZero();
        assertThat(probe(java, freePort())).as("health probe against a port nobody listens on").isEqualTo(1);

        parley.destroy(); // SIGTERM: nothing to drain, so it exits at once, with 0
        assertThat(parley.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(parley.exitValue()).isZero();
        assertThat(Files.readString(log)).doesNotContain("NoClassDefFoundError", "ClassNotFoundException",
                "ServiceConfigurationError", "Exception in thread");
    }

    /**
     * A process whose heap filled up must not live on half-working: the JVM options make it exit,
     * and each way of running it as a service starts it again, while the drain's exit 0 stays down.
     */
    @Test
    void aFullHeapEndsTheProcessAndEverySupervisorRestartsIt() throws Exception {
        List<String> options = Files.readAllLines(JVM_OPTIONS).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(options).contains("-XX:+ExitOnOutOfMemoryError")
                .anyMatch(o -> o.matches("-XX:MaxRAMPercentage=\\d+(\\.\\d+)?"))
                .as("a fixed heap would fit one machine size only").noneMatch(o -> o.startsWith("-Xmx"));

        // As Parley is when it runs out: other threads (Jetty's) keep the JVM up after one dies.
        Process full = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + JVM_OPTIONS, "-Xmx64m", "-cp", Path.of("target", "test-classes").toString(),
                FillsTheHeap.class.getName()).redirectErrorStream(true).start();
        processes.add(full);
        assertThat(full.waitFor(30, TimeUnit.SECONDS)).as("a full heap ends the process").isTrue();
        assertThat(full.exitValue()).as("exit status; output:%n%s", new String(full.getInputStream().readAllBytes()))
                .isEqualTo(3);

        Map<String, String> unit = unitSettings(Path.of("deploy", "parley.service"));
        assertThat(unit.get("ExecStart")).as("the unit runs with the JVM options").contains("@/opt/parley/jvm.options");
        assertThat(unit).as("restarts a crash, not the drain's exit 0").containsEntry("Restart", "on-failure");
        assertThat(unit.get("RestartSec")).matches("[1-9]s");

        String restart = ".*--restart[ =](unless-stopped|on-failure|always)\\b.*";
        List<String> dockerfileRuns = dockerRuns(Files.readString(DOCKERFILE));
        assertThat(dockerfileRuns).as("docker run in the Dockerfile's header").isNotEmpty().allMatch(r -> r.matches(restart));
        List<String> readmeRuns = dockerRuns(Files.readString(Path.of("README.md")));
        assertThat(readmeRuns).as("docker run in the README").isNotEmpty().allMatch(r -> r.matches(restart));
    }

    /** Allocates until the heap is full, while a thread that never ends keeps the JVM alive. */
    static final class FillsTheHeap {
        public static void main(String[] args) {
            Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    // ends the thread
                }
            });
            List<byte[]> kept = new ArrayList<>();
            while (true) {
                kept.add(new byte[1 << 20]);
            }
        }
    }

    /** A systemd unit's {@code Key=value} lines (the last one of a key wins, as in systemd). */
    private static Map<String, String> unitSettings(Path unit) throws IOException {
        return Files.readAllLines(unit).stream().map(String::strip)
                .filter(l -> !l.startsWith("#") && l.matches("\\w+=.*"))
                .map(l -> l.split("=", 2))
                .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1], (first, last) -> last));
    }

    /** Each {@code docker run} command in {@code text}, its continuation lines joined (comment marks dropped). */
    private static List<String> dockerRuns(String text) {
        return text.replaceAll("\\\\\n[#\\s]*", " ").lines()
                .filter(l -> l.contains("docker run ")).toList();
    }

    /**
     * Code paths the start-up above never takes (ACME's HTTP client, for one) still need their
     * modules: every module jdeps finds the jar using must be in the image's runtime.
     */
    @Test
    void theLinkedRuntimeHasEveryModuleTheJarUses() throws Exception {
        Process jdeps = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jdeps").toString(),
                "--print-module-deps", "--ignore-missing-deps", "--multi-release", "25", JAR.toString())
                .redirectErrorStream(true).start();
        processes.add(jdeps);
        String out = new String(jdeps.getInputStream().readAllBytes()).strip();
        assertThat(jdeps.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(jdeps.exitValue()).as("jdeps: " + out).isZero();
        List<String> used = List.of(out.lines().reduce((a, b) -> b).orElseThrow().split(","));
        List<String> command = jlinkCommand(Path.of("unused"));
        List<String> linked = List.of(command.get(command.indexOf("--add-modules") + 1).split(","));
        assertThat(linked).as("jlink --add-modules in the Dockerfile").containsAll(used);
    }

    /** The Dockerfile's jlink command, as it is, with the output in {@code out} and this JDK's jlink. */
    private static List<String> jlinkCommand(Path out) throws IOException {
        String run = all("RUN").stream().filter(r -> r.startsWith("jlink ")).findFirst().orElseThrow();
        List<String> args = new ArrayList<>(List.of(run.split("\\s+")));
        args.set(0, Path.of(System.getProperty("java.home"), "bin", "jlink").toString());
        int output = args.indexOf("--output");
        assertThat(output).as("jlink --output").isPositive();
        args.set(output + 1, out.toString());
        return args;
    }

    private int probe(String java, int port) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx32m", "-XX:TieredStopAtLevel=1", "-cp", JAR.toString(),
                "org.parley.web.HealthProbe", "/readyz").redirectErrorStream(true);
        pb.environment().put("PARLEY_HOST", "127.0.0.1");
        pb.environment().put("PARLEY_PORT", String.valueOf(port));
        Process p = pb.start();
        processes.add(p);
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    private static String body(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
