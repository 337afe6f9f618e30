package org.parley.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Access control. {@code NONE}: open. {@code CREATE}: making a room (the REST API, the landing
 * page's "New room", the first visit of a named room) needs a token. {@code JOIN}: entering any
 * room needs one too. The algorithm is fixed here and never taken from a token; {@code key} is
 * the HS256 secret itself, or for RS256/ES256 the path of the PEM public key that verifies.
 * {@code privateKey} (RS256/ES256 only) is a PKCS#8 PEM path for whoever mints: the bot, the CLI.
 */
public record AuthSettings(Mode mode, Algorithm algorithm, String key, String privateKey, String issuer,
                           String audience) {
    /** RFC 7518 §3.2: an HMAC key as long as the hash (256 bits). */
    public static final int MIN_SECRET_BYTES = 32;

    public enum Mode { NONE, CREATE, JOIN }

    public enum Algorithm { HS256, RS256, ES256 }

    public AuthSettings {
        if (audience.isBlank()) {
            throw new ConfigException("auth-audience", "must not be empty");
        }
        if (algorithm == Algorithm.HS256) {
            if (!privateKey.isEmpty()) {
                throw new ConfigException("auth-private-key", "only for RS256/ES256; with HS256 --auth-key signs too");
            }
            if (!key.isEmpty() && key.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
                throw new ConfigException("auth-key", "an HS256 secret needs at least " + MIN_SECRET_BYTES + " bytes");
            }
        } else {
            if (!key.isEmpty() && !Files.isReadable(Path.of(key))) {
                throw new ConfigException("auth-key", "cannot read the public key file " + key);
            }
            if (!privateKey.isEmpty() && !Files.isReadable(Path.of(privateKey))) {
                throw new ConfigException("auth-private-key", "cannot read the private key file " + privateKey);
            }
        }
        if (mode != Mode.NONE && key.isEmpty()) {
            throw new ConfigException("auth-key", "required with --auth " + mode.name().toLowerCase(java.util.Locale.ROOT)
                    + (algorithm == Algorithm.HS256 ? " (the shared HS256 secret)" : " (the PEM public key file)"));
        }
    }

    public boolean enabled() {
        return mode != Mode.NONE;
    }

    /** Whether this process can sign tokens as well as verify them (HS256 secret, or a private key). */
    public boolean canMint() {
        return algorithm == Algorithm.HS256 ? !key.isEmpty() : !privateKey.isEmpty();
    }

    /** Never prints the HS256 secret (file paths are not secret). */
    @Override
    public String toString() {
        String shownKey = algorithm == Algorithm.HS256 && !key.isEmpty() ? "<hidden>" : key;
        return "AuthSettings[mode=" + mode + ", algorithm=" + algorithm + ", key=" + shownKey + ", privateKey="
                + privateKey + ", issuer=" + issuer + ", audience=" + audience + "]";
    }
}
