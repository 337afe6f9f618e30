package org.parley.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.parley.config.AuthSettings;
import org.parley.config.ConfigException;

/**
 * Signs access tokens the way {@link TokenVerifier} wants them: the configured algorithm and
 * audience (and issuer, when set), {@code iat}, {@code exp} and a {@code room}. Used by the
 * {@code token} command and the bot, which hold the HS256 secret or the private key.
 */
public final class TokenMinter {
    private final JWSAlgorithm algorithm;
    private final JWSSigner signer;
    private final String issuer;
    private final String audience;
    private final Clock clock;

    private TokenMinter(JWSAlgorithm algorithm, JWSSigner signer, String issuer, String audience, Clock clock) {
        this.algorithm = algorithm;
        this.signer = signer;
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
    }

    public static TokenMinter of(AuthSettings settings, Clock clock) {
        if (!settings.canMint()) {
            throw new ConfigException(settings.algorithm() == AuthSettings.Algorithm.HS256 ? "auth-key" : "auth-private-key",
                    "needed to sign tokens with " + settings.algorithm());
        }
        try {
            JWSSigner signer = switch (settings.algorithm()) {
                case HS256 -> new MACSigner(settings.key().getBytes(StandardCharsets.UTF_8));
                case RS256 -> new RSASSASigner(PemKeys.privateKey(settings.privateKey(), "RSA", "auth-private-key"));
                case ES256 -> new ECDSASigner((ECPrivateKey) PemKeys.privateKey(settings.privateKey(), "EC", "auth-private-key"));
            };
            JWSAlgorithm alg = JWSAlgorithm.parse(settings.algorithm().name());
            if (!signer.supportedJWSAlgorithms().contains(alg)) {
                throw new ConfigException("auth-private-key", "cannot sign " + alg + " (ES256 needs a P-256 key)");
            }
            return new TokenMinter(alg, signer, settings.issuer(), settings.audience(), clock);
        } catch (JOSEException | IllegalArgumentException e) {
            throw new ConfigException(settings.algorithm() == AuthSettings.Algorithm.HS256 ? "auth-key" : "auth-private-key",
                    "cannot sign " + settings.algorithm() + ": " + e.getMessage());
        }
    }

    /** A token for one room (normalized name or code), or {@link Grant#ANY_ROOM}, valid for {@code ttl}. */
    public String mint(String room, Duration ttl) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .audience(audience)
                .claim("room", room)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString());
        if (!issuer.isEmpty()) {
            claims.issuer(issuer);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).build(), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing a token failed", e);
        }
        return jwt.serialize();
    }
}
