package org.parley.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The web app's files, read from the classpath (the jar, or {@code target/classes} in tests) the
 * first time each is asked for and kept in memory with its gzip form and a strong ETag: the whole
 * app is a few hundred KiB, and nothing on disk changes under a running jar. Only names made of
 * plain characters with a known extension are looked up, so no path reaches another classpath
 * resource. Hashed bundles under {@code /assets/} are cached by browsers for good; everything
 * else is revalidated on every load (a 304 when unchanged).
 */
final class StaticFiles {
    private static final Pattern SAFE = Pattern.compile("(?:[A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9_-][A-Za-z0-9._-]*");
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("mp3", "audio/mpeg"),
            Map.entry("ogg", "audio/ogg"),
            Map.entry("wav", "audio/wav"));
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";
    /** A weight of zero ({@code q=0}, {@code q=0.000}): "not acceptable" (RFC 9110 §12.4.2). */
    private static final Pattern ZERO_WEIGHT = Pattern.compile("q=0(\\.0*)?");

    /** One file as served: bytes, gzip form (null when it would not be smaller), ETag and type. */
    private record File(ByteBuffer raw, ByteBuffer gzip, String etag, String type) {}

    private final String root;
    private final Map<String, File> cache = new ConcurrentHashMap<>();

    StaticFiles(String root) {
        this.root = root;
    }

    /** Answers a GET or HEAD for a file of the app; false when there is no such file. */
    boolean serve(Exchange exchange) throws IOException {
        return serve(exchange, name(exchange.path()));
    }

    /** Answers with the file {@code name} (a resource name under the root, or null); false when there is none. */
    boolean serve(Exchange exchange, String name) throws IOException {
        if (name == null) {
            return false;
        }
        File file = cache.get(name);
        if (file == null) {
            file = load(name);
            if (file == null) {
                return false; // misses are not kept: the cache holds only what the jar has
            }
            cache.putIfAbsent(name, file);
        }
        boolean gzip = file.gzip() != null && acceptsGzip(exchange.header("Accept-Encoding"));
        // The gzip form is another representation (RFC 9110 §8.8.3), so it has its own tag.
        String etag = gzip ? file.etag().substring(0, file.etag().length() - 1) + "-gzip\"" : file.etag();
        exchange.header("Cache-Control", name.startsWith("assets/") ? IMMUTABLE : "no-cache");
        exchange.header("ETag", etag);
        if (file.gzip() != null) {
            exchange.header("Vary", "Accept-Encoding");
        }
        if (matches(exchange.header("If-None-Match"), etag)) {
            exchange.empty(304);
            return true;
        }
        if (gzip) {
            exchange.header("Content-Encoding", "gzip");
        }
        exchange.send(200, file.type(), gzip ? file.gzip() : file.raw());
        return true;
    }

    /** The resource name under the root for a request path, or null for a path we never serve. */
    static String name(String path) {
        if (path == null || !path.startsWith("/")) {
            return null;
        }
        String name = path.substring(1);
        if (name.isEmpty() || name.endsWith("/")) {
            name += "index.html";
        }
        if (!SAFE.matcher(name).matches() || name.contains("..")) {
            return null;
        }
        int dot = name.lastIndexOf('.');
        return dot > name.lastIndexOf('/') && TYPES.containsKey(name.substring(dot + 1)) ? name : null;
    }

    private File load(String name) throws IOException {
        byte[] raw;
        try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(root + "/" + name)) {
            if (in == null) {
                return null;
            }
            raw = in.readAllBytes();
        }
        String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
        byte[] gzip = compressible(type) ? gzip(raw) : null;
        return new File(ByteBuffer.wrap(raw).asReadOnlyBuffer(),
                gzip == null || gzip.length >= raw.length ? null : ByteBuffer.wrap(gzip).asReadOnlyBuffer(),
                "\"" + digest(raw) + "\"", type);
    }

    private static boolean compressible(String type) {
        return type.startsWith("text/") || type.startsWith("application/") || type.equals("image/svg+xml");
    }

    private static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 3 + 64);
        try (GZIPOutputStream z = new GZIPOutputStream(out) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            z.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String digest(byte[] raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 9110 §12.5.3: gzip listed without {@code q=0}. */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.split(",")) {
            String[] p = part.trim().split(";");
            if (p[0].trim().equalsIgnoreCase("gzip") || p[0].trim().equals("*")) {
                for (int i = 1; i < p.length; i++) {
                    if (ZERO_WEIGHT.matcher(p[i].trim().replace(" ", "")).matches()) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    /** RFC 9110 §13.1.2: a list of entity tags, or {@code *}; weak comparison. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.equals("*") || (t.startsWith("W/") ? t.substring(2) : t).equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
