package org.parley.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.browser.Callers.id;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.support.Browser;
import org.parley.support.TestServer;

/** A room link's first load runs from the build's bundles alone: no source module is fetched. */
@Timeout(120)
class FirstLoadBrowserIT {

    @Test
    void roomLinkShowsThePrejoinScreenFromOneScriptAndOneStylesheet() {
        try (TestServer server = TestServer.start(); Browser browser = new Browser()) {
            Page page = browser.caller();
            List<String> loaded = new CopyOnWriteArrayList<>();
            page.onRequest(request -> {
                URI uri = URI.create(request.url());
                if (uri.getPort() == server.port()) {
                    loaded.add(uri.getPath());
                }
            });
            page.navigate(server.httpUrl() + "/?room=first-load");
            PlaywrightAssertions.assertThat(id(page, "display-name")).isVisible();
            // The stylesheet applied: the page's own rules, not the browser's defaults.
            assertThat(page.evaluate("getComputedStyle(document.querySelector('#view')).paddingTop")).isEqualTo("16px");
            assertThat(loaded).filteredOn(path -> !path.startsWith("/api/") && !path.equals("/ws"))
                    .allMatch(path -> path.equals("/") || path.matches("/assets/app-[0-9a-f]{10}\\.(js|css)"), "bundle")
                    .filteredOn(path -> path.startsWith("/assets/")).hasSize(2);
        }
    }
}
