package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.support.TestServer;

/**
 * The built page loads its first view from the build's bundles (WebBundle): one stylesheet and one
 * self-contained module script with content-hashed names, cached for good, while the lazy QR
 * library stays a separate load and the source modules stay served for the /check page.
 */
@Timeout(60)
class PageBundleIT {
    private static final Pattern REF = Pattern.compile("<(?:script|link)[^>]*?(?:src|href)=\"([^\"#]+)\"");
    private static TestServer server;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.httpUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> references(String html) {
        List<String> refs = new ArrayList<>();
        Matcher m = REF.matcher(html);
        while (m.find()) {
            if (!m.group(1).startsWith("data:")) {
                refs.add(m.group(1));
            }
        }
        return refs;
    }

    @Test
    void roomLinkPageReferencesOnlyTheHashedBundlesWhichAreServedAndCachedForGood() throws Exception {
        HttpResponse<String> page = get("/?room=48213");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
        List<String> refs = references(page.body());
        assertThat(refs).hasSize(2).allMatch(ref -> ref.matches("assets/app-[0-9a-f]{10}\\.(js|css)"));
        for (String ref : refs) {
            HttpResponse<String> asset = get("/" + ref);
            assertThat(asset.statusCode()).as(ref).isEqualTo(200);
            assertThat(asset.headers().firstValue("Cache-Control")).as(ref).hasValue("public, max-age=31536000, immutable");
            assertThat(asset.body()).as(ref).isNotBlank();
        }
    }

    @Test
    void bundledScriptImportsNothingStaticallyAndLoadsTheQrLibraryLazily() throws Exception {
        String script = references(get("/").body()).stream().filter(ref -> ref.endsWith(".js")).findFirst().orElseThrow();
        String js = get("/" + script).body();
        assertThat(js).doesNotContainPattern("(^|[;}\\n])\\s*import\\s*[{*\\w'\"]");
        assertThat(js).contains("import(\"/vendor/qrcode.mjs\")");
        assertThat(get("/vendor/qrcode.mjs").statusCode()).isEqualTo(200);
    }

    @Test
    void checkPageAndSourceModulesAreStillServedAsTheyAre() throws Exception {
        for (String ref : references(get("/check").body())) {
            assertThat(get(ref).statusCode()).as(ref).isEqualTo(200);
        }
        assertThat(get("/js/app.js").body()).contains("from './i18n.js'");
    }

    @Test
    void anUnknownAssetIsNotFound() throws Exception {
        assertThat(get("/assets/app-0000000000.js").statusCode()).isEqualTo(404);
    }
}
