package org.parley.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.browser.Callers.id;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.support.Browser;
import org.parley.support.Poll;
import org.parley.support.TestServer;

/**
 * The connection check page ({@code /check}) in headless Chromium against a local server: what it
 * reports for a working setup, for a server without TURN, for a STUN server that does not answer,
 * and for a browser that refuses the camera; and that its copied report holds no credential.
 */
@Timeout(240)
class CheckPageBrowserIT {
    private static final List<String> ROWS = List.of("camera", "mic", "signaling", "stun", "turn-udp", "turn-tcp", "turn-tls");

    private static Browser browser;

    @BeforeAll
    static void start() {
        browser = new Browser();
    }

    @AfterAll
    static void stop() {
        browser.close();
    }

    /** Opens /check and waits until every check has finished. */
    private static void runChecks(Page page, String baseUrl) {
        page.navigate(baseUrl + "/check");
        awaitChecks(page);
    }

    private static void awaitChecks(Page page) {
        page.locator("[data-testid=check][data-state=done]").waitFor(new Locator.WaitForOptions()
                .setState(WaitForSelectorState.ATTACHED).setTimeout(120_000));
    }

    /** Each row's {@code data-status}, in page order. */
    private static Map<String, String> statuses(Page page) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String row : ROWS) {
            out.put(row, id(page, "check-" + row + "-status").getAttribute("data-status"));
        }
        return out;
    }

    private static String detail(Page page, String row) {
        return id(page, "check-" + row + "-detail").textContent();
    }

    private static String clipboard(Page page) {
        return (String) page.evaluate("() => navigator.clipboard.readText()");
    }

    @Test
    void aWorkingServerPassesCameraMicrophoneStunTurnUdpTcpAndSignalingAndTheCopiedReportSaysSo() throws Exception {
        try (TestServer server = TestServer.start()) {
            Page page = browser.caller();
            // The credentials the page was handed, to look for them in the report afterwards.
            List<String> iceBodies = new ArrayList<>();
            page.onResponse(r -> {
                if (r.url().endsWith("/api/ice-servers")) {
                    iceBodies.add(r.text());
                }
            });
            runChecks(page, server.httpUrl());

            assertThat(statuses(page)).as("row statuses; report:%n%s", id(page, "check-report").textContent())
                    .isEqualTo(Map.of(
                            "camera", "ok", "mic", "ok", "signaling", "ok", "stun", "ok",
                            "turn-udp", "ok", "turn-tcp", "ok", "turn-tls", "skipped"));
            assertThat(detail(page, "camera")).matches("\\d+ camera\\(s\\) found; video \\d+×\\d+");
            assertThat(detail(page, "turn-udp")).contains("over UDP");
            assertThat(detail(page, "turn-tcp")).contains("over TCP");
            assertThat(detail(page, "turn-tls")).contains("no TURN over TLS");
            assertThat(detail(page, "signaling")).matches("Connected; round trip \\d+(\\.\\d)? ms .*");

            id(page, "copy-report").click();
            Poll.until("the report is on the clipboard", Callers.MEDIA_WAIT, () -> clipboard(page).contains("Signaling:"));
            String report = clipboard(page);
            assertThat(report).isEqualTo(id(page, "check-report").textContent())
                    .contains("Browser: Mozilla/5.0")
                    .containsPattern("(?m)^Camera: OK — .*video \\d+×\\d+$")
                    .containsPattern("(?m)^Microphone: OK — ")
                    .containsPattern("(?m)^STUN: OK — The STUN server answered")
                    .containsPattern("(?m)^TURN over UDP: OK — .*over UDP")
                    .containsPattern("(?m)^TURN over TCP: OK — .*over TCP")
                    .containsPattern("(?m)^TURN over TLS: Skipped — ")
                    .containsPattern("(?m)^Signaling: OK — Connected; round trip \\d+(\\.\\d)? ms");

            assertThat(iceBodies).hasSize(1);
            JsonNode turn = null;
            for (JsonNode s : new ObjectMapper().readTree(iceBodies.getFirst()).get("iceServers")) {
                if (s.has("credential")) {
                    turn = s;
                }
            }
            assertThat(turn).as("the page was given TURN credentials").isNotNull();
            assertThat(report).doesNotContain(turn.get("credential").asText())
                    .doesNotContain(turn.get("username").asText())
                    .doesNotContain(turn.get("username").asText().replaceAll(".*:", ""))
                    .doesNotContainIgnoringCase("turn:");
            page.context().close();
        }
    }

    @Test
    void turnOverTlsIsTestedWhenTheServerOffersIt() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("check-tls");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString())
                .redirectErrorStream(true).start();
        openssl.getInputStream().readAllBytes();
        assertThat(openssl.waitFor()).isZero();
        // The certificate is self-signed: this Chromium is told to accept it, as it would a real one.
        try (TestServer server = TestServer.start("--tls-cert", dir.resolve("cert.pem").toString(),
                "--tls-key", dir.resolve("key.pem").toString(), "--turn-tls-port", "0", "--turn-host", "127.0.0.1");
             Browser trusting = new Browser(java.nio.file.Path.of(Browser.CHROMIUM), List.of("--ignore-certificate-errors"))) {
            Page page = trusting.caller();
            runChecks(page, server.httpUrl());
            assertThat(statuses(page)).as("row statuses; report:%n%s", id(page, "check-report").textContent())
                    .isEqualTo(Map.of("camera", "ok", "mic", "ok", "signaling", "ok", "stun", "ok",
                            "turn-udp", "ok", "turn-tcp", "ok", "turn-tls", "ok"));
            assertThat(detail(page, "turn-tls")).contains("over TLS");
        }
    }

    @Test
    void withoutTurnTheRelayRowsFailAndSayWhyInRussian() {
        try (TestServer server = TestServer.start("--turn", "off")) {
            Page page = browser.caller("ru-RU");
            runChecks(page, server.httpUrl());
            assertThat(statuses(page)).isEqualTo(Map.of(
                    "camera", "ok", "mic", "ok", "signaling", "ok", "stun", "failed",
                    "turn-udp", "failed", "turn-tcp", "failed", "turn-tls", "skipped"));
            assertThat(detail(page, "turn-udp")).contains("Сервер не предлагает TURN-ретранслятор");
            assertThat(detail(page, "stun")).contains("Сервер не предлагает STUN");
            assertThat(id(page, "check-report").textContent()).contains("TURN по UDP: Ошибка — ");
            page.context().close();
        }
    }

    @Test
    void aStunServerThatNeverAnswersFailsTheStunCheck() throws Exception {
        // A UDP port that swallows every request: the page is told to use it as its STUN server.
        try (TestServer server = TestServer.start();
             DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Page page = browser.caller();
            page.route("**/api/ice-servers", route -> route.fulfill(new Route.FulfillOptions()
                    .setStatus(200).setContentType("application/json")
                    .setBody("{\"iceServers\":[{\"urls\":[\"stun:127.0.0.1:" + silent.getLocalPort() + "\"]}]}")));
            runChecks(page, server.httpUrl());
            assertThat(statuses(page)).containsEntry("stun", "failed").containsEntry("turn-udp", "failed");
            assertThat(detail(page, "stun")).containsAnyOf("did not answer", "No answer from the STUN server");
            page.context().close();
        }
    }

    @Test
    void aRefusedCameraIsExplainedAndTheLandingPageLinksToTheCheck() {
        try (TestServer server = TestServer.start(); Browser refusing = new Browser(false)) {
            Page page = refusing.caller();
            page.navigate(server.httpUrl() + "/");
            id(page, "check-link").click();
            page.waitForURL(server.httpUrl() + "/check");
            awaitChecks(page);
            assertThat(statuses(page)).containsEntry("camera", "failed").containsEntry("mic", "failed")
                    .containsEntry("signaling", "ok").containsEntry("turn-udp", "ok");
            assertThat(detail(page, "camera")).contains("Camera and microphone access was denied");
        }
    }
}
