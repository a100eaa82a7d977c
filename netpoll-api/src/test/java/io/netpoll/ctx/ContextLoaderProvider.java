package io.netpoll.ctx;

import io.netpoll.spi.Availability;
import io.netpoll.spi.NetpollProvider;
import io.netpoll.spi.Poller;
import io.netpoll.spi.Sockets;

/**
 * A provider that only a context class loader sees: NetpollSelectionTest copies this class and a
 * services file naming it into a folder of its own, outside the child JVM's class path. It is never
 * available, so the child's selection error shows how an unavailable provider is reported.
 */
public final class ContextLoaderProvider implements NetpollProvider {

    /** The reason it gives. */
    public static final String REASON = "a provider for the context class loader test";

    @Override
    public String name() {
        return "context-test";
    }

    @Override
    public int priority() {
        return 1;
    }

    @Override
    public Availability availability() {
        return Availability.no(REASON, new UnsupportedOperationException("never runs"));
    }

    @Override
    public Poller openPoller() {
        throw new UnsupportedOperationException(REASON);
    }

    @Override
    public Sockets sockets() {
        throw new UnsupportedOperationException(REASON);
    }
}
