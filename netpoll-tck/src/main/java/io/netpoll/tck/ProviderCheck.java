package io.netpoll.tck;

import io.netpoll.Netpoll;
import io.netpoll.runtime.PollServer;
import io.netpoll.spi.NetpollProvider;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Refuses to run a suite on anything but the provider the module named with
 * {@code -Dnetpoll.provider=NAME}, so a kit run can never pass silently on another provider. Then it
 * warms that provider up — its poll server and one loopback exchange — and the JDK's own socket
 * layer, so the descriptors and threads they keep for their whole life exist before
 * {@link FdLeakCheck} takes its baseline.
 */
public final class ProviderCheck implements BeforeAllCallback {

    /** Made by JUnit for {@code @ExtendWith}. */
    public ProviderCheck() {
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        String expected = System.getProperty(Netpoll.PROVIDER_PROPERTY);
        if (expected == null || expected.isBlank()) {
            fail("-D" + Netpoll.PROVIDER_PROPERTY + " is not set: the conformance kit runs against one named "
                    + "provider; set it in the provider module's surefire configuration");
        }
        NetpollProvider provider = Netpoll.provider();
        assertEquals(expected.trim(), provider.name(), "Netpoll.provider() is not the provider this run names");
        PollServer.of(provider);
        warmUp();
        // The JDK's socket layer keeps one descriptor of its own from its first use on (the kit uses
        // java.net sockets as peers and to probe for IPv6), so that use comes before the baseline too.
        Tcp.ipv6Loopback();
    }

    /** One loopback exchange, bounded so that a provider that hangs fails the suite instead of the build. */
    private static void warmUp() {
        Task<Integer> exchange = Task.call(ThreadKind.VIRTUAL, () -> {
            try (Tcp.Pair p = Tcp.Pair.open()) {
                Task<Integer> read = Task.call(ThreadKind.VIRTUAL, () -> p.server().read(new byte[1]));
                p.client().write(new byte[] {1});
                return read.get();
            }
        });
        assertEquals(1, exchange.get(Duration.ofSeconds(30)), "warm-up exchange");
    }
}
