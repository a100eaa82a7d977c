package io.netpoll.net;

import java.net.SocketAddress;

/**
 * Implemented by every exception net-core throws: Go's {@code *net.OpError} facts. The exception's
 * {@code getMessage()} is exactly Go's {@code err.Error()} text.
 */
public interface NetError {

    /**
     * The operation: "read", "write", "dial", "listen", "accept", "close", "set".
     *
     * @return the operation
     */
    String op();

    /**
     * The network the caller named: "tcp", "tcp4", ...
     *
     * @return the network
     */
    String network();

    /**
     * The local address, or null.
     *
     * @return the local address, or null
     */
    SocketAddress source();

    /**
     * The remote (or, for listeners, the local) address, or null.
     *
     * @return the remote address, or null
     */
    SocketAddress addr();

    /**
     * True when the operation failed because a deadline passed.
     *
     * @return true for a timeout
     */
    boolean isTimeout();

    /**
     * How many bytes a write or a transfer moved before it failed, Go's {@code n} beside its
     * {@code err}: whatever the cause (a deadline, a reset, a close, an interrupt), those bytes were
     * handed to the system and the rest were not. 0 for every other operation and for a failure before
     * anything moved. A timeout's {@code SocketTimeoutException.bytesTransferred} holds the same count.
     *
     * @return the bytes moved before the failure
     */
    default long bytesTransferred() {
        return 0;
    }
}
