// Mirrors Go's io.ErrClosedPipe, as src/net/pipe.go returns it.
package io.netpoll.net;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;

/**
 * Go's {@code io.ErrClosedPipe} in the JDK's closed-channel types. Go returns it bare, not inside an
 * {@code OpError}, so the message is exactly "io: read/write on closed pipe"; the operation and the
 * network "pipe" are kept as {@link NetError} facts.
 */
final class PipeErrors {

    static final String CLOSED_PIPE = "io: read/write on closed pipe";

    private PipeErrors() {}

    /**
     * The closed-pipe error for {@code op} ("read", "write", "set"): an {@link AsynchronousCloseException}
     * when the pipe closed while the caller waited, else a {@link ClosedChannelException}.
     */
    static IOException closedPipe(String op, boolean whileBlocked) {
        return whileBlocked ? new ClosedWhileBlocked(op) : new Closed(op);
    }

    /** The facts both types share; only the operation varies. */
    private interface ClosedPipe extends NetError {
        @Override
        default String network() {
            return "pipe";
        }

        @Override
        default SocketAddress source() {
            return null;
        }

        @Override
        default SocketAddress addr() {
            return null;
        }

        @Override
        default boolean isTimeout() {
            return false;
        }
    }

    private static final class Closed extends ClosedChannelException implements ClosedPipe {
        private final String op;

        Closed(String op) {
            this.op = op;
        }

        @Override
        public String op() {
            return op;
        }

        @Override
        public String getMessage() {
            return CLOSED_PIPE;
        }
    }

    private static final class ClosedWhileBlocked extends AsynchronousCloseException implements ClosedPipe {
        private final String op;

        ClosedWhileBlocked(String op) {
            this.op = op;
        }

        @Override
        public String op() {
            return op;
        }

        @Override
        public String getMessage() {
            return CLOSED_PIPE;
        }
    }
}
