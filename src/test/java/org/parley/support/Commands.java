package org.parley.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs system commands for the tests: every exit status checked, every wait bounded. */
final class Commands {
    private Commands() {}

    /** Asks a process to end, and kills it if it has not within five seconds. */
    static void stop(ProcessHandle p) {
        p.destroy();
        try {
            p.onExit().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            p.onExit().join();
        }
    }

    /** Runs a command and waits for it; a non-zero exit fails with the command and its stderr. */
    static String run(String... command) {
        return run(Duration.ofSeconds(30), command);
    }

    /** As {@link #run(String...)}, killing the command if it takes longer than {@code timeout}. */
    static String run(Duration timeout, String... command) {
        String line = String.join(" ", command);
        try {
            Process p = new ProcessBuilder(command).start();
            p.getOutputStream().close();
            // Both pipes are drained on their own threads: a chatty command cannot block on a
            // full pipe, and one that never ends (a STUN client waiting for a lost answer) is
            // killed at the timeout instead of hanging a read.
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out after " + timeout + ": " + line);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(line + " exited " + p.exitValue() + ": " + err.join().strip());
            }
            return out.join();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + line, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (in) {
                text.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.complete(e.toString());
            }
        });
        return text;
    }
}
