package org.parley.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.parley.room.RoomKeys;
import org.parley.room.RoomNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar parley.jar link --room team-standup --base-url https://calls.example.org}:
 * prints the standing link of a named room, which enters directly on any day and across restarts.
 * A trusted path: whoever runs it can read the server secret.
 */
@Command(name = "link", mixinStandardHelpOptions = true,
        description = "Print the standing link of a named room (uses the server secret).")
public final class LinkCommand implements Callable<Integer> {
    @Option(names = "--room", required = true, paramLabel = "NAME", description = "Room name, e.g. team-standup.")
    String room;

    @Option(names = "--base-url", paramLabel = "URL", defaultValue = "${env:PARLEY_BASE_URL:-http://localhost:8080}",
            description = "Public address of Parley (env PARLEY_BASE_URL, default ${DEFAULT-VALUE}).")
    String baseUrl;

    @Option(names = "--secret", paramLabel = "TEXT", defaultValue = "${env:PARLEY_SECRET:-" + Defaults.SECRET + "}",
            description = "Server secret, as given to the server (env PARLEY_SECRET).")
    String secret;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:PARLEY_DATA_DIR:-" + Defaults.DATA_DIR + "}",
            description = "The server's data directory holding its generated secret (env PARLEY_DATA_DIR, "
                    + "default ${DEFAULT-VALUE}).")
    String dataDir;

    @Override
    public Integer call() {
        System.out.println(link());
        return 0;
    }

    String link() {
        String name = RoomNames.normalize(room).filter(n -> !RoomNames.isCode(n)).orElseThrow(() ->
                new ConfigException("room", "'" + room + "' is not a room name (letters, digits, - and _; not only digits)"));
        URI base = URI.create(baseUrl.strip());
        if (base.getScheme() == null || !base.getScheme().matches("https?") || base.getHost() == null) {
            throw new ConfigException("base-url", "'" + baseUrl + "' is not an http(s) address");
        }
        byte[] key = secret.isEmpty() ? ServerSecret.fromDataDir(Path.of(dataDir.strip())) : ServerSecret.fromText(secret);
        String root = baseUrl.strip().replaceAll("/+$", "");
        return root + "/?room=" + name + "#" + new RoomKeys(key).standing(name);
    }
}
