package org.parley.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints one table from a results file: a row per figure, a column per server, and Parley's
 * ratio to each peer (Parley ÷ peer: below 1 is better for costs and latencies, above 1 for rates).
 * With {@code --markdown} the table is Markdown, for bench/RESULTS.md.
 */
public final class Report {
    private static final List<String> PEERS = List.of("peerjs", "socketio", "coturn", "floor");

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "bench/out/results.tsv");
        boolean markdown = args.length > 1 && args[1].equals("--markdown");
        Map<String, Map<String, Double>> rows = new LinkedHashMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split("\t");
            if (f.length < 4) {
                continue;
            }
            rows.computeIfAbsent(f[1], k -> new LinkedHashMap<>()).put(f[0], Double.parseDouble(f[2]));
            units.putIfAbsent(f[1], f[3]);
        }
        List<String> peers = PEERS.stream().filter(p -> rows.values().stream().anyMatch(r -> r.containsKey(p))).toList();
        List<String> header = new ArrayList<>(List.of("figure", "unit", "parley"));
        header.addAll(peers);
        peers.forEach(p -> header.add("parley/" + p));
        List<List<String>> table = new ArrayList<>();
        for (Map.Entry<String, Map<String, Double>> row : rows.entrySet()) {
            Map<String, Double> v = row.getValue();
            List<String> cells = new ArrayList<>(List.of(row.getKey(), units.get(row.getKey()), fmt(v.get("parley"))));
            peers.forEach(p -> cells.add(fmt(v.get(p))));
            for (String p : peers) {
                Double a = v.get("parley");
                Double b = v.get(p);
                cells.add(a == null || b == null || b == 0 || a < 0 || b < 0 ? "" : String.format(Locale.ROOT, "%.2f", a / b));
            }
            table.add(cells);
        }
        print(header, table, markdown);
    }

    private static String fmt(Double d) {
        if (d == null) {
            return "";
        }
        double a = Math.abs(d);
        return String.format(Locale.ROOT, a >= 100 || a == Math.rint(a) ? "%.0f" : a >= 10 ? "%.1f" : "%.2f", d);
    }

    private static void print(List<String> header, List<List<String>> table, boolean markdown) {
        int[] w = new int[header.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(table);
        for (List<String> r : all) {
            for (int i = 0; i < r.size(); i++) {
                w[i] = Math.max(w[i], r.get(i).length());
            }
        }
        for (int n = 0; n < all.size(); n++) {
            List<String> r = all.get(n);
            StringBuilder sb = new StringBuilder(markdown ? "| " : "");
            for (int i = 0; i < r.size(); i++) {
                String cell = r.get(i);
                sb.append(i < 2 ? String.format("%-" + w[i] + "s", cell) : String.format("%" + w[i] + "s", cell));
                sb.append(markdown ? " | " : "  ");
            }
            System.out.println(sb.toString().stripTrailing());
            if (n == 0) {
                StringBuilder sep = new StringBuilder(markdown ? "|" : "");
                for (int i = 0; i < w.length; i++) {
                    sep.append(markdown ? (i < 2 ? "-".repeat(w[i] + 2) : "-".repeat(w[i] + 1) + ":") + "|" : "-".repeat(w[i]) + "  ");
                }
                System.out.println(sep.toString().stripTrailing());
            }
        }
    }
}
