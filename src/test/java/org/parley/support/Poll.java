package org.parley.support;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition by polling: tests never sleep for a fixed time to let things happen. */
public final class Poll {
    private Poll() {}

    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout + " waiting until " + what);
            }
            pause(20);
        }
    }

    /**
     * Asserts that {@code condition} holds at every look throughout {@code window}: for something
     * that must not happen, where there is no event to wait for.
     */
    public static void holdsFor(String what, Duration window, BooleanSupplier condition) {
        long end = System.nanoTime() + window.toNanos();
        do {
            if (!condition.getAsBoolean()) {
                fail("stopped holding within " + window + ": " + what);
            }
            pause(250);
        } while (System.nanoTime() < end);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
