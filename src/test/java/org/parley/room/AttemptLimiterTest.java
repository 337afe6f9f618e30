package org.parley.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The per-address allowance: charging up front is one step, so a parallel burst cannot slip through. */
class AttemptLimiterTest {
    @Test
    void aParallelBurstGetsExactlyTheAllowance() throws Exception {
        AttemptLimiter limiter = new AttemptLimiter(20, 0.0001);
        AtomicInteger granted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        Thread[] threads = new Thread[60];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = Thread.ofVirtual().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                if (limiter.charge("telegram-chat:1")) {
                    granted.incrementAndGet();
                }
            });
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(granted.get()).isEqualTo(20);
        assertThat(limiter.charge("telegram-chat:2")).as("another address has its own").isTrue();
        assertThat(limiter.stats().refused()).isEqualTo(40);
    }
}
