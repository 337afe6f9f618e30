package org.parley.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.room.RoomKeys;
import picocli.CommandLine;

class LinkCommandTest {
    @TempDir
    Path dir;

    private static String link(String... args) {
        LinkCommand c = new LinkCommand();
        new CommandLine(c).parseArgs(args);
        return c.link();
    }

    @Test
    void printsTheStandingLinkTheServerAccepts() {
        String link = link("--room", "Team-Standup", "--base-url", "https://calls.example.org/",
                "--secret", "test-secret-0123456789");
        String key = new RoomKeys("test-secret-0123456789".getBytes()).standing("team-standup");
        assertThat(link).isEqualTo("https://calls.example.org/?room=team-standup#" + key);
    }

    @Test
    void usesTheServersGeneratedSecretInTheDataDirectory() {
        String first = link("--room", "retro", "--data-dir", dir.toString());
        String again = link("--room", "retro", "--data-dir", dir.toString());
        assertThat(first).isEqualTo(again).startsWith("http://localhost:8080/?room=retro#");
        assertThat(ServerSecret.fromDataDir(dir)).hasSize(32);
    }

    @Test
    void refusesCodesAndBadAddresses() {
        assertThatThrownBy(() -> link("--room", "48213", "--secret", "test-secret-0123456789"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("room:");
        assertThatThrownBy(() -> link("--room", "x", "--base-url", "ftp://x", "--secret", "test-secret-0123456789"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("base-url:");
    }
}
