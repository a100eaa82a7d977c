package io.netpoll.tck;

import io.netpoll.Netpoll;
import io.netpoll.runtime.PollServer;
import io.netpoll.spi.NetpollProvider;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Refuses to run a suite on anything but the provider the module named with
 * {@code -Dnetpoll.provider=NAME}, so a kit run can never pass silently on another provider. Then it
 * warms that provider up — its poll server and one loopback exchange — so the descriptors and
 * threads it keeps for its whole life exist before {@link FdLeakCheck} takes its baseline.
 */
public final class ProviderCheck implements BeforeAllCallback {

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
    }

    private static void warmUp() throws Exception {
        try (Tcp.Pair p = Tcp.Pair.open()) {
            Task<Integer> read = Task.call(ThreadKind.VIRTUAL, () -> p.server().read(new byte[1]));
            p.client().write(new byte[] {1});
            assertEquals(1, read.get(), "warm-up exchange");
        }
    }
}
