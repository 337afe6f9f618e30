package org.parley.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The server secret behind standing room links: from the configuration, or generated once into
 * the data directory so that links survive restarts with nothing else stored.
 */
public final class ServerSecret {
    private ServerSecret() {}

    public static byte[] load(Config config) {
        return config.secret().isEmpty() ? fromDataDir(config.dataDir()) : fromText(config.secret());
    }

    public static byte[] fromText(String secret) {
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    /** Reads the generated secret, creating it (once, readable by the owner only) if missing. */
    public static byte[] fromDataDir(Path dataDir) {
        Path file = dataDir.resolve("secret");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dataDir);
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(file, HexFormat.of().formatHex(fresh));
                } catch (FileAlreadyExistsException raced) {
                    // another process made it first: use theirs
                }
            }
            return HexFormat.of().parseHex(Files.readString(file).strip());
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("data-dir", "cannot read or create the server secret in " + file + ": " + e.getMessage());
        }
    }
}
