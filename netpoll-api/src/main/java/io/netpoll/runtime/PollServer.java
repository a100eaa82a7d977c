package io.netpoll.runtime;

import io.netpoll.spi.NetpollProvider;

/** SKELETON — signatures fixed, bodies being written. */
public final class PollServer {
    public static PollServer of(NetpollProvider provider) { throw new UnsupportedOperationException("TODO runtime"); }
    public NetpollProvider provider() { throw new UnsupportedOperationException("TODO runtime"); }
    public int waiters() { throw new UnsupportedOperationException("TODO runtime"); }
}
