package io.netpoll.runtime;

import java.io.IOException;

/** Go's {@code poll.ErrNetClosing}: "use of closed network connection". */
public final class NetClosingException extends IOException {
    /**
     * Whether the descriptor was closed while the operation was parked.
     */
    private final boolean whileBlocked;

    /**
     * The error of an operation on a closed descriptor.
     *
     * @param whileBlocked true when the descriptor was closed while the operation was parked waiting for it
     */
    public NetClosingException(boolean whileBlocked) {
        super("use of closed network connection");
        this.whileBlocked = whileBlocked;
    }

    /**
     * True when the descriptor was closed while this operation was parked waiting for it.
     *
     * @return true when closed while parked
     */
    public boolean whileBlocked() {
        return whileBlocked;
    }
}
