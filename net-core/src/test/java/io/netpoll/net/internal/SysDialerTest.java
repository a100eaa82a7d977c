package io.netpoll.net.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netpoll.runtime.DeadlineExceededException;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** Go's TestDialerPartialDeadline (dial_test.go) and the saturation of dial timeouts. */
class SysDialerTest {

    private static final Instant T = Instant.parse("2000-01-01T00:00:00Z");

    @Test
    void partialDeadlineSharesTheTimeLeftWithATwoSecondFloor() throws DeadlineExceededException {
        assertEquals(T.plusSeconds(12), SysDialer.partialDeadline(T, T.plusSeconds(12), 1));
        assertEquals(T.plusSeconds(6), SysDialer.partialDeadline(T, T.plusSeconds(12), 2));
        assertEquals(T.plusSeconds(4), SysDialer.partialDeadline(T, T.plusSeconds(12), 3));
        assertEquals(T.plusSeconds(2), SysDialer.partialDeadline(T, T.plusSeconds(12), 999));
        assertEquals(T.plusMillis(1900), SysDialer.partialDeadline(T, T.plusMillis(1900), 999));
        assertNull(SysDialer.partialDeadline(T, null, 1));
        assertEquals(T, SysDialer.partialDeadline(T.minusMillis(1), T, 1));
        assertThrows(DeadlineExceededException.class, () -> SysDialer.partialDeadline(T, T, 1));
        assertThrows(DeadlineExceededException.class, () -> SysDialer.partialDeadline(T.plusMillis(1), T, 1));
    }

    @Test
    void aTimeoutBecomesADeadline() {
        assertNull(SysDialer.deadline(T, Duration.ZERO));
        assertEquals(T.plusSeconds(5), SysDialer.deadline(T, Duration.ofSeconds(5)));
        assertEquals(T.minusSeconds(5), SysDialer.deadline(T, Duration.ofSeconds(-5)));
    }

    @Test
    void hugeTimeoutsSaturateAtGosLargestDuration() {
        Duration max = Duration.ofNanos(Long.MAX_VALUE);
        assertEquals(T.plus(max), SysDialer.deadline(T, Duration.ofSeconds(Long.MAX_VALUE)));
        assertEquals(T.plus(max), SysDialer.deadline(T, max));
        assertEquals(T.minus(max), SysDialer.deadline(T, Duration.ofSeconds(Long.MIN_VALUE)));
    }

    // Go's Dialer.deadline: the earlier of now+Timeout and Deadline, either being absent.
    @Test
    void theEarlierOfTimeoutAndDeadlineWins() {
        assertNull(SysDialer.deadline(T, Duration.ZERO, null));
        assertEquals(T.plusSeconds(3), SysDialer.deadline(T, Duration.ZERO, T.plusSeconds(3)));
        assertEquals(T.plusSeconds(5), SysDialer.deadline(T, Duration.ofSeconds(5), null));
        assertEquals(T.plusSeconds(3), SysDialer.deadline(T, Duration.ofSeconds(5), T.plusSeconds(3)));
        assertEquals(T.plusSeconds(5), SysDialer.deadline(T, Duration.ofSeconds(5), T.plusSeconds(9)));
        assertEquals(T.minusSeconds(5), SysDialer.deadline(T, Duration.ofSeconds(-5), T.plusSeconds(9)));
    }
}
