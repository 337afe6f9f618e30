package org.parley.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.parley.config.AuthSettings;
import org.parley.config.ConfigException;
import org.parley.room.RoomNames;
import org.parley.signaling.protocol.ErrorCode;

/**
 * Checks access tokens: a JWS (RFC 7515) signed with exactly the configured algorithm and key,
 * whose claims (RFC 7519 §4.1) hold {@code exp}, the configured {@code aud} (and {@code iss},
 * when set) and a {@code room}. The header's {@code alg} is compared with the configured one
 * before anything is verified, so {@code none} and HS256-signed-with-the-public-key tokens
 * (RFC 8725 §2.1, §3.1) are refused whatever the library would do with them.
 */
public final class TokenVerifier {
    /** Clock skew between whoever mints and this server (RFC 7519 §4.1.4 "some small leeway"). */
    public static final Duration LEEWAY = Duration.ofSeconds(5);
    /** A few hundred bytes in practice; anything far longer is not a token of ours. */
    static final int MAX_TOKEN_CHARS = 4096;

    private final JWSAlgorithm algorithm;
    private final JWSVerifier verifier;
    private final String issuer;
    private final String audience;
    private final Clock clock;

    private TokenVerifier(JWSAlgorithm algorithm, JWSVerifier verifier, String issuer, String audience, Clock clock) {
        this.algorithm = algorithm;
        this.verifier = verifier;
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
    }

    /** Builds the verifier for the configured algorithm only; a key that does not fit fails the start. */
    public static TokenVerifier of(AuthSettings settings, Clock clock) {
        try {
            JWSVerifier verifier = switch (settings.algorithm()) {
                case HS256 -> new MACVerifier(settings.key().getBytes(StandardCharsets.UTF_8));
                case RS256 -> rsa((RSAPublicKey) PemKeys.publicKey(settings.key(), "RSA", "auth-key"));
                case ES256 -> ec((ECPublicKey) PemKeys.publicKey(settings.key(), "EC", "auth-key"));
            };
            return new TokenVerifier(JWSAlgorithm.parse(settings.algorithm().name()), verifier, settings.issuer(),
                    settings.audience(), clock);
        } catch (JOSEException e) {
            throw new ConfigException("auth-key", "not usable for " + settings.algorithm() + ": " + e.getMessage());
        }
    }

    private static JWSVerifier rsa(RSAPublicKey key) {
        if (key.getModulus().bitLength() < 2048) {
            throw new ConfigException("auth-key", "an RS256 key needs at least 2048 bits (RFC 7518 §3.3)");
        }
        return new RSASSAVerifier(key);
    }

    private static JWSVerifier ec(ECPublicKey key) throws JOSEException {
        ECDSAVerifier v = new ECDSAVerifier(key);
        if (!v.supportedJWSAlgorithms().contains(JWSAlgorithm.ES256)) {
            throw new ConfigException("auth-key", "ES256 needs a P-256 key");
        }
        return v;
    }

    /** What the token opens; {@link AuthException} says why not (never echoing the token). */
    public Grant verify(String token) throws AuthException {
        if (token == null || token.isEmpty()) {
            throw new AuthException(ErrorCode.AUTH_REQUIRED, "no access token");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw invalid("the token is too long");
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw invalid("not a signed JWT");
        }
        if (!algorithm.equals(jwt.getHeader().getAlgorithm())) {
            throw invalid("signed with " + jwt.getHeader().getAlgorithm() + ", but this server accepts only " + algorithm);
        }
        boolean signed;
        try {
            signed = jwt.verify(verifier);
        } catch (JOSEException | RuntimeException e) {
            signed = false;
        }
        if (!signed) {
            throw invalid("bad signature");
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw invalid("the claims are not valid");
        }
        checkTimes(claims);
        if (!claims.getAudience().contains(audience)) {
            throw invalid("wrong audience");
        }
        if (!issuer.isEmpty() && !issuer.equals(claims.getIssuer())) {
            throw invalid("wrong issuer");
        }
        return new Grant(room(claims.getClaim("room")));
    }

    private void checkTimes(JWTClaimsSet claims) throws AuthException {
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw invalid("no exp claim: tokens must expire");
        }
        if (now.isAfter(exp.toInstant().plus(LEEWAY))) {
            throw new AuthException(ErrorCode.AUTH_EXPIRED, "the token has expired");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().isAfter(now.plus(LEEWAY))) {
            throw invalid("not valid yet (nbf)");
        }
        Date iat = claims.getIssueTime();
        if (iat != null && iat.toInstant().isAfter(now.plus(LEEWAY))) {
            throw invalid("issued in the future (iat)");
        }
    }

    private static String room(Object claim) throws AuthException {
        if (!(claim instanceof String room)) {
            throw invalid("no room claim");
        }
        if (room.equals(Grant.ANY_ROOM)) {
            return room;
        }
        return RoomNames.normalize(room).orElseThrow(() -> invalid("the room claim is not a room name"));
    }

    private static AuthException invalid(String why) {
        return new AuthException(ErrorCode.AUTH_INVALID, why);
    }
}
