package org.parley.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Option;

class ConfigTest {
    @Test
    void defaultsAreTheDocumentedOnes() {
        Config c = CliOptions.parse().config();
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.roomCapacity()).isEqualTo(6);
        assertThat(c.codeLength()).isEqualTo(5);
        assertThat(c.pingInterval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.pingTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(c.iceServers()).as("no third-party STUN by default").isEmpty();
        assertThat(c.allowedOrigins()).isEmpty();
        assertThat(c.resumeWindow()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.turn().mode()).as("the embedded relay is on").isEqualTo(TurnSettings.Mode.EMBEDDED);
        assertThat(c.turn().port()).isEqualTo(3478);
        assertThat(c.turn().quota()).isEqualTo(12);
        assertThat(c.turn().allowPeers()).as("no private peers by default").isEmpty();
        assertThat(c.turn().relayMin()).isEqualTo(49152);
        assertThat(c.turn().relayMax()).isEqualTo(65535);
    }

    @Test
    void theBotIsOffByDefaultAndItsTokenNeverPrinted() {
        assertThat(CliOptions.parse().config().bot().enabled()).isFalse();
        Config c = CliOptions.parse("--telegram-token", "123456789:AAHfakeTokenForTests_0123456789abcdef",
                "--base-url", "https://calls.example.org/").config();
        assertThat(c.bot().enabled()).isTrue();
        assertThat(c.baseUrl()).isEqualTo("https://calls.example.org");
        assertThat(c.toString()).doesNotContain("AAHfakeToken");
    }

    @Test
    void externalTurnNeedsUrlsAndTheSharedSecret() {
        assertThatThrownBy(() -> CliOptions.parse("--turn", "external").config())
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("turn-urls:");
        assertThatThrownBy(() -> CliOptions.parse("--turn", "external", "--turn-urls", "turn:t.example:3478").config())
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("turn-secret:");
        Config c = CliOptions.parse("--turn", "external", "--turn-urls", "turn:t.example:3478,turns:t.example:443",
                "--turn-secret", "s3cret").config();
        assertThat(c.turn().urls()).hasSize(2);
    }

    @Test
    void httpsHasOneCertificateSourceAndAPlainListenerOnlyWithIt() {
        Config plain = CliOptions.parse().config();
        assertThat(plain.httpsOn()).isFalse();
        assertThat(plain.https().httpPort()).as("no redirect listener without HTTPS").isEqualTo(-1);
        Config self = CliOptions.parse("--self-signed").config();
        assertThat(self.httpsOn()).isTrue();
        assertThat(self.https().httpPort()).as("port 80 redirects once HTTPS is on").isEqualTo(80);
        assertThat(CliOptions.parse("--self-signed", "--http-port", "off").config().https().httpPort()).isEqualTo(-1);
        Config acme = CliOptions.parse("--domain", "Calls.Example.org", "--acme-renew-before", "20d").config();
        assertThat(acme.https().acme().domain()).isEqualTo("calls.example.org");
        assertThat(acme.https().acme().renewBefore()).isEqualTo(Duration.ofDays(20));
        assertThat(acme.https().acme().directory()).isEqualTo("https://acme-v02.api.letsencrypt.org/directory");
        assertThatThrownBy(() -> CliOptions.parse("--self-signed", "--domain", "calls.example.org").config())
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("domain:");
        assertThatThrownBy(() -> CliOptions.parse("--http-port", "8081").config())
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("http-port:");
        assertThatThrownBy(() -> CliOptions.parse("--domain", "calls.example.org", "--http-port", "off").config())
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("http-port:");
        assertThatThrownBy(() -> CliOptions.parse("--domain", "calls example").config())
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("domain:");
        assertThatThrownBy(() -> CliOptions.parse("--trusted-proxies", "proxy.example").config())
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("trusted-proxies:");
        assertThat(CliOptions.parse("--trusted-proxies", "10.0.0.0/8, 127.0.0.1").config().trustedProxies()).hasSize(2);
    }

    @Test
    void flagsOverrideDefaults() {
        Config c = CliOptions.parse("--port", "9000", "--host", "127.0.0.1", "--room-grace", "250ms",
                "--ice-servers", "stun:a.example:3478,turn:a.example:3478", "--ice-username", "u",
                "--ice-credential", "p").config();
        assertThat(c.port()).isEqualTo(9000);
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.roomGrace()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.iceServers()).hasSize(2);
        assertThat(c.iceServers().get(1).username()).isEqualTo("u");
    }

    @Test
    void wrongValuesFailWithTheKeyNamed() {
        String[][] cases = {
                {"--port", "70000", "port"},
                {"--port", "x", "port"},
                {"--room-capacity", "1", "room-capacity"},
                {"--room-grace", "soon", "room-grace"},
                {"--ping-timeout", "1s", "ping-timeout"},
                {"--allowed-origins", "evil", "allowed-origins"},
                {"--ice-servers", "http://x", "ice-servers"},
                {"--ice-servers", "turn:x:3478", "ice-username"},
                {"--code-length", "2", "code-length"},
                {"--resume-window", "1", "resume-window"},
                {"--resume-window", "11m", "resume-window"},
                {"--turn", "maybe", "turn"},
                {"--base-url", "calls.example.org", "base-url"},
                {"--telegram-token", "not-a-token", "telegram-token"},
                {"--telegram-token", "123456789:AAHfakeTokenForTests_0123456789abcdef", "base-url"},
                {"--telegram-api-url", "ftp://x", "telegram-api-url"},
                {"--telegram-webhook-secret", "short", "telegram-webhook-secret"},
                {"--turn-port", "99999", "turn-port"},
                {"--turn-relay-ports", "70000-1", "turn-relay-ports"},
                {"--turn-relay-ports", "5000", "turn-relay-ports"},
                {"--turn-public-address", "calls.example.org", "turn-public-address"},
                {"--turn-allow-peers", "10.0.0.0/99", "turn-allow-peers"},
                {"--turn-allow-peers", "lan", "turn-allow-peers"},
                {"--turn-quota", "0", "turn-quota"},
                {"--turn-credential-ttl", "1s", "turn-credential-ttl"},
                {"--auth", "maybe", "auth"},
                {"--auth", "join", "auth-key"},
                {"--auth-alg", "PS256", "auth-alg"},
                {"--auth-key", "short", "auth-key"},
                {"--auth-audience", " ", "auth-audience"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> CliOptions.parse(c[0], c[1]).config())
                    .isInstanceOf(ConfigException.class).hasMessageStartingWith(c[2] + ":");
        }
    }

    static CliOptions withFile(String text, Map<String, String> env, String... args) throws Exception {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("parley", ".yml");
        java.nio.file.Files.writeString(f, text);
        String[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of("--config", f.toString()),
                java.util.Arrays.stream(args)).toArray(String[]::new);
        CliOptions options = new CliOptions();
        options.applyConfigFile(new CommandLine(options).parseArgs(all), env);
        return options;
    }

    @Test
    void theConfigFileSitsBetweenTheEnvironmentAndTheDefaults() throws Exception {
        String file = """
                # Parley settings
                port: 9100
                room-capacity: 4   # small rooms
                turn-public-address: "203.0.113.5"
                allowed-origins: https://a.example.org, https://b.example.org
                room-grace: 2m
                """;
        Config fromFile = withFile(file, Map.of()).config();
        assertThat(fromFile.port()).isEqualTo(9100);
        assertThat(fromFile.roomCapacity()).isEqualTo(4);
        assertThat(fromFile.turn().publicAddress()).isEqualTo("203.0.113.5");
        assertThat(fromFile.allowedOrigins()).containsExactly("https://a.example.org", "https://b.example.org");
        assertThat(fromFile.roomGrace()).isEqualTo(Duration.ofMinutes(2));
        assertThat(fromFile.codeLength()).as("not in the file: the default").isEqualTo(5);

        Config envWins = withFile(file, Map.of("PARLEY_PORT", "9200")).config();
        assertThat(envWins.port()).as("the environment beats the file").isEqualTo(8080);
        Config flagWins = withFile(file, Map.of(), "--port", "9300").config();
        assertThat(flagWins.port()).as("the command line beats the file").isEqualTo(9300);
    }

    @Test
    void unknownOrBrokenFileKeysFailTheStartWithTheKeyNamed() {
        assertThatThrownBy(() -> withFile("port: 9000\nprot: 1\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("config:")
                .hasMessageContaining("unknown key 'prot'").hasMessageContaining("line 2");
        assertThatThrownBy(() -> withFile("just words\n", Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("expected 'key: value'");
        assertThatThrownBy(() -> withFile("port: 1\nport: 2\n", Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("set twice");
        assertThatThrownBy(() -> withFile("port: many\n", Map.of()).config()).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("port:");
        assertThatThrownBy(() -> withFile("config: other.yml\n", Map.of())).as("no file from a file")
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown key 'config'");
    }

    @Test
    void unknownFlagsAreRejected() {
        assertThatThrownBy(() -> CliOptions.parse("--prot", "1")).isInstanceOf(CommandLine.ParameterException.class);
    }

    @Test
    void helpListsEveryOptionWithItsEnvironmentVariableAndDefault() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new CliOptions());
        cli.setUsageHelpWidth(200);
        cli.usage(new PrintWriter(out));
        String help = out.toString();
        java.util.List<Field> fields = new java.util.ArrayList<>(java.util.List.of(CliOptions.class.getDeclaredFields()));
        fields.addAll(java.util.List.of(AuthOptions.class.getDeclaredFields()));
        assertThat(fields).anyMatch(f -> f.getName().equals("authOptions"));
        for (Field f : fields) {
            Option o = f.getAnnotation(Option.class);
            if (o == null) {
                continue;
            }
            String flag = o.names()[0];
            String env = "PARLEY_" + flag.substring(2).replace('-', '_').toUpperCase();
            assertThat(help).contains(flag).contains("env " + env);
            assertThat(o.defaultValue()).startsWith("${env:" + env + ":-");
        }
        assertThat(help).contains("default 8080");
    }

    @Test
    void accessControlIsOffByDefaultAndItsSecretNeverPrinted() {
        Config open = CliOptions.parse().config();
        assertThat(open.auth().mode()).isEqualTo(AuthSettings.Mode.NONE);
        assertThat(open.auth().audience()).isEqualTo("parley");
        String secret = "hs256-secret-for-tests-0123456789abcdef";
        Config c = CliOptions.parse("--auth", "join", "--auth-key", secret, "--auth-issuer", "sso").config();
        assertThat(c.auth().mode()).isEqualTo(AuthSettings.Mode.JOIN);
        assertThat(c.auth().algorithm()).isEqualTo(AuthSettings.Algorithm.HS256);
        assertThat(c.toString()).doesNotContain(secret).contains("mode=JOIN");
        assertThat(CliOptions.parse("--secret", "server-secret-0123456789").config().toString())
                .contains("roomCapacity=6").doesNotContain("server-secret-0123456789");
        StringWriter out = new StringWriter();
        new CommandLine(CliOptions.parse("--auth-key", secret)).usage(new PrintWriter(out));
        assertThat(out.toString()).doesNotContain(secret);
    }

    @Test
    void theBotWithRsaTokensNeedsThePrivateKeyToSignItsLinks(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path pub = java.nio.file.Files.writeString(dir.resolve("pub.pem"), "x");
        assertThatThrownBy(() -> CliOptions.parse("--auth", "join", "--auth-alg", "RS256", "--auth-key", pub.toString(),
                "--telegram-token", "123456789:AAHfakeTokenForTests_0123456789abcdef",
                "--base-url", "https://calls.example.org").config())
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("auth-private-key:");
        assertThatThrownBy(() -> CliOptions.parse("--auth", "join", "--auth-alg", "RS256", "--auth-key", "/nonexistent.pem").config())
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("auth-key:");
    }
}
