package io.netpoll.spi;

import java.util.Objects;

/**
 * A system error, by its POSIX name, with the text Go prints for it ({@code syscall.Errno.Error()}).
 * Platform-neutral: each provider maps its own numbers (or the JDK's exceptions) to these, so that
 * net-core can choose the JDK exception type and Go's message without knowing the OS.
 *
 * @param name the POSIX name, e.g. {@code ECONNREFUSED}; {@code errno N} for a number with no name
 * @param text Go's text, e.g. {@code connection refused}
 */
public record Errno(String name, String text) {

    public static final Errno EPERM = new Errno("EPERM", "operation not permitted");
    public static final Errno ENOENT = new Errno("ENOENT", "no such file or directory");
    public static final Errno EINTR = new Errno("EINTR", "interrupted system call");
    public static final Errno EBADF = new Errno("EBADF", "bad file descriptor");
    public static final Errno EAGAIN = new Errno("EAGAIN", "resource temporarily unavailable");
    public static final Errno ENOMEM = new Errno("ENOMEM", "cannot allocate memory");
    public static final Errno EACCES = new Errno("EACCES", "permission denied");
    public static final Errno EINVAL = new Errno("EINVAL", "invalid argument");
    public static final Errno ENFILE = new Errno("ENFILE", "too many open files in system");
    public static final Errno EMFILE = new Errno("EMFILE", "too many open files");
    public static final Errno EPIPE = new Errno("EPIPE", "broken pipe");
    public static final Errno ENOTSOCK = new Errno("ENOTSOCK", "socket operation on non-socket");
    public static final Errno EMSGSIZE = new Errno("EMSGSIZE", "message too long");
    public static final Errno EPROTONOSUPPORT = new Errno("EPROTONOSUPPORT", "protocol not supported");
    public static final Errno EOPNOTSUPP = new Errno("EOPNOTSUPP", "operation not supported");
    public static final Errno EAFNOSUPPORT = new Errno("EAFNOSUPPORT", "address family not supported by protocol");
    public static final Errno EADDRINUSE = new Errno("EADDRINUSE", "address already in use");
    public static final Errno EADDRNOTAVAIL = new Errno("EADDRNOTAVAIL", "cannot assign requested address");
    public static final Errno ENETDOWN = new Errno("ENETDOWN", "network is down");
    public static final Errno ENETUNREACH = new Errno("ENETUNREACH", "network is unreachable");
    public static final Errno ECONNABORTED = new Errno("ECONNABORTED", "software caused connection abort");
    public static final Errno ECONNRESET = new Errno("ECONNRESET", "connection reset by peer");
    public static final Errno ENOBUFS = new Errno("ENOBUFS", "no buffer space available");
    public static final Errno EISCONN = new Errno("EISCONN", "transport endpoint is already connected");
    public static final Errno ENOTCONN = new Errno("ENOTCONN", "transport endpoint is not connected");
    public static final Errno ETIMEDOUT = new Errno("ETIMEDOUT", "connection timed out");
    public static final Errno ECONNREFUSED = new Errno("ECONNREFUSED", "connection refused");
    public static final Errno EHOSTUNREACH = new Errno("EHOSTUNREACH", "no route to host");
    public static final Errno EALREADY = new Errno("EALREADY", "operation already in progress");
    public static final Errno EINPROGRESS = new Errno("EINPROGRESS", "operation now in progress");

    /**
     * Checks both parts are there.
     *
     * @param name the POSIX name
     * @param text Go's text
     */
    public Errno {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(text, "text");
    }

    /**
     * Go's {@code Errno.Timeout()}: EAGAIN, EWOULDBLOCK and ETIMEDOUT.
     *
     * @return true for a timeout
     */
    public boolean isTimeout() {
        return equals(EAGAIN) || equals(ETIMEDOUT);
    }

    /**
     * Go's {@code Errno.Temporary()}: EINTR, EMFILE, ENFILE, ECONNRESET, ECONNABORTED, or a timeout.
     *
     * @return true for a temporary error
     */
    public boolean isTemporary() {
        return equals(EINTR) || equals(EMFILE) || equals(ENFILE) || equals(ECONNRESET)
                || equals(ECONNABORTED) || isTimeout();
    }

    @Override
    public String toString() {
        return text;
    }
}
