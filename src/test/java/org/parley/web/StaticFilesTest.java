package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StaticFilesTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "null", value = {
            "/, index.html",
            "/index.html, index.html",
            "/js/, js/index.html",
            "/js/app.js, js/app.js",
            "/vendor/qrcode.mjs, vendor/qrcode.mjs",
            "/assets/app-f1ea486488.css, assets/app-f1ea486488.css",
            "/js, null",                      // a directory, no extension
            "/../pom.xml, null",              // out of the root
            "/js/../../logback.xml, null",
            "/js/..%2fx.js, null",
            "/.hidden.js, null",
            "/js//app.js, null",
            "/js\\app.js, null",
            "/app.class, null",               // not a type the app serves
            "/org/parley/Main.class, null",
            "app.js, null",                   // not a path
            "null, null",
    })
    void pathsMapToResourceNamesOnlyInsideTheAppAndWithAKnownType(String path, String name) {
        assertThat(StaticFiles.name(path)).isEqualTo(name);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "null", value = {
            "gzip, true",
            "'gzip, deflate, br', true",
            "'br;q=1.0, gzip;q=0.8', true",
            "'GZIP', true",
            "'*', true",
            "'gzip;q=0', false",
            "'gzip; q=0.000', false",
            "'deflate, br', false",
            "'', false",
            "null, false",
    })
    void gzipIsSentOnlyWhenAcceptedWithANonZeroWeight(String header, boolean accepted) {
        assertThat(StaticFiles.acceptsGzip(header)).isEqualTo(accepted);
    }

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource(nullValues = "null", value = {
            "'\"abc\"', '\"abc\"', true",
            "'W/\"abc\"', '\"abc\"', true",
            "'\"x\", \"abc\"', '\"abc\"', true",
            "'*', '\"abc\"', true",
            "'\"abc\"', '\"abc-gzip\"', false",
            "'\"abd\"', '\"abc\"', false",
            "null, '\"abc\"', false",
    })
    void ifNoneMatchComparesEntityTagsWeakly(String header, String etag, boolean matches) {
        assertThat(StaticFiles.matches(header, etag)).isEqualTo(matches);
    }
}
