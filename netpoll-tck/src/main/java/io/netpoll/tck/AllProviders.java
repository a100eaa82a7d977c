package io.netpoll.tck;

import io.netpoll.Netpoll;
import io.netpoll.net.Conn;
import io.netpoll.net.Dialer;
import io.netpoll.net.ListenConfig;
import io.netpoll.net.Listener;
import io.netpoll.runtime.PollServer;
import io.netpoll.spi.NetpollProvider;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every provider available in this process, for suites that run one provider against another.
 *
 * <p>Register it as a {@code static} field with {@code @RegisterExtension}: JUnit reads such a field,
 * and so makes it, before any suite callback runs, and making it warms every provider up (its poll
 * server, poller thread and one loopback exchange), so the descriptors those keep for their whole
 * life exist before {@link FdLeakCheck} takes its baseline. After the suite it checks, as
 * {@link WaitersCheck} does for the provider under test, that no thread is left parked on any
 * provider's poll server.
 */
final class AllProviders implements AfterAllCallback {

    private static final Duration SETTLE = Duration.ofSeconds(5);

    private final List<NetpollProvider> providers;

    AllProviders() {
        providers = Netpoll.providers().stream().filter(p -> p.availability().available()).toList();
        for (NetpollProvider p : providers) {
            warmUp(p);
        }
    }

    List<NetpollProvider> providers() {
        return providers;
    }

    private static void warmUp(NetpollProvider p) {
        Task<Integer> exchange = Task.call(ThreadKind.VIRTUAL, () -> {
            try (Listener ln = ListenConfig.builder().provider(p).build().listen("tcp", "127.0.0.1:0");
                 Conn c = Dialer.builder().provider(p).build().dial("tcp", Tcp.address(ln));
                 Conn s = ln.accept()) {
                c.write(new byte[] {1});
                return s.read(new byte[1]);
            }
        });
        assertEquals(1, exchange.get(Duration.ofSeconds(30)), "warm-up exchange on " + p.name());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        for (NetpollProvider p : providers) {
            PollServer server = PollServer.of(p);
            long end = System.nanoTime() + SETTLE.toNanos();
            while (server.waiters() != 0 && System.nanoTime() < end) {
                Sleep.millis(20);
            }
            if (server.waiters() != 0) {
                fail("the poll server of " + p.name() + " still counts " + server.waiters() + " waiter(s) "
                        + SETTLE.toSeconds() + " s after " + context.getRequiredTestClass().getSimpleName());
            }
        }
    }
}
