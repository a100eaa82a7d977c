package io.netpoll.tck;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Go's timing slack from src/net/timeout_test.go: an operation may end up to 10% after its deadline
 * ({@code timeoutUpperBound}), and a test that sees a slow host grows its timeout by 5/4 and tries
 * again, up to 4 s ({@code nextTimeout}). A deadline never fires early.
 */
final class Timing {

    /** Go's {@code minDynamicTimeout}. */
    static final Duration MIN_DYNAMIC = Duration.ofMillis(1);
    /** Go's {@code maxDynamicTimeout}. */
    static final Duration MAX_DYNAMIC = Duration.ofSeconds(4);
    /** nettest's {@code aLongTimeAgo}: a deadline long past. */
    static final Instant A_LONG_TIME_AGO = Instant.ofEpochSecond(233431200);
    /** How late a short fixed deadline may fire on a busy 2-core box before a test calls it broken. */
    static final Duration LATE = Duration.ofSeconds(5);

    private Timing() {
    }

    /** Go's {@code timeoutUpperBound}: d * 11/10. */
    static Duration upperBound(Duration d) {
        return d.multipliedBy(11).dividedBy(10);
    }

    /** Go's {@code nextTimeout}: actual * 5/4 capped at 4 s, or null when actual already took 4 s. */
    static Duration next(Duration actual) {
        if (actual.compareTo(MAX_DYNAMIC) >= 0) {
            return null;
        }
        Duration next = actual.multipliedBy(5).dividedBy(4);
        return next.compareTo(MAX_DYNAMIC) > 0 ? MAX_DYNAMIC : next;
    }

    /** Fails when an operation that started at {@code t0} (nanoTime) with deadline {@code d} ended before it. */
    static void assertNotBefore(long t0, long ended, Duration d, String what) {
        long took = ended - t0;
        assertTrue(took >= d.toNanos(), () -> what + " took " + Duration.ofNanos(took) + "; expected at least " + d);
    }

    /** Fails when an operation that started at {@code t0} (nanoTime) with deadline {@code d} took far longer. */
    static void assertNotLate(long t0, long ended, Duration d, String what) {
        long took = ended - t0;
        assertTrue(took <= d.plus(LATE).toNanos(),
                () -> what + " with a " + d + " deadline took " + Duration.ofNanos(took));
    }
}
