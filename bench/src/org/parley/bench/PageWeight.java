package org.parley.bench;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * Page weight: every file the first load of a room link fetches, found by following the page's
 * references the way the browser does (the HTML's stylesheets and module script, each module's
 * static imports, CSS {@code url()}s), fetched from a running Parley with an empty cache. Lazy
 * {@code import()}s (loaded only when a feature is used) are counted apart. Reports the raw bytes,
 * the bytes the server sent when asked for gzip, and each file gzipped at level 9 by us.
 */
public final class PageWeight {
    private static final Pattern HTML_REF = Pattern.compile("<(?:script|link|img)[^>]*?(?:src|href)=\"([^\"#]+)\"");
    private static final Pattern STATIC_IMPORT = Pattern.compile(
            "(?:^|[;\\n}])\\s*(?:import|export)\\s*(?:[^'\";]*?\\sfrom\\s*)?['\"]([^'\"]+)['\"]");
    private static final Pattern DYNAMIC_IMPORT = Pattern.compile("import\\(\\s*['\"]([^'\"]+)['\"]\\s*\\)");
    private static final Pattern CSS_URL = Pattern.compile("(?:url\\(\\s*['\"]?|@import\\s+['\"])([^'\")]+)");

    private record Fetched(String path, boolean lazy, int raw, int wire, String encoding, int gzip9) {}

    public static void main(String[] args) throws Exception {
        String jar = args.length > 0 ? args[0] : "target/parley.jar";
        Results results = new Results(Path.of(args.length > 1 ? args[1] : "bench/out/results.tsv"));
        int port = ServerProcess.freePort();
        ServerProcess server = ServerProcess.start("parley", "0", List.of(System.getProperty("java.home") + "/bin/java",
                "-jar", jar, "--host", "127.0.0.1", "--port", String.valueOf(port), "--turn", "off",
                "--data-dir", System.getProperty("java.io.tmpdir") + "/parley-bench-data"),
                results.dir().resolve("pageweight-server.log"));
        try (server; HttpClient http = HttpClient.newHttpClient()) {
            server.awaitPort(port, 30_000);
            String base = "http://127.0.0.1:" + port;
            // A room link: the page is the same for every room; the key stays in the fragment.
            Map<String, Boolean> todo = new LinkedHashMap<>();
            ArrayDeque<String> queue = new ArrayDeque<>();
            List<Fetched> got = new ArrayList<>();
            queue.add("/?room=48213");
            todo.put("/?room=48213", false);
            while (!queue.isEmpty()) {
                String path = queue.poll();
                boolean lazy = todo.get(path);
                HttpResponse<byte[]> plain = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                HttpResponse<byte[]> zipped = http.send(HttpRequest.newBuilder(URI.create(base + path))
                        .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
                if (plain.statusCode() != 200) {
                    throw new IllegalStateException(path + ": HTTP " + plain.statusCode());
                }
                byte[] body = plain.body();
                String encoding = zipped.headers().firstValue("Content-Encoding").orElse("identity");
                got.add(new Fetched(path, lazy, body.length, zipped.body().length, encoding, gzip(body).length));
                String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
                String dir = path.contains("?") ? "/" : path.substring(0, path.lastIndexOf('/') + 1);
                if (path.startsWith("/?")) {
                    enqueue(HTML_REF.matcher(text), dir, lazy, todo, queue);
                } else if (path.endsWith(".css")) {
                    enqueue(CSS_URL.matcher(text), dir, lazy, todo, queue);
                } else if (path.endsWith(".js") || path.endsWith(".mjs")) {
                    String code = stripComments(text);
                    enqueue(STATIC_IMPORT.matcher(code), dir, lazy, todo, queue);
                    enqueue(DYNAMIC_IMPORT.matcher(code), dir, true, todo, queue);
                }
            }
            int raw = 0, wire = 0, gz = 0, lazyRaw = 0, lazyGz = 0, files = 0;
            for (Fetched f : got) {
                System.out.printf("  %-40s %-5s raw %7d  sent %7d (%s)  gzip-9 %6d%n", f.path(), f.lazy() ? "lazy" : "",
                        f.raw(), f.wire(), f.encoding(), f.gzip9());
                if (f.lazy()) {
                    lazyRaw += f.raw();
                    lazyGz += f.gzip9();
                } else {
                    raw += f.raw();
                    wire += f.wire();
                    gz += f.gzip9();
                    files++;
                }
            }
            results.put("parley", "page.files", files, "requests");
            results.put("parley", "page.raw", raw / 1024.0, "KiB");
            results.put("parley", "page.sent_with_accept_gzip", wire / 1024.0, "KiB");
            results.put("parley", "page.gzip9", gz / 1024.0, "KiB");
            results.put("parley", "page.lazy_raw", lazyRaw / 1024.0, "KiB");
            results.put("parley", "page.lazy_gzip9", lazyGz / 1024.0, "KiB");
        }
    }

    private static void enqueue(Matcher m, String dir, boolean lazy, Map<String, Boolean> todo, ArrayDeque<String> queue) {
        while (m.find()) {
            String ref = m.group(1);
            if (ref.startsWith("data:") || ref.startsWith("http:") || ref.startsWith("https:")) {
                continue;
            }
            String path = URI.create("http://x" + dir).resolve(ref).getPath();
            if (!todo.containsKey(path)) {
                todo.put(path, lazy);
                queue.add(path);
            }
        }
    }

    /** Drops block comments and line comments (JSDoc {@code import()} types are not loads). */
    static String stripComments(String js) {
        String noBlocks = js.replaceAll("(?s)/\\*.*?\\*/", " ");
        return noBlocks.replaceAll("(?m)(^|\\s)//.*$", "$1");
    }

    static byte[] gzip(byte[] data) throws java.io.IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out) {
            {
                def.setLevel(9);
            }
        }) {
            z.write(data);
        }
        return out.toByteArray();
    }
}
