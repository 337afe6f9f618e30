package org.parley.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.config.AuthSettings;
import org.parley.config.AuthSettings.Algorithm;
import org.parley.config.AuthSettings.Mode;
import org.parley.config.ConfigException;
import org.parley.signaling.protocol.ErrorCode;

/** Every way a token can be wrong, each refused with its code; and the ways it is right. */
class TokenVerifierTest {
    static final String SECRET = "a-shared-secret-of-32-bytes-or-more!";
    static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    static AuthSettings hs(String issuer) {
        return new AuthSettings(Mode.JOIN, Algorithm.HS256, SECRET, "", issuer, "parley");
    }

    static TokenVerifier verifier(AuthSettings s) {
        return TokenVerifier.of(s, CLOCK);
    }

    /** Valid claims for room team-standup, one hour left, changed by {@code edit}. */
    static JWTClaimsSet claims(UnaryOperator<JWTClaimsSet.Builder> edit) {
        return edit.apply(new JWTClaimsSet.Builder().audience("parley").claim("room", "team-standup")
                .issueTime(Date.from(NOW.minusSeconds(60))).expirationTime(Date.from(NOW.plusSeconds(3600)))).build();
    }

    static String sign(JWSAlgorithm alg, JWSSigner signer, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(alg), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    static String hs256(UnaryOperator<JWTClaimsSet.Builder> edit) throws Exception {
        return sign(JWSAlgorithm.HS256, new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)), claims(edit));
    }

    static void refused(TokenVerifier v, String token, ErrorCode code, String why) {
        assertThatThrownBy(() -> v.verify(token)).isInstanceOfSatisfying(AuthException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(why);
            if (token != null && !token.isEmpty()) {
                assertThat(e.getMessage()).as("never echoes the token").doesNotContain(token);
            }
        });
    }

    @Test
    void aValidTokenOpensTheRoomItNames() throws Exception {
        Grant g = verifier(hs("")).verify(hs256(b -> b));
        assertThat(g.room()).isEqualTo("team-standup");
        assertThat(g.opens("team-standup")).isTrue();
        assertThat(g.opens("other")).isFalse();
        assertThat(g.anyRoom()).isFalse();
        assertThat(verifier(hs("")).verify(hs256(b -> b.claim("room", "Team-Standup"))).room())
                .as("room names are case-insensitive").isEqualTo("team-standup");
        assertThat(verifier(hs("")).verify(hs256(b -> b.claim("room", "*"))).anyRoom()).isTrue();
    }

    @Test
    void expiredBeyondTheLeewayIsAuthExpired() throws Exception {
        refused(verifier(hs("")), hs256(b -> b.expirationTime(Date.from(NOW.minusSeconds(6)))),
                ErrorCode.AUTH_EXPIRED, "expired");
    }

    @Test
    void expiredWithinTheFiveSecondLeewayStillOpens() throws Exception {
        assertThat(verifier(hs("")).verify(hs256(b -> b.expirationTime(Date.from(NOW.minusSeconds(4))))).room())
                .isEqualTo("team-standup");
    }

    @Test
    void aTokenWithoutExpIsRefused() throws Exception {
        refused(verifier(hs("")), hs256(b -> b.expirationTime(null)), ErrorCode.AUTH_INVALID, "no exp");
    }

    @Test
    void wrongAudienceIsRefused() throws Exception {
        refused(verifier(hs("")), hs256(b -> b.audience("another-service")), ErrorCode.AUTH_INVALID, "audience");
        refused(verifier(hs("")), hs256(b -> b.audience((String) null)), ErrorCode.AUTH_INVALID, "audience");
    }

    @Test
    void wrongIssuerIsRefusedWhenAnIssuerIsConfigured() throws Exception {
        TokenVerifier v = verifier(hs("https://sso.example.org"));
        refused(v, hs256(b -> b.issuer("https://evil.example")), ErrorCode.AUTH_INVALID, "issuer");
        refused(v, hs256(b -> b), ErrorCode.AUTH_INVALID, "issuer");
        assertThat(v.verify(hs256(b -> b.issuer("https://sso.example.org")))).isNotNull();
    }

    @Test
    void notYetValidOrIssuedInTheFutureIsRefused() throws Exception {
        refused(verifier(hs("")), hs256(b -> b.notBeforeTime(Date.from(NOW.plusSeconds(60)))), ErrorCode.AUTH_INVALID, "nbf");
        refused(verifier(hs("")), hs256(b -> b.issueTime(Date.from(NOW.plusSeconds(60)))), ErrorCode.AUTH_INVALID, "iat");
        assertThat(verifier(hs("")).verify(hs256(b -> b.notBeforeTime(Date.from(NOW.plusSeconds(4)))))).isNotNull();
    }

    @Test
    void aTokenWithoutARoomClaimIsRefused() throws Exception {
        refused(verifier(hs("")), hs256(b -> b.claim("room", null)), ErrorCode.AUTH_INVALID, "no room");
        refused(verifier(hs("")), hs256(b -> b.claim("room", 42)), ErrorCode.AUTH_INVALID, "no room");
        refused(verifier(hs("")), hs256(b -> b.claim("room", "../etc")), ErrorCode.AUTH_INVALID, "room claim");
    }

    @Test
    void algNoneIsRefused() throws Exception {
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(claims(b -> b).toString()
                .getBytes(StandardCharsets.UTF_8));
        refused(verifier(hs("")), "eyJhbGciOiJub25lIn0." + payload + ".", ErrorCode.AUTH_INVALID, "not a signed JWT");
        // The same with a (meaningless) signature part and "None" spelled otherwise.
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"NONE\"}".getBytes());
        refused(verifier(hs("")), header + "." + payload + ".c2ln", ErrorCode.AUTH_INVALID, "");
    }

    @Test
    void anHs256TokenSignedWithTheRsaPublicKeyIsRefusedByAnRs256Server() throws Exception {
        Keys rsa = Keys.rsa(dir);
        TokenVerifier v = verifier(new AuthSettings(Mode.JOIN, Algorithm.RS256, rsa.publicPem().toString(), "", "", "parley"));
        byte[] pemBytes = Files.readAllBytes(rsa.publicPem());
        byte[] derBytes = rsa.pair().getPublic().getEncoded();
        for (byte[] secret : new byte[][] {pemBytes, derBytes}) {
            String forged = sign(JWSAlgorithm.HS256, new MACSigner(secret), claims(b -> b));
            refused(v, forged, ErrorCode.AUTH_INVALID, "accepts only RS256");
        }
        String genuine = sign(JWSAlgorithm.RS256, new RSASSASigner(rsa.pair().getPrivate()), claims(b -> b));
        assertThat(v.verify(genuine).room()).isEqualTo("team-standup");
    }

    @Test
    void aFlippedSignatureCharacterIsRefused() throws Exception {
        String token = hs256(b -> b);
        int at = token.lastIndexOf('.') + 5;
        String flipped = token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);
        refused(verifier(hs("")), flipped, ErrorCode.AUTH_INVALID, "bad signature");
        String otherKey = sign(JWSAlgorithm.HS256, new MACSigner("another-secret-that-is-32-bytes-long!"), claims(b -> b));
        refused(verifier(hs("")), otherKey, ErrorCode.AUTH_INVALID, "bad signature");
    }

    @Test
    void aChangedPayloadUnderTheOldSignatureIsRefused() throws Exception {
        String[] parts = hs256(b -> b).split("\\.");
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                claims(b -> b.claim("room", "*")).toString().getBytes(StandardCharsets.UTF_8));
        refused(verifier(hs("")), parts[0] + "." + payload + "." + parts[2], ErrorCode.AUTH_INVALID, "bad signature");
    }

    @Test
    void es256TokensOpenAnEs256ServerAndNothingElse() throws Exception {
        Keys ec = Keys.ec(dir);
        TokenVerifier v = verifier(new AuthSettings(Mode.JOIN, Algorithm.ES256, ec.publicPem().toString(), "", "", "parley"));
        String token = sign(JWSAlgorithm.ES256, new ECDSASigner((ECPrivateKey) ec.pair().getPrivate()), claims(b -> b));
        assertThat(v.verify(token).room()).isEqualTo("team-standup");
        refused(v, hs256(b -> b), ErrorCode.AUTH_INVALID, "accepts only ES256");
        refused(verifier(hs("")), token, ErrorCode.AUTH_INVALID, "accepts only HS256");
    }

    @Test
    void missingGarbageAndOversizedTokensAreRefused() {
        refused(verifier(hs("")), null, ErrorCode.AUTH_REQUIRED, "no access token");
        refused(verifier(hs("")), "", ErrorCode.AUTH_REQUIRED, "no access token");
        refused(verifier(hs("")), "not-a-jwt", ErrorCode.AUTH_INVALID, "not a signed JWT");
        refused(verifier(hs("")), "a".repeat(5000), ErrorCode.AUTH_INVALID, "too long");
    }

    @Test
    void mintedTokensVerifyForEachAlgorithm() throws Exception {
        Keys rsa = Keys.rsa(dir);
        Keys ec = Keys.ec(dir);
        for (AuthSettings s : new AuthSettings[] {
                new AuthSettings(Mode.JOIN, Algorithm.HS256, SECRET, "", "iss-1", "parley"),
                new AuthSettings(Mode.JOIN, Algorithm.RS256, rsa.publicPem().toString(), rsa.privatePem().toString(), "iss-1", "parley"),
                new AuthSettings(Mode.JOIN, Algorithm.ES256, ec.publicPem().toString(), ec.privatePem().toString(), "iss-1", "parley")}) {
            String token = TokenMinter.of(s, CLOCK).mint("retro", java.time.Duration.ofMinutes(5));
            assertThat(TokenVerifier.of(s, CLOCK).verify(token).room()).as(s.algorithm().name()).isEqualTo("retro");
        }
    }

    @Test
    void aPublicKeyFileMayHoldOtherBlocksBeforeTheKey() throws Exception {
        Keys ec = Keys.ec(dir);
        Path both = Files.writeString(dir.resolve("both.pem"),
                Files.readString(ec.privatePem()) + Files.readString(ec.publicPem()));
        TokenVerifier v = verifier(new AuthSettings(Mode.JOIN, Algorithm.ES256, both.toString(), "", "", "parley"));
        String token = sign(JWSAlgorithm.ES256, new ECDSASigner((ECPrivateKey) ec.pair().getPrivate()), claims(b -> b));
        assertThat(v.verify(token).room()).isEqualTo("team-standup");
    }

    @Test
    void keysThatDoNotFitTheAlgorithmFailTheStartNamingTheFlag() throws Exception {
        Keys rsa = Keys.rsa(dir);
        assertThatThrownBy(() -> new AuthSettings(Mode.JOIN, Algorithm.HS256, "too-short", "", "", "parley"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("auth-key:");
        assertThatThrownBy(() -> verifier(new AuthSettings(Mode.JOIN, Algorithm.ES256, rsa.publicPem().toString(), "", "", "parley")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("auth-key:");
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "hello");
        assertThatThrownBy(() -> verifier(new AuthSettings(Mode.JOIN, Algorithm.RS256, garbage.toString(), "", "", "parley")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("auth-key:");
        assertThatThrownBy(() -> TokenMinter.of(new AuthSettings(Mode.JOIN, Algorithm.RS256, rsa.publicPem().toString(), "", "", "parley"), CLOCK))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("auth-private-key:");
        assertThat(new AuthSettings(Mode.JOIN, Algorithm.HS256, SECRET, "", "", "parley").toString()).doesNotContain(SECRET);
    }
}
