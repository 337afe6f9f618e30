package org.parley.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.browser.Callers.id;
import static org.parley.browser.Callers.joinRoom;
import static org.parley.browser.Callers.visible;
import static org.parley.browser.Callers.waitParticipants;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.support.Browser;
import org.parley.support.Poll;
import org.parley.support.TestServer;

/** Sharing a room (link, message, QR) and chatting in it. */
@Timeout(120)
class RoomFeaturesBrowserIT {
    private static TestServer server;
    private static Browser browser;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        browser = new Browser();
    }

    @AfterAll
    static void stop() {
        browser.close();
        server.close();
    }


    private static String clipboard(Page page) {
        return (String) page.evaluate("() => navigator.clipboard.readText()");
    }

    @Test
    void qrCodeDecodesToExactlyTheShareLinkAndCopyButtonsCopyLinkAndMessage() throws Exception {
        Page a = browser.caller();
        String link = Callers.createRoomAndEnter(a, server.httpUrl(), "Alice");
        String code = link.replaceAll(".*room=(\\d+).*", "$1");

        if (!id(a, "qr").isVisible()) {
            // The QR may sit behind a share/invite toggle.
            id(a, "share").click();
        }
        visible(a, "qr");
        byte[] png = id(a, "qr").screenshot();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        String decoded = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)))).getText();
        assertThat(decoded).isEqualTo(link);

        id(a, "copy-link").click();
        Poll.until("the link is on the clipboard", Callers.MEDIA_WAIT, () -> link.equals(clipboard(a)));
        id(a, "copy-message").click();
        Poll.until("the message is on the clipboard", Callers.MEDIA_WAIT, () -> clipboard(a).contains(link));
        assertThat(clipboard(a)).contains(code).isNotEqualTo(link);
        a.context().close();
    }

    @Test
    void chatShowsMarkupAsTextRunsNothingAndSurvivesAReload() {
        String room = "chat-room";
        Page a = browser.caller();
        Page b = browser.caller("ru-RU");
        joinRoom(a, server.link(room), "Alice");
        joinRoom(b, server.link(room), "Борис");
        waitParticipants(a, 2);

        String[] evil = {"<img src=x onerror=\"window.__xss=1\">", "<script>window.__xss=2</script>"};
        openChat(a);
        for (String text : evil) {
            id(a, "chat-input").fill(text);
            id(a, "chat-send").click();
        }
        PlaywrightAssertions.assertThat(id(b, "chat-unread")).containsText("2");
        openChat(b);
        PlaywrightAssertions.assertThat(id(b, "chat-message")).hasCount(2);
        assertThat(id(b, "chat-message").nth(0).textContent()).contains(evil[0]);
        assertThat(id(b, "chat-message").nth(1).textContent()).contains(evil[1]);
        for (Page p : new Page[] {a, b}) {
            assertThat(p.evaluate("() => window.__xss === undefined")).isEqualTo(true);
            assertThat(p.locator("[data-testid=chat-message] img, [data-testid=chat-message] script").count()).isZero();
        }

        id(b, "chat-input").fill("Привет!\nвторая строка");
        id(b, "chat-send").click();
        PlaywrightAssertions.assertThat(id(a, "chat-message")).hasCount(3);

        b.reload();
        id(b, "join").click();
        waitParticipants(b, 2);
        openChat(b);
        PlaywrightAssertions.assertThat(id(b, "chat-message")).hasCount(3);
        assertThat(id(b, "chat-message").nth(2).textContent()).contains("вторая строка");
        assertThat(b.evaluate("() => window.__xss === undefined")).isEqualTo(true);
        a.context().close();
        b.context().close();
    }

    private static void openChat(Page page) {
        if (!id(page, "chat-input").isVisible()) {
            id(page, "chat-toggle").click();
        }
        visible(page, "chat-input");
    }
}
