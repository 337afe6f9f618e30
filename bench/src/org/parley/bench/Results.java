package org.parley.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;

/** Appends one figure per line to the run's results file: {@code server TAB metric TAB value TAB unit}. */
final class Results {
    private final Path file;

    Results(Path file) throws IOException {
        this.file = file;
        Files.createDirectories(file.toAbsolutePath().getParent());
    }

    /** Where the run's logs go: next to the results file. */
    Path dir() {
        return file.toAbsolutePath().getParent();
    }

    void put(String server, String metric, double value, String unit) {
        String line = String.format(Locale.ROOT, "%s\t%s\t%.4f\t%s%n", server, metric, value, unit);
        System.out.printf(Locale.ROOT, "  %-10s %-34s %12.3f %s%n", server, metric, value, unit);
        try {
            Files.writeString(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
    }

    /** The q-quantile (0..1) of sorted values, nearest rank. */
    static long quantile(long[] sorted, int n, double q) {
        if (n == 0) {
            return -1;
        }
        int i = (int) Math.ceil(q * n) - 1;
        return sorted[Math.max(0, Math.min(n - 1, i))];
    }

    static long[] sorted(long[] values, int n) {
        long[] s = Arrays.copyOf(values, n);
        Arrays.sort(s);
        return s;
    }
}
