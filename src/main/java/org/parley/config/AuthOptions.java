package org.parley.config;

import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The token flags, shared by the server and the {@code token} command so that both read the same
 * key the same way. Secret-bearing flags never show their value in {@code --help}.
 */
public final class AuthOptions {
    @Option(names = "--auth-alg", paramLabel = "ALG",
            defaultValue = "${env:PARLEY_AUTH_ALG:-" + Defaults.AUTH_ALG + "}",
            description = "Token signature algorithm, fixed here and never taken from a token: HS256, RS256 or ES256 "
                    + "(env PARLEY_AUTH_ALG, default ${DEFAULT-VALUE}).")
    String algorithm;

    @Option(names = "--auth-key", paramLabel = "KEY",
            defaultValue = "${env:PARLEY_AUTH_KEY:-" + Defaults.AUTH_KEY + "}",
            description = "HS256: the shared secret (at least 32 bytes); RS256/ES256: PEM public key file that "
                    + "verifies tokens (env PARLEY_AUTH_KEY; never printed).")
    String key;

    @Option(names = "--auth-private-key", paramLabel = "FILE",
            defaultValue = "${env:PARLEY_AUTH_PRIVATE_KEY:-" + Defaults.AUTH_PRIVATE_KEY + "}",
            description = "RS256/ES256: PKCS#8 PEM private key for minting tokens (the token command, the bot) "
                    + "(env PARLEY_AUTH_PRIVATE_KEY, default none).")
    String privateKey;

    @Option(names = "--auth-issuer", paramLabel = "ISS",
            defaultValue = "${env:PARLEY_AUTH_ISSUER:-" + Defaults.AUTH_ISSUER + "}",
            description = "Required iss claim of tokens, and the iss of minted ones (env PARLEY_AUTH_ISSUER, "
                    + "default none: not checked).")
    String issuer;

    @Option(names = "--auth-audience", paramLabel = "AUD",
            defaultValue = "${env:PARLEY_AUTH_AUDIENCE:-" + Defaults.AUTH_AUDIENCE + "}",
            description = "Required aud claim of tokens (env PARLEY_AUTH_AUDIENCE, default ${DEFAULT-VALUE}).")
    String audience;

    public AuthSettings settings(AuthSettings.Mode mode) {
        AuthSettings.Algorithm alg = switch (algorithm.strip().toUpperCase(Locale.ROOT)) {
            case "HS256" -> AuthSettings.Algorithm.HS256;
            case "RS256" -> AuthSettings.Algorithm.RS256;
            case "ES256" -> AuthSettings.Algorithm.ES256;
            default -> throw new ConfigException("auth-alg", "'" + algorithm + "' is not HS256, RS256 or ES256");
        };
        return new AuthSettings(mode, alg, alg == AuthSettings.Algorithm.HS256 ? key : key.strip(),
                privateKey.strip(), issuer.strip(), audience.strip());
    }

    public static AuthSettings.Mode mode(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "none" -> AuthSettings.Mode.NONE;
            case "create" -> AuthSettings.Mode.CREATE;
            case "join" -> AuthSettings.Mode.JOIN;
            default -> throw new ConfigException("auth", "'" + text + "' is not none, create or join");
        };
    }
}
