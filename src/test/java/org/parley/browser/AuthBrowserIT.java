package org.parley.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.browser.Callers.id;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.auth.TokenCommand;
import org.parley.support.Browser;
import org.parley.support.Poll;
import org.parley.support.TcpProxy;
import org.parley.support.TestServer;
import picocli.CommandLine;

/** Under --auth join, the token command's link gets into the room; the same link without its token does not. */
@Timeout(120)
class AuthBrowserIT {
    static final String SECRET = "browser-test-hs256-secret-0123456789ab";

    @Test
    void aMintedLinkEntersAndWithoutItsTokenThePageSaysAnInvitationIsNeeded() {
        try (TestServer server = TestServer.start("--auth", "join", "--auth-key", SECRET);
             Browser browser = new Browser()) {
            TokenCommand command = new TokenCommand();
            new CommandLine(command).parseArgs("--room", "team-standup", "--ttl", "10m", "--base-url", server.httpUrl(),
                    "--secret", "test-secret-0123456789", "--auth-key", SECRET);
            String link = command.mint(Clock.systemUTC()).link();
            assertThat(link).contains("#" + server.key("team-standup") + "&token=");

            Page alice = browser.caller();
            Callers.joinRoom(alice, link, "Alice");
            assertThat(Callers.shareLink(alice)).as("a token for this room travels in its share link")
                    .endsWith(link.substring(link.indexOf("&token=")));

            Page bob = browser.caller();
            bob.navigate(link.substring(0, link.indexOf("&token=")));
            id(bob, "display-name").fill("Bob");
            id(bob, "join").click();
            PlaywrightAssertions.assertThat(id(bob, "error")).containsText("invitation link");
            PlaywrightAssertions.assertThat(id(bob, "participant")).hasCount(0);
            Callers.waitParticipants(alice, 1);
        }
    }

    @Test
    void afterAServerRestartThePageRejoinsWithItsLinksToken() throws Exception {
        TestServer first = TestServer.start("--auth", "join", "--auth-key", SECRET);
        try (TcpProxy proxy = new TcpProxy(first.port()); Browser browser = new Browser()) {
            TokenCommand command = new TokenCommand();
            new CommandLine(command).parseArgs("--room", "auth-restart", "--ttl", "10m", "--base-url", proxy.httpUrl(),
                    "--secret", "test-secret-0123456789", "--auth-key", SECRET);
            Page alice = browser.caller();
            Callers.joinRoom(alice, command.mint(Clock.systemUTC()).link(), "Alice");
            first.close();
            Poll.until("the page says it is reconnecting", Duration.ofSeconds(5), () -> id(alice, "reconnecting").isVisible());
            try (TestServer second = TestServer.start("--auth", "join", "--auth-key", SECRET)) {
                proxy.retarget(second.port());
                Poll.until("the page is back in the room on the new server (its rejoin carried the token)",
                        Duration.ofSeconds(20), () -> second.parley().rooms().memberIds("auth-restart").size() == 1);
                PlaywrightAssertions.assertThat(id(alice, "error")).not().containsText("invitation");
            }
        }
    }
}
