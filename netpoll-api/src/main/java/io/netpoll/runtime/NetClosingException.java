package io.netpoll.runtime;

import java.io.IOException;

/** Go's {@code poll.ErrNetClosing}: "use of closed network connection". */
public final class NetClosingException extends IOException {
    private final boolean whileBlocked;

    public NetClosingException(boolean whileBlocked) {
        super("use of closed network connection");
        this.whileBlocked = whileBlocked;
    }

    /** True when the descriptor was closed while this operation was parked waiting for it. */
    public boolean whileBlocked() {
        return whileBlocked;
    }
}
