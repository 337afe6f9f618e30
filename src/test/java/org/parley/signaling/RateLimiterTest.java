package org.parley.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateLimiterTest {
    @Test
    void burstThenRefillAtTheConfiguredRate() {
        RateLimiter r = new RateLimiter(10, 3, 0);
        assertThat(r.tryAcquire(0)).isTrue();
        assertThat(r.tryAcquire(0)).isTrue();
        assertThat(r.tryAcquire(0)).isTrue();
        assertThat(r.tryAcquire(0)).isFalse();
        assertThat(r.tryAcquire(50_000_000)).as("half a token after 50 ms").isFalse();
        assertThat(r.tryAcquire(100_000_000)).as("one token after 100 ms").isTrue();
        assertThat(r.tryAcquire(10_000_000_000L)).isTrue();
        assertThat(r.tryAcquire(10_000_000_000L)).isTrue();
        assertThat(r.tryAcquire(10_000_000_000L)).isTrue();
        assertThat(r.tryAcquire(10_000_000_000L)).as("never more than the burst").isFalse();
    }
}
