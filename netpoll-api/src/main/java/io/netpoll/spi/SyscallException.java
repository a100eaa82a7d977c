package io.netpoll.spi;

import java.io.IOException;

/**
 * A failed system call: Go's {@code os.SyscallError}. The message is Go's text,
 * {@code "connect: connection refused"}. Thrown by every {@link Sockets} and {@link Poller} method for
 * an OS-level failure; net-core wraps it into the JDK exception type a caller expects.
 */
public final class SyscallException extends IOException {

    private final String syscall;
    private final Errno errno;

    public SyscallException(String syscall, Errno errno) {
        super(syscall + ": " + errno.text());
        this.syscall = syscall;
        this.errno = errno;
    }

    public SyscallException(String syscall, Errno errno, Throwable cause) {
        super(syscall + ": " + errno.text(), cause);
        this.syscall = syscall;
        this.errno = errno;
    }

    /** The call that failed, as Go names it: "connect", "bind", "read", "accept4", ... */
    public String syscall() {
        return syscall;
    }

    public Errno errno() {
        return errno;
    }
}
