package org.parley.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LimitsTest {
    @Test
    void anAddressOverItsCapIsRefusedWhileOthersAreNot() {
        AddressCounter<String> c = new AddressCounter<>(2, 3);
        assertThat(c.acquire("a")).isEqualTo(AddressCounter.Verdict.OK);
        assertThat(c.acquire("a")).isEqualTo(AddressCounter.Verdict.OK);
        assertThat(c.acquire("a")).isEqualTo(AddressCounter.Verdict.PER_ADDRESS);
        assertThat(c.acquire("b")).isEqualTo(AddressCounter.Verdict.OK);
        assertThat(c.acquire("c")).as("the total cap").isEqualTo(AddressCounter.Verdict.TOTAL);
        assertThat(c.total()).isEqualTo(3);
        c.release("a");
        assertThat(c.held("a")).isEqualTo(1);
        assertThat(c.acquire("c")).isEqualTo(AddressCounter.Verdict.OK);
        c.release("a");
        c.release("b");
        c.release("c");
        assertThat(c.total()).isZero();
        assertThat(c.held("a")).as("an address holding nothing is forgotten").isZero();
    }

    @Test
    void queuedMessagesMayTakeThreeQuartersOfTheBudgetAndReadsTheRest() {
        MemoryBudget b = new MemoryBudget(1000);
        assertThat(b.tryReserveQueued(700)).isTrue();
        assertThat(b.tryReserveQueued(100)).as("past three quarters").isFalse();
        assertThat(b.nearlySpent()).isTrue();
        assertThat(b.tryReserve(250)).as("reads still fit").isTrue();
        assertThat(b.tryReserve(100)).as("but not past the whole").isFalse();
        b.force(100);
        assertThat(b.used()).isEqualTo(1050);
        b.release(1050);
        assertThat(b.used()).isZero();
        assertThat(b.nearlySpent()).isFalse();
    }

    @Test
    void refusalsAreCountedEvenWhenTheirLogLineIsHeldBack() {
        long before = Refusals.count(Refusal.WS_STALLED);
        for (int i = 0; i < 1000; i++) {
            Refusals.record(Refusal.WS_STALLED);
        }
        assertThat(Refusals.count(Refusal.WS_STALLED) - before).isEqualTo(1000);
    }
}
