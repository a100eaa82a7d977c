package io.netpoll.nio;

import io.netpoll.spi.Errno;
import io.netpoll.spi.SyscallException;

import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.ConnectionPendingException;
import java.nio.channels.NoConnectionPendingException;
import java.nio.channels.NotYetBoundException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.util.List;
import java.util.Locale;

/**
 * Turns the JDK's exceptions into Go's {@code os.SyscallError}: the name of the call that failed and
 * the {@link Errno} the kernel gave.
 *
 * <p>The JDK does not expose errno. Its native code throws with the OS's own text
 * ({@code strerror} on POSIX, the WinSock text on Windows), and its Java code throws typed exceptions
 * with no text for the states it tracks itself (already connected, not yet bound, closed). So the
 * message is matched first, against the texts below, and only a message that names nothing known
 * falls back to the exception's type. The JDK exception is kept as the cause.
 */
final class NioErrors {

    /** Go's {@code EIO}; not one of {@link Errno}'s constants, used when nothing more precise is known. */
    static final Errno EIO = new Errno("EIO", "input/output error");

    private record Text(String fragment, Errno errno) {
    }

    private record Type(Class<? extends Throwable> type, Errno errno) {
    }

    /**
     * Lower-case fragments of OS and JDK messages. Order matters where one fragment contains another
     * ("too many open files in system" before "too many open files").
     */
    private static final List<Text> BY_TEXT = List.of(
            new Text("too many open files in system", Errno.ENFILE),
            new Text("too many open files", Errno.EMFILE),
            new Text("connection refused", Errno.ECONNREFUSED),
            new Text("actively refused", Errno.ECONNREFUSED),                         // WSAECONNREFUSED
            new Text("address already in use", Errno.EADDRINUSE),
            new Text("only one usage of each socket address", Errno.EADDRINUSE),      // WSAEADDRINUSE
            new Text("cannot assign requested address", Errno.EADDRNOTAVAIL),
            new Text("requested address is not valid", Errno.EADDRNOTAVAIL),          // WSAEADDRNOTAVAIL
            new Text("connection reset", Errno.ECONNRESET),
            new Text("forcibly closed by the remote host", Errno.ECONNRESET),         // WSAECONNRESET
            new Text("broken pipe", Errno.EPIPE),
            new Text("no route to host", Errno.EHOSTUNREACH),
            new Text("network is unreachable", Errno.ENETUNREACH),
            new Text("network is down", Errno.ENETDOWN),
            new Text("timed out", Errno.ETIMEDOUT),
            new Text("software caused connection abort", Errno.ECONNABORTED),
            new Text("established connection was aborted", Errno.ECONNABORTED),      // WSAECONNABORTED
            new Text("permission denied", Errno.EACCES),
            new Text("operation not permitted", Errno.EPERM),
            new Text("address family not supported", Errno.EAFNOSUPPORT),
            new Text("protocol family not supported", Errno.EAFNOSUPPORT),
            new Text("ipv6 not available", Errno.EAFNOSUPPORT),
            new Text("protocol not supported", Errno.EPROTONOSUPPORT),
            new Text("operation not supported", Errno.EOPNOTSUPP),
            new Text("message too long", Errno.EMSGSIZE),
            new Text("no buffer space available", Errno.ENOBUFS),
            new Text("cannot allocate memory", Errno.ENOMEM),
            new Text("is not connected", Errno.ENOTCONN),
            new Text("already connected", Errno.EISCONN),
            new Text("invalid argument", Errno.EINVAL),
            new Text("can't send to port 0", Errno.EINVAL),
            new Text("bad file descriptor", Errno.EBADF),
            new Text("no such file or directory", Errno.ENOENT),
            new Text("interrupted system call", Errno.EINTR),
            new Text("resource temporarily unavailable", Errno.EAGAIN));

    /** Types, most specific first; what POSIX returns for the state the JDK checked before calling. */
    private static final List<Type> BY_TYPE = List.of(
            new Type(PortUnreachableException.class, Errno.ECONNREFUSED),
            new Type(ConnectException.class, Errno.ECONNREFUSED),
            new Type(NoRouteToHostException.class, Errno.EHOSTUNREACH),
            new Type(BindException.class, Errno.EADDRINUSE),
            new Type(ClosedChannelException.class, Errno.EBADF),
            new Type(ClosedSelectorException.class, Errno.EBADF),
            new Type(CancelledKeyException.class, Errno.EBADF),
            new Type(NotYetConnectedException.class, Errno.ENOTCONN),
            new Type(NoConnectionPendingException.class, Errno.ENOTCONN),
            new Type(AlreadyConnectedException.class, Errno.EISCONN),
            new Type(ConnectionPendingException.class, Errno.EALREADY),
            new Type(AlreadyBoundException.class, Errno.EINVAL),
            new Type(NotYetBoundException.class, Errno.EINVAL),
            new Type(UnsupportedAddressTypeException.class, Errno.EAFNOSUPPORT),
            new Type(IllegalArgumentException.class, Errno.EINVAL),
            new Type(UnsupportedOperationException.class, Errno.EOPNOTSUPP));

    private NioErrors() {
    }

    /** The failure of {@code syscall}, as Go reports it, with {@code e} as the cause. */
    static SyscallException syscallError(String syscall, Throwable e) {
        if (e instanceof SyscallException se) {
            return se;
        }
        return new SyscallException(syscall, errno(e), e);
    }

    /** The errno behind a JDK exception: by its text, else by its type, else {@link #EIO}. */
    static Errno errno(Throwable e) {
        String message = e.getMessage();
        if (message != null) {
            String m = message.toLowerCase(Locale.ROOT);
            for (Text t : BY_TEXT) {
                if (m.contains(t.fragment)) {
                    return t.errno;
                }
            }
        }
        for (Type t : BY_TYPE) {
            if (t.type.isInstance(e)) {
                return t.errno;
            }
        }
        return EIO;
    }
}
