package org.parley.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.config.AuthSettings;
import org.parley.config.ConfigException;
import org.parley.room.RoomKeys;
import picocli.CommandLine;

class TokenCommandTest {
    static final String SECRET = TokenVerifierTest.SECRET;

    @TempDir
    Path dir;

    static TokenCommand.Minted mint(String... args) {
        TokenCommand c = new TokenCommand();
        new CommandLine(c).parseArgs(args);
        return c.mint(TokenVerifierTest.CLOCK);
    }

    static Grant verify(String token, AuthSettings.Algorithm alg, String key) throws AuthException {
        return TokenVerifier.of(new AuthSettings(AuthSettings.Mode.JOIN, alg, key, "", "", "parley"),
                TokenVerifierTest.CLOCK).verify(token);
    }

    @Test
    void aNamedRoomsLinkHoldsTheStandingKeyAndATokenForThatRoom() throws Exception {
        TokenCommand.Minted m = mint("--room", "Team-Standup", "--ttl", "2h", "--base-url", "https://calls.example.org/",
                "--secret", "test-secret-0123456789", "--auth-key", SECRET);
        String key = new RoomKeys("test-secret-0123456789".getBytes()).standing("team-standup");
        assertThat(m.link()).isEqualTo("https://calls.example.org/?room=team-standup#" + key + "&token=" + m.token());
        assertThat(verify(m.token(), AuthSettings.Algorithm.HS256, SECRET).room()).isEqualTo("team-standup");
        assertThatThrownBy(() -> TokenVerifier.of(new AuthSettings(AuthSettings.Mode.JOIN, AuthSettings.Algorithm.HS256,
                SECRET, "", "", "parley"), java.time.Clock.offset(TokenVerifierTest.CLOCK, java.time.Duration.ofMinutes(121)))
                .verify(m.token())).isInstanceOfSatisfying(AuthException.class,
                        e -> assertThat(e.code().code()).as("--ttl 2h").isEqualTo("auth-expired"));
    }

    @Test
    void anEveryRoomTokenLinksTheLandingPageAndACodeLinksItsRoomWithoutAKey() throws Exception {
        TokenCommand.Minted any = mint("--room", "*", "--auth-key", SECRET);
        assertThat(any.link()).isEqualTo("http://localhost:8080/#token=" + any.token());
        assertThat(verify(any.token(), AuthSettings.Algorithm.HS256, SECRET).anyRoom()).isTrue();
        TokenCommand.Minted code = mint("--room", "48213", "--auth-key", SECRET);
        assertThat(code.link()).isEqualTo("http://localhost:8080/?room=48213#token=" + code.token());
    }

    @Test
    void signsWithThePrivateKeyForRs256() throws Exception {
        Keys rsa = Keys.rsa(dir);
        TokenCommand.Minted m = mint("--room", "*", "--auth-alg", "RS256", "--auth-private-key", rsa.privatePem().toString());
        assertThat(verify(m.token(), AuthSettings.Algorithm.RS256, rsa.publicPem().toString()).anyRoom()).isTrue();
    }

    @Test
    void refusesWhatItCannotMint() {
        assertThatThrownBy(() -> mint("--room", "../x", "--auth-key", SECRET))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("room:");
        assertThatThrownBy(() -> mint("--room", "x", "--ttl", "soon", "--auth-key", SECRET, "--secret", "test-secret-0123456789"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("ttl:");
        assertThatThrownBy(() -> mint("--room", "*"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("auth-key:");
        assertThatThrownBy(() -> mint("--room", "*", "--auth-alg", "ES256"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("auth-private-key:");
    }
}
