package org.parley.auth;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.parley.config.AuthOptions;
import org.parley.config.AuthSettings;
import org.parley.config.ConfigException;
import org.parley.config.Defaults;
import org.parley.config.Durations;
import org.parley.config.ServerSecret;
import org.parley.room.RoomKeys;
import org.parley.room.RoomNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code java -jar parley.jar token --room team-standup --ttl 2h}: prints an access token and a
 * ready link that carries it in the fragment. For a named room the link also holds the standing
 * key (so it enters directly); for {@code --room '*'} it is the landing page, where the token
 * lets its holder make rooms. A trusted path: whoever runs it holds the signing key.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Print an access token and a link that carries it (uses the signing key).")
public final class TokenCommand implements Callable<Integer> {
    @Option(names = "--room", required = true, paramLabel = "NAME",
            description = "The room the token opens (a name such as team-standup, or a code), or * for every room "
                    + "(and making new ones).")
    String room;

    @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "1h",
            description = "How long the token is valid, e.g. 30m, 2h (default ${DEFAULT-VALUE}).")
    String ttl;

    @Option(names = "--base-url", paramLabel = "URL", defaultValue = "${env:PARLEY_BASE_URL:-http://localhost:8080}",
            description = "Public address of Parley (env PARLEY_BASE_URL, default ${DEFAULT-VALUE}).")
    String baseUrl;

    @Option(names = "--secret", paramLabel = "TEXT", defaultValue = "${env:PARLEY_SECRET:-" + Defaults.SECRET + "}",
            description = "Server secret, as given to the server, for a named room's standing key (env PARLEY_SECRET).")
    String secret;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:PARLEY_DATA_DIR:-" + Defaults.DATA_DIR + "}",
            description = "The server's data directory holding its generated secret (env PARLEY_DATA_DIR, "
                    + "default ${DEFAULT-VALUE}).")
    String dataDir;

    @Mixin
    AuthOptions auth = new AuthOptions();

    /** The token and the link, one per line. */
    public record Minted(String token, String link) {}

    @Override
    public Integer call() {
        Minted m = mint(Clock.systemUTC());
        System.out.println(m.token());
        System.out.println(m.link());
        return 0;
    }

    public Minted mint(Clock clock) {
        String target = room.strip().equals(Grant.ANY_ROOM) ? Grant.ANY_ROOM : RoomNames.normalize(room).orElseThrow(() ->
                new ConfigException("room", "'" + room + "' is not a room (letters, digits, - and _) or *"));
        Duration lifetime = Durations.parse("ttl", ttl);
        if (lifetime.toSeconds() < 1) {
            throw new ConfigException("ttl", "must be at least 1s");
        }
        URI base = URI.create(baseUrl.strip());
        if (base.getScheme() == null || !base.getScheme().matches("https?") || base.getHost() == null) {
            throw new ConfigException("base-url", "'" + baseUrl + "' is not an http(s) address");
        }
        String token = TokenMinter.of(auth.settings(AuthSettings.Mode.NONE), clock).mint(target, lifetime);
        String root = baseUrl.strip().replaceAll("/+$", "");
        String link;
        if (target.equals(Grant.ANY_ROOM)) {
            link = root + "/#token=" + token;
        } else if (RoomNames.isCode(target)) {
            link = root + "/?room=" + target + "#token=" + token;
        } else {
            byte[] key = secret.isEmpty() ? ServerSecret.fromDataDir(Path.of(dataDir.strip())) : ServerSecret.fromText(secret);
            link = root + "/?room=" + target + "#" + new RoomKeys(key).standing(target) + "&token=" + token;
        }
        return new Minted(token, link);
    }
}
