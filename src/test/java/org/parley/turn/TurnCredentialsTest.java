package org.parley.turn;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** TURN REST credentials: a known answer computed independently (openssl), expiry, and no identity. */
class TurnCredentialsTest {
    @Test
    void passwordIsBase64OfHmacSha1OfTheUsername() {
        // echo -n "1700000000:parley" | openssl dgst -sha1 -hmac "north-secret" -binary | base64
        assertThat(TurnCredentials.password("north-secret", "1700000000:parley")).isEqualTo("VFcrvjjTVj6uXOClFq9oGc514nM=");
    }

    @Test
    void mintedUsernamesCarryTheExpiryAndARandomIdOnly() {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC);
        TurnCredentials creds = new TurnCredentials("north-secret", Duration.ofMinutes(10), clock);
        TurnCredentials.Credential a = creds.mint();
        TurnCredentials.Credential b = creds.mint();
        assertThat(a.username()).matches("1800000600:[0-9a-f]{18}");
        assertThat(a.username()).isNotEqualTo(b.username());
        assertThat(a.password()).isEqualTo(TurnCredentials.password("north-secret", a.username()));
        assertThat(a.toString()).doesNotContain(a.password());
    }

    @Test
    void expiryIsReadFromTheUsername() {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC);
        TurnCredentials creds = new TurnCredentials("s", Duration.ofMinutes(1), clock);
        assertThat(creds.expired("1800000001:x")).isFalse();
        assertThat(creds.expired("1799999999:x")).isTrue();
        assertThat(creds.expired("alice")).as("not a REST username").isTrue();
        assertThat(creds.expired(":x")).isTrue();
        assertThat(creds.expired("99999999999999999999:x")).isTrue();
    }

    @Test
    void theDerivedSecretIsStableAndDependsOnTheServerSecret() {
        assertThat(TurnCredentials.derive(new byte[] {1, 2, 3})).isEqualTo(TurnCredentials.derive(new byte[] {1, 2, 3}))
                .isNotEqualTo(TurnCredentials.derive(new byte[] {1, 2, 4}));
    }

    @Test
    void cidrsMatchByPrefix() {
        assertThat(Cidr.parse("10.0.0.0/8").contains(new byte[] {10, 1, 2, 3})).isTrue();
        assertThat(Cidr.parse("10.0.0.0/8").contains(new byte[] {11, 0, 0, 0})).isFalse();
        assertThat(Cidr.parse("100.64.0.0/10").contains(new byte[] {100, (byte) 127, 0, 1})).isTrue();
        assertThat(Cidr.parse("100.64.0.0/10").contains(new byte[] {100, (byte) 128, 0, 1})).isFalse();
        assertThat(Cidr.parse("192.168.1.7").contains(new byte[] {(byte) 192, (byte) 168, 1, 7})).isTrue();
        assertThat(Cidr.parse("::1/128").contains(new byte[] {127, 0, 0, 1})).as("families never match").isFalse();
    }
}
