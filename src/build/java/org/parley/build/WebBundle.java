package org.parley.build;

import com.google.javascript.jscomp.CommandLineRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Build step (run by Maven in process-resources, see pom.xml): bundles the first load of the page
 * into one script and one stylesheet, so a room link costs two requests instead of forty-odd and
 * about half the bytes. The sources under {@code src/main/resources/web} stay plain ES modules and
 * are still served as they are (the /check page and the tests load them); only the built copy of
 * {@code index.html} points at the bundle.
 *
 * <ul>
 *   <li>Script: Google Closure Compiler at SIMPLE level (whitespace, comments, local names; no
 *       property renaming, so exported names, {@code dataset} keys and message fields are
 *       untouched), following the static imports from the page's module script. Lazy
 *       {@code import()}s stay lazy: they are left as they are and must therefore be absolute.
 *   <li>Stylesheets: the page's {@code <link rel="stylesheet">}s concatenated in order, comments and
 *       runs of whitespace dropped.
 *   <li>Names carry a hash of the content ({@code assets/app-1a2b3c4d5e.js}), so the server can let
 *       browsers keep them for a year while index.html itself is revalidated on every load.
 * </ul>
 *
 * Run from source (a multi-file source program, JEP 458: no compile step of its own) with the Closure
 * Compiler jar on the class path:
 * {@code java -cp closure-compiler.jar WebBundle.java SOURCE_WEB_DIR OUTPUT_WEB_DIR WORK_DIR}.
 */
public final class WebBundle {
    private static final Pattern STYLESHEET = Pattern.compile("[ \\t]*<link rel=\"stylesheet\" href=\"([^\"]+)\">\\R");
    private static final Pattern MODULE_SCRIPT = Pattern.compile("<script type=\"module\" src=\"([^\"]+)\"></script>");

    private WebBundle() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: WebBundle SOURCE_WEB_DIR OUTPUT_WEB_DIR WORK_DIR");
        }
        Path source = Path.of(args[0]);
        Path output = Path.of(args[1]);
        Path work = Path.of(args[2]);
        String html = Files.readString(source.resolve("index.html"));

        Path assets = output.resolve("assets");
        deleteTree(assets);
        Files.createDirectories(assets);

        Matcher script = MODULE_SCRIPT.matcher(html);
        if (!script.find()) {
            throw new IllegalStateException("index.html has no <script type=\"module\" src=\"…\">");
        }
        String js = compileScript(source, script.group(1), work);
        String jsName = "assets/app-" + hash(js) + ".js";
        Files.writeString(output.resolve(jsName), js);
        html = html.substring(0, script.start()) + "<script type=\"module\" src=\"" + jsName + "\"></script>"
                + html.substring(script.end());

        Matcher sheet = STYLESHEET.matcher(html);
        StringBuilder css = new StringBuilder();
        int first = -1;
        StringBuilder rest = new StringBuilder();
        int last = 0;
        while (sheet.find()) {
            css.append(Css.minify(Files.readString(source.resolve(sheet.group(1))))).append('\n');
            if (first < 0) {
                first = sheet.start();
            }
            rest.append(html, last, sheet.start());
            last = sheet.end();
        }
        if (first < 0) {
            throw new IllegalStateException("index.html has no <link rel=\"stylesheet\" href=\"…\">");
        }
        rest.append(html.substring(last));
        String cssName = "assets/app-" + hash(css.toString()) + ".css";
        Files.writeString(output.resolve(cssName), css);
        html = rest.substring(0, first) + "  <link rel=\"stylesheet\" href=\"" + cssName + "\">\n" + rest.substring(first);

        Files.writeString(output.resolve("index.html"), html);
        System.out.printf("WebBundle: %s (%d bytes), %s (%d bytes)%n", jsName,
                js.getBytes(StandardCharsets.UTF_8).length, cssName, css.toString().getBytes(StandardCharsets.UTF_8).length);
    }

    /** Closure Compiler over a copy of the modules (private names made public, see below). */
    private static String compileScript(Path source, String entry, Path work) throws IOException {
        Path copy = work.resolve("src");
        deleteTree(copy);
        List<String> flags = new ArrayList<>(List.of(
                "--compilation_level", "SIMPLE",
                "--language_in", "ECMASCRIPT_NEXT",
                "--language_out", "NO_TRANSPILE",
                "--charset", "UTF-8",
                "--module_resolution", "BROWSER",
                "--dependency_mode", "PRUNE",
                "--entry_point", copy.resolve(entry).toString(),
                "--chunk_output_type", "ES_MODULES",
                // The sources' JSDoc is written for TypeScript's checker (// @ts-check), not Closure's.
                "--jscomp_off", "*",
                "--warning_level", "QUIET",
                "--js_output_file", work.resolve("bundle.js").toString()));
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".js")).sorted().toList()) {
                Path to = copy.resolve(source.relativize(file).toString());
                Files.createDirectories(to.getParent());
                String rel = source.relativize(file).toString();
                String original = Files.readString(file);
                String rewritten = PrivateNames.publicize(rel, original);
                // The copy must differ from the source in the private names' sigils alone.
                if (!rewritten.equals(original) && !rewritten.replace("_$", "#").equals(original)) {
                    throw new IllegalStateException(rel + ": rewriting private names changed more than them");
                }
                Files.writeString(to, rewritten);
                flags.add("--js");
                flags.add(to.toString());
            }
        }
        int status = new Runner(flags.toArray(String[]::new)).compile();
        if (status != 0) {
            throw new IllegalStateException("Closure Compiler failed (status " + status + ")");
        }
        String js = Files.readString(work.resolve("bundle.js"));
        Matcher imports = Pattern.compile("import\\(\"([^\"]*)\"\\)").matcher(js);
        while (imports.find()) {
            if (!imports.group(1).startsWith("/")) {
                throw new IllegalStateException("lazy import(\"" + imports.group(1) + "\") must be absolute: "
                        + "the bundle lives elsewhere than the module that wrote it");
            }
        }
        return js;
    }

    /** Closure's command line without its System.exit. */
    private static final class Runner extends CommandLineRunner {
        Runner(String[] args) {
            super(args);
        }

        int compile() throws IOException {
            if (!shouldRunCompiler()) {
                return 1;
            }
            try {
                return doRun();
            } catch (IOException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static String hash(String content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
