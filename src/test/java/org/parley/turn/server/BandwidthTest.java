package org.parley.turn.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The per-allocation byte budget. */
class BandwidthTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aSecondOfBurstThenTheRate() {
        Bandwidth b = new Bandwidth(1000, 0);
        assertThat(b.take(600, 0)).isTrue();
        assertThat(b.take(600, 0)).as("over the burst").isFalse();
        assertThat(b.take(400, 0)).isTrue();
        assertThat(b.take(100, SECOND / 20)).as("50 bytes back after 50 ms").isFalse();
        assertThat(b.take(50, SECOND / 20)).isTrue();
        assertThat(b.take(1000, 10 * SECOND)).as("refilled, but never past one second's worth").isTrue();
        assertThat(b.take(1, 10 * SECOND)).isFalse();
    }

    @Test
    void zeroMeansNoCap() {
        Bandwidth b = new Bandwidth(0, 0);
        assertThat(b.take(10_000_000, 0)).isTrue();
        assertThat(b.take(10_000_000, 0)).isTrue();
    }
}
