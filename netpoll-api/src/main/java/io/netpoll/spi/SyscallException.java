package io.netpoll.spi;

import java.io.IOException;
import java.util.Objects;

/**
 * A failed system call: Go's {@code os.SyscallError}. The message is Go's text,
 * {@code "connect: connection refused"}. Thrown by every {@link Sockets} and {@link Poller} method for
 * an OS-level failure; net-core wraps it into the JDK exception type a caller expects.
 */
public final class SyscallException extends IOException {

    /**
     * The call that failed.
     */
    private final String syscall;
    /**
     * Its error number.
     */
    private final Errno errno;

    /**
     * A failure of {@code syscall} with {@code errno}.
     *
     * @param syscall the call, as Go names it: "connect", "bind", "read", ...
     * @param errno   its error number
     */
    public SyscallException(String syscall, Errno errno) {
        super(Objects.requireNonNull(syscall, "syscall") + ": " + errno.text());
        this.syscall = syscall;
        this.errno = errno;
    }

    /**
     * A failure of {@code syscall} with {@code errno}, caused by {@code cause}.
     *
     * @param syscall the call, as Go names it
     * @param errno   its error number
     * @param cause   what made it fail, e.g. an exception of the JDK's own socket layer, or null
     */
    public SyscallException(String syscall, Errno errno, Throwable cause) {
        super(Objects.requireNonNull(syscall, "syscall") + ": " + errno.text(), cause);
        this.syscall = syscall;
        this.errno = errno;
    }

    /**
     * The call that failed, as Go names it: "connect", "bind", "read", "accept4", ...
     *
     * @return the call's name
     */
    public String syscall() {
        return syscall;
    }

    /**
     * The error number the call failed with.
     *
     * @return the error number
     */
    public Errno errno() {
        return errno;
    }
}
