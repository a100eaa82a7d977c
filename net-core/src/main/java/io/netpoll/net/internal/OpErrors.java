// Mirrors Go's net.OpError (src/net/net.go) and the error mapping of src/net/error_posix.go.
package io.netpoll.net.internal;

import io.netpoll.net.DNSError;
import io.netpoll.net.NetError;
import io.netpoll.runtime.NetClosingException;
import io.netpoll.spi.Errno;
import io.netpoll.spi.SyscallException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Serializable;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;

/**
 * Go's {@code *net.OpError} in the JDK exception type a Java caller already catches.
 *
 * <p>The message is Go's {@code OpError.Error()} byte for byte: the operation, then the network, then
 * the source address, then the address (after "->" when a source was printed, else after a space),
 * then ": " and the cause's Go text, e.g. {@code "read tcp 127.0.0.1:5000->127.0.0.1:41234: i/o
 * timeout"} or {@code "dial tcp 127.0.0.1:1: connect: connection refused"}.
 *
 * <p>The type follows the cause: a passed deadline is a {@link SocketTimeoutException} (keeping the
 * bytes a write moved before it), use of a closed connection a {@link ClosedChannelException}
 * ({@link AsynchronousCloseException} when it was closed while the caller waited), an interrupt a
 * {@link ClosedByInterruptException}, a failed lookup an {@link UnknownHostException}, and a system
 * error the type the JDK's own sockets throw for it ({@code handleSocketError} in the JDK's Net.c):
 * {@link ConnectException}, {@link BindException}, {@link NoRouteToHostException}, else
 * {@link SocketException}. Every one implements {@link NetError}, and the cause stays attached.
 *
 * <p>A write or transfer that failed part way says how much it moved ({@link NetError#bytesTransferred},
 * and a timeout's {@code bytesTransferred} field too): Go's {@code n} beside its {@code err}.
 */
public final class OpErrors {

    /** Go has no interrupts; this text stands where Go would print the cause. */
    static final String INTERRUPTED = "operation was interrupted";

    private static final String CLOSED = new NetClosingException(false).getMessage();

    private OpErrors() {
    }

    /**
     * The error of operation {@code op} ("read", "write", "dial", "listen", "accept", "close", "set")
     * on {@code network} as the caller named it, between {@code source} and {@code addr} (either may
     * be null), failed with {@code cause}. A cause that already is such an error (made here) is
     * returned as is: it was made closer to the failure, where more was known.
     */
    public static IOException wrap(String op, String network, SocketAddress source, SocketAddress addr,
                                   Throwable cause) {
        return wrap(op, network, source, addr, cause, 0);
    }

    /** Like {@link #wrap(String, String, SocketAddress, SocketAddress, Throwable)}, after {@code moved} bytes moved. */
    static IOException wrap(String op, String network, SocketAddress source, SocketAddress addr,
                            Throwable cause, long moved) {
        if (cause instanceof OpError && cause instanceof IOException done) {
            return done;
        }
        return nest(op, network, source, addr, cause, moved);
    }

    /**
     * Like {@link #wrap}, but always a new error around {@code cause}, as Go's {@code ReadFrom} and
     * {@code WriteTo} wrap the OpError of the read or write that failed inside them:
     * {@code "readfrom tcp A->B: write tcp A->B: write: broken pipe"}.
     */
    public static IOException nest(String op, String network, SocketAddress source, SocketAddress addr,
                                   Throwable cause) {
        return nest(op, network, source, addr, cause, 0);
    }

    /**
     * Like {@link #nest(String, String, SocketAddress, SocketAddress, Throwable)}, after {@code moved}
     * bytes moved; when that is 0, a timeout's own count of a partial write stands.
     */
    static IOException nest(String op, String network, SocketAddress source, SocketAddress addr,
                            Throwable cause, long moved) {
        StringBuilder s = new StringBuilder(op);
        if (!network.isEmpty()) {
            s.append(' ').append(network);
        }
        if (source != null) {
            s.append(' ').append(Addrs.string(source));
        }
        if (addr != null) {
            s.append(source != null ? "->" : " ").append(Addrs.string(addr));
        }
        s.append(": ").append(text(cause));
        return create(new Facts(op, network, source, addr, s.toString(), isTimeout(cause), moved(cause, moved)), cause);
    }

    private static long moved(Throwable cause, long moved) {
        if (moved > 0) {
            return moved;
        }
        if (cause instanceof NetError ne) {
            return ne.bytesTransferred();
        }
        return cause instanceof InterruptedIOException ie ? Math.max(ie.bytesTransferred, 0) : 0;
    }

    /**
     * An error Go returns on its own rather than inside an OpError, such as {@code SplitHostPort}'s
     * {@code AddrError}: the message is the cause's text, and op and network are empty.
     */
    public static IOException bare(Throwable cause) {
        return create(new Facts("", "", null, null, text(cause), isTimeout(cause), 0), cause);
    }

    /** The cause's Go text: what Go's {@code err.Error()} prints for it. */
    static String text(Throwable cause) {
        if (cause instanceof OpError) {
            return cause.getMessage();
        }
        if (cause instanceof ClosedByInterruptException) {
            return INTERRUPTED;
        }
        if (cause instanceof ClosedChannelException) {
            return CLOSED;
        }
        String m = cause.getMessage();
        return m != null ? m : cause.getClass().getSimpleName();
    }

    private static boolean isTimeout(Throwable cause) {
        if (cause instanceof SocketTimeoutException) {
            return true;
        }
        if (cause instanceof SyscallException se) {
            return se.errno().isTimeout();
        }
        if (cause instanceof NetError ne) {
            return ne.isTimeout();
        }
        return cause instanceof DNSError de && de.isTimeout();
    }

    private static IOException create(Facts f, Throwable cause) {
        IOException e = switch (cause) {
            case SocketTimeoutException t -> new TimeoutError(f);
            case NetClosingException c when c.whileBlocked() -> new ClosedWhileBlockedError(f);
            case NetClosingException c -> new ClosedError(f);
            case ClosedByInterruptException i -> new InterruptedError(f);
            case AsynchronousCloseException c -> new ClosedWhileBlockedError(f);
            case ClosedChannelException c -> new ClosedError(f);
            case DNSError d -> new LookupError(f);
            case UnknownHostException u -> new LookupError(f);
            case SyscallException se -> syscallError(f, se);
            default -> new SocketError(f);
        };
        e.initCause(cause);
        return e;
    }

    /** The JDK's choice of type for a socket errno (Net.c {@code handleSocketError}). */
    private static IOException syscallError(Facts f, SyscallException se) {
        Errno errno = se.errno();
        if (errno.equals(Errno.ECONNREFUSED)
                || (errno.equals(Errno.ETIMEDOUT) && se.syscall().equals("connect"))) {
            return new ConnectError(f);
        }
        if (errno.equals(Errno.EADDRINUSE) || errno.equals(Errno.EADDRNOTAVAIL)
                || (errno.equals(Errno.EACCES) && se.syscall().equals("bind"))) {
            return new BindError(f);
        }
        if (errno.equals(Errno.EHOSTUNREACH) || errno.equals(Errno.ENETUNREACH)) {
            return new NoRouteError(f);
        }
        return new SocketError(f);
    }

    /** What every net-core exception knows: Go's OpError fields and its text. */
    private record Facts(String op, String network, SocketAddress source, SocketAddress addr, String message,
                         boolean timeout, long moved) implements Serializable {
    }

    private interface OpError extends NetError {
        Facts facts();

        @Override
        default String op() {
            return facts().op();
        }

        @Override
        default String network() {
            return facts().network();
        }

        @Override
        default SocketAddress source() {
            return facts().source();
        }

        @Override
        default SocketAddress addr() {
            return facts().addr();
        }

        @Override
        default boolean isTimeout() {
            return facts().timeout();
        }

        @Override
        default long bytesTransferred() {
            return facts().moved();
        }
    }

    private static final class TimeoutError extends SocketTimeoutException implements OpError {
        private final Facts facts;

        TimeoutError(Facts facts) {
            this.facts = facts;
            this.bytesTransferred = (int) Math.min(facts.moved(), Integer.MAX_VALUE);
        }

        @Override
        public Facts facts() {
            return facts;
        }

        @Override
        public String getMessage() {
            return facts.message();
        }
    }

    private static final class ClosedError extends ClosedChannelException implements OpError {
        private final Facts facts;

        ClosedError(Facts facts) {
            this.facts = facts;
        }

        @Override
        public Facts facts() {
            return facts;
        }

        @Override
        public String getMessage() {
            return facts.message();
        }
    }

    private static final class ClosedWhileBlockedError extends AsynchronousCloseException implements OpError {
        private final Facts facts;

        ClosedWhileBlockedError(Facts facts) {
            this.facts = facts;
        }

        @Override
        public Facts facts() {
            return facts;
        }

        @Override
        public String getMessage() {
            return facts.message();
        }
    }

    private static final class InterruptedError extends ClosedByInterruptException implements OpError {
        private final Facts facts;

        InterruptedError(Facts facts) {
            this.facts = facts;
        }

        @Override
        public Facts facts() {
            return facts;
        }

        @Override
        public String getMessage() {
            return facts.message();
        }
    }

    private static final class ConnectError extends ConnectException implements OpError {
        private final Facts facts;

        ConnectError(Facts facts) {
            this.facts = facts;
        }

        @Override
        public Facts facts() {
            return facts;
        }

        @Override
        public String getMessage() {
            return facts.message();
        }
    }

    private static final class BindError extends BindException implements OpError {
        private final Facts facts;

        BindError(Facts facts) {
            this.facts = facts;
        }

        @Override
        public Facts facts() {
            return facts;
        }

        @Override
        public String getMessage() {
            return facts.message();
        }
    }

    private static final class NoRouteError extends NoRouteToHostException implements OpError {
        private final Facts facts;

        NoRouteError(Facts facts) {
            this.facts = facts;
        }

        @Override
        public Facts facts() {
            return facts;
        }

        @Override
        public String getMessage() {
            return facts.message();
        }
    }

    private static final class LookupError extends UnknownHostException implements OpError {
        private final Facts facts;

        LookupError(Facts facts) {
            this.facts = facts;
        }

        @Override
        public Facts facts() {
            return facts;
        }

        @Override
        public String getMessage() {
            return facts.message();
        }
    }

    private static final class SocketError extends SocketException implements OpError {
        private final Facts facts;

        SocketError(Facts facts) {
            this.facts = facts;
        }

        @Override
        public Facts facts() {
            return facts;
        }

        @Override
        public String getMessage() {
            return facts.message();
        }
    }
}
