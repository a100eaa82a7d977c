// Mirrors Go's net.UnknownNetworkError (src/net/net.go).
package io.netpoll.net.internal;

import java.io.IOException;

/** A network name net-core does not know: {@code "unknown network NAME"}. */
public final class UnknownNetworkError extends IOException {

    private static final long serialVersionUID = 1L;

    public UnknownNetworkError(String network) {
        super("unknown network " + network);
    }
}
