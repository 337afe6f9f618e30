package org.parley.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {
    private final OriginPolicy sameOnly = new OriginPolicy(List.of());

    @Test
    void sameOriginIsAllowed() {
        assertThat(sameOnly.allows("http://localhost:8080", "localhost:8080")).isTrue();
        assertThat(sameOnly.allows("https://calls.example.org", "calls.example.org")).isTrue();
        assertThat(sameOnly.allows("https://calls.example.org", "calls.example.org:443")).isTrue();
        assertThat(sameOnly.allows("HTTPS://Calls.Example.org", "calls.example.org")).isTrue();
    }

    @Test
    void foreignOriginsAreRefused() {
        assertThat(sameOnly.allows("https://evil.example", "calls.example.org")).isFalse();
        assertThat(sameOnly.allows("http://localhost:9999", "localhost:8080")).isFalse();
        assertThat(sameOnly.allows("https://calls.example.org.evil.example", "calls.example.org")).isFalse();
        assertThat(sameOnly.allows("null", "calls.example.org")).isFalse();
        assertThat(sameOnly.allows("https://calls.example.org", null)).isFalse();
    }

    @Test
    void absentOriginIsANonBrowserClientAndAllowed() {
        assertThat(sameOnly.allows(null, "calls.example.org")).isTrue();
    }

    @Test
    void allowListAndWildcard() {
        OriginPolicy list = new OriginPolicy(List.of("https://app.example"));
        assertThat(list.allows("https://app.example", "calls.example.org")).isTrue();
        assertThat(list.allows("https://other.example", "calls.example.org")).isFalse();
        assertThat(new OriginPolicy(List.of("*")).allows("https://any.example", "calls.example.org")).isTrue();
    }
}
