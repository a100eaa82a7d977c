package io.netpoll.tck;

import io.netpoll.Netpoll;
import io.netpoll.runtime.PollServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Go's {@code TestNetpollWaiters} (runtime/crash_test.go): once a test class is done, no thread is
 * still counted as parked on the poller. A waiter that is woken but never uncounted would keep the
 * gauge above zero forever; a slow unpark is allowed a few seconds to settle.
 */
public final class WaitersCheck implements AfterAllCallback {

    /** Made by JUnit for {@code @ExtendWith}. */
    public WaitersCheck() {
    }

    private static final Duration SETTLE = Duration.ofSeconds(5);

    @Override
    public void afterAll(ExtensionContext context) {
        assertNoWaiters(context.getRequiredTestClass().getSimpleName());
    }

    /** Fails unless the selected provider's poll server counts no parked thread within a few seconds. */
    static void assertNoWaiters(String after) {
        PollServer server = PollServer.of(Netpoll.provider());
        long end = System.nanoTime() + SETTLE.toNanos();
        int waiters = server.waiters();
        while (waiters != 0 && System.nanoTime() < end) {
            Sleep.millis(20);
            waiters = server.waiters();
        }
        if (waiters != 0) {
            fail("the poll server still counts " + waiters + " waiter(s) " + SETTLE.toSeconds()
                    + " s after " + after + "; want 0 (Go's TestNetpollWaiters)");
        }
    }
}
