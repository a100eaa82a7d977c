package io.netpoll.tck;

import io.netpoll.net.Conn;
import io.netpoll.net.Listener;
import io.netpoll.net.NetError;

import java.net.SocketTimeoutException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;

/**
 * The error shapes DESIGN promises, checked the way Go's {@code parse*Error} helpers check theirs:
 * the JDK type a Java caller catches, {@link NetError}, and Go's exact text.
 */
final class Expect {

    /** {@code os.ErrDeadlineExceeded.Error()}. */
    static final String TIMEOUT = "i/o timeout";
    /** {@code net.ErrClosed.Error()}. */
    static final String CLOSED = "use of closed network connection";

    private Expect() {
    }

    /** {@code t} is a {@code type}, implements {@link NetError}, and its message is exactly {@code message}. */
    static <E extends Throwable> E netError(Throwable t, Class<E> type, String message) {
        if (t == null) {
            throw new AssertionError("no exception; want " + type.getSimpleName() + " \"" + message + "\"");
        }
        if (!type.isInstance(t)) {
            throw new AssertionError("got " + t + "; want " + type.getName(), t);
        }
        if (!(t instanceof NetError)) {
            throw new AssertionError(t.getClass().getName() + " does not implement NetError: " + t, t);
        }
        if (!message.equals(t.getMessage())) {
            throw new AssertionError("message is \"" + t.getMessage() + "\"; want Go's \"" + message + "\"", t);
        }
        return type.cast(t);
    }

    /** {@code t} implements {@link NetError} with this op and network. */
    static NetError op(Throwable t, String op, String network) {
        if (!(t instanceof NetError e)) {
            throw new AssertionError(t + " does not implement NetError", t);
        }
        if (!op.equals(e.op()) || !network.equals(e.network())) {
            throw new AssertionError("op/network are " + e.op() + "/" + e.network() + "; want " + op + "/" + network, t);
        }
        return e;
    }

    /** Go's {@code isDeadlineExceeded}: a {@link SocketTimeoutException} whose {@code isTimeout()} is true. */
    static void deadlineExceeded(Throwable t, String message) {
        NetError e = (NetError) netError(t, SocketTimeoutException.class, message);
        if (!e.isTimeout()) {
            throw new AssertionError("isTimeout() is false for " + t, t);
        }
    }

    /** Go's {@code checkForTimeoutError}: a {@link NetError} whose {@code isTimeout()} is true. */
    static void timeout(Throwable t) {
        if (!(t instanceof NetError e) || !e.isTimeout()) {
            throw new AssertionError("got " + t + "; want a NetError with isTimeout()", t);
        }
    }

    /** Closed by another thread while this operation waited: {@link AsynchronousCloseException}, not a timeout. */
    static void closedWhileBlocked(Throwable t, String message) {
        NetError e = (NetError) netError(t, AsynchronousCloseException.class, message);
        if (e.isTimeout()) {
            throw new AssertionError("isTimeout() is true for a close: " + t, t);
        }
    }

    /** Used after close: {@link ClosedChannelException} (not the asynchronous kind), not a timeout. */
    static void closedBefore(Throwable t, String message) {
        NetError e = (NetError) netError(t, ClosedChannelException.class, message);
        if (t instanceof AsynchronousCloseException) {
            throw new AssertionError("an operation started after close threw " + t.getClass().getName()
                    + "; want a plain ClosedChannelException", t);
        }
        if (e.isTimeout()) {
            throw new AssertionError("isTimeout() is true for a close: " + t, t);
        }
    }

    /** Go's text for a failed {@code op} ("read", "write", "close") on a connection: op net local->remote: err. */
    static String conn(String op, String network, Conn c, String err) {
        return GoText.opError(op, network, c.localAddr(), c.remoteAddr(), err);
    }

    /** Go's text for a failed {@code op} ("accept", "set") that names only one local address. */
    static String local(String op, String network, Listener ln, String err) {
        return GoText.opError(op, network, null, ln.addr(), err);
    }
}
