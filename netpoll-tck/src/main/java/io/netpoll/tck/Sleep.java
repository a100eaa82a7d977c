package io.netpoll.tck;

import java.time.Duration;

/** {@link Thread#sleep} without the checked exception: an interrupted test fails. */
final class Sleep {

    private Sleep() {
    }

    static void millis(long ms) {
        of(Duration.ofMillis(ms));
    }

    /** Sleeps for {@code d}; a zero or negative duration returns at once. */
    static void of(Duration d) {
        if (d.isNegative() || d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while sleeping", e);
        }
    }
}
