package io.netpoll.posix.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;

/**
 * The C library's socket calls, through the binding {@link NativeBinding} chose: JNA direct mapping
 * ({@link JnaLibc}) or, on JDK 22+, {@code java.lang.foreign} downcalls ({@code FfmLibc}). Every
 * argument is an {@code int} or a {@code long} (a file descriptor, a flag, a native address or a
 * length), so a call marshals nothing and allocates nothing. Pointers are native addresses the caller
 * owns, usually in a {@link Scratch}; {@code size_t}/{@code ssize_t} are {@code long} (64-bit only).
 *
 * <p>Each method hands its arguments to {@link #CALLS}, a {@code static final} field: the JIT folds
 * it to a constant of the one implementation class, so the facade inlines to the binding's own call.
 *
 * <p>errno: a call that fails returns minus errno where the C function returns -1 (the kernel's own
 * convention; Go's {@code syscall} functions return the {@code Errno} with the result). So
 * {@code n < 0} is a failure and {@code (int) -n} its errno. The binding reads errno inside the call's
 * own method, before anything could park the calling virtual thread: JNA keeps errno per OS thread
 * (carrier), and FFM captures it into memory that belongs to the call, not to the thread, so nothing
 * per thread is kept for parked virtual threads. Never use JNA's {@code LastErrorException}: it would
 * allocate and fill in a stack trace on every would-block.
 *
 * <p>Calls that not every POSIX system has ({@link Accept4}, {@link Splice}) are bound when first used.
 */
public final class Libc {

    /** The binding; a constant to the JIT. */
    static final LibcBinding CALLS = NativeBinding.load(MethodHandles.lookup(), LibcBinding.class, "Libc");

    private Libc() {
    }

    /** The binding's name: {@code "ffm"} or {@code "jna"}. */
    public static String binding() {
        return NativeBinding.NAME;
    }

    /**
     * FFM binding only: a method handle of {@code type} that calls {@code name} in {@code library}
     * ({@code null} for the C library, else a path) and returns minus errno on failure. Only
     * {@code int} and {@code long} cross (addresses as {@code long}). This is how the providers'
     * own calls ({@code epoll_wait}, {@code kevent}) get an FFM binding without being compiled
     * against {@code java.lang.foreign}; keep the handle in a {@code static final} field and call it
     * with {@code invokeExact}.
     *
     * @throws UnsatisfiedLinkError          when the library has no such function
     * @throws UnsupportedOperationException on the JNA binding
     */
    public static MethodHandle function(String library, String name, MethodType type) {
        return CALLS.function(library, name, type);
    }

    /**
     * For {@code catch (Throwable t) { throw Libc.rethrow(t); }} around a downcall's
     * {@code invokeExact}: errors and runtime exceptions as they are (a downcall throws nothing else).
     */
    public static RuntimeException rethrow(Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        if (t instanceof RuntimeException e) {
            return e;
        }
        return new IllegalStateException(t);
    }

    /** The native address of a direct buffer's first byte (not of its position). */
    public static long address(ByteBuffer direct) {
        return CALLS.address(direct);
    }

    public static int socket(int domain, int type, int protocol) {
        return CALLS.socket(domain, type, protocol);
    }

    /** {@code int socketpair(int domain, int type, int protocol, int sv[2])}: sv is an address. */
    public static int socketpair(int domain, int type, int protocol, long sv) {
        return CALLS.socketpair(domain, type, protocol, sv);
    }

    public static int bind(int fd, long addr, int addrlen) {
        return CALLS.bind(fd, addr, addrlen);
    }

    public static int listen(int fd, int backlog) {
        return CALLS.listen(fd, backlog);
    }

    /** {@code addrlen} is the address of a {@code socklen_t}; both may be 0 (NULL). */
    public static int accept(int fd, long addr, long addrlen) {
        return CALLS.accept(fd, addr, addrlen);
    }

    public static int connect(int fd, long addr, int addrlen) {
        return CALLS.connect(fd, addr, addrlen);
    }

    public static long read(int fd, long buf, long count) {
        return CALLS.read(fd, buf, count);
    }

    public static long write(int fd, long buf, long count) {
        return CALLS.write(fd, buf, count);
    }

    public static long readv(int fd, long iov, int iovcnt) {
        return CALLS.readv(fd, iov, iovcnt);
    }

    /** {@code ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)}: msg is an address. */
    public static long sendmsg(int fd, long msg, int flags) {
        return CALLS.sendmsg(fd, msg, flags);
    }

    public static long send(int fd, long buf, long len, int flags) {
        return CALLS.send(fd, buf, len, flags);
    }

    public static long recvfrom(int fd, long buf, long len, int flags, long srcAddr, long addrlen) {
        return CALLS.recvfrom(fd, buf, len, flags, srcAddr, addrlen);
    }

    public static long sendto(int fd, long buf, long len, int flags, long destAddr, int addrlen) {
        return CALLS.sendto(fd, buf, len, flags, destAddr, addrlen);
    }

    public static int shutdown(int fd, int how) {
        return CALLS.shutdown(fd, how);
    }

    public static int close(int fd) {
        return CALLS.close(fd);
    }

    /**
     * {@code int open(const char *path, int flags, ...)} without its variadic mode, which only
     * {@code O_CREAT} reads: path is the address of a NUL-terminated name.
     */
    public static int open(long path, int flags) {
        return CALLS.open(path, flags);
    }

    public static int getsockname(int fd, long addr, long addrlen) {
        return CALLS.getsockname(fd, addr, addrlen);
    }

    public static int getpeername(int fd, long addr, long addrlen) {
        return CALLS.getpeername(fd, addr, addrlen);
    }

    public static int setsockopt(int fd, int level, int name, long value, int len) {
        return CALLS.setsockopt(fd, level, name, value, len);
    }

    public static int getsockopt(int fd, int level, int name, long value, long len) {
        return CALLS.getsockopt(fd, level, name, value, len);
    }

    /**
     * {@code int fcntl(int fd, int cmd, ...)} with one {@code int} argument, called as the variadic
     * function it is: on Darwin/arm64 variadic arguments go on the stack, so a fixed-arity binding
     * would pass {@code arg} where fcntl does not look. For a command without an argument
     * ({@code F_GETFL}, {@code F_GETFD}) pass 0; fcntl ignores it. Cold path only: setting up sockets
     * on systems without {@code SOCK_NONBLOCK}/{@code SOCK_CLOEXEC} ({@link OsTable#hasSockFlags()}),
     * sizing a splice pipe.
     */
    public static int fcntl(int fd, int cmd, int arg) {
        return CALLS.fcntl(fd, cmd, arg);
    }

    /** {@code accept4(2)}: Linux and the BSDs but not Darwin ({@link OsTable#hasSockFlags()}). */
    public static final class Accept4 {

        private Accept4() {
        }

        public static int accept4(int fd, long addr, long addrlen, int flags) {
            return CALLS.accept4(fd, addr, addrlen, flags);
        }
    }

    /** {@code pipe2(2)} and {@code splice(2)}: Linux only ({@link OsTable#splice()}). */
    public static final class Splice {

        private Splice() {
        }

        /** {@code int pipe2(int pipefd[2], int flags)}: pipefd is an address. */
        public static int pipe2(long pipefd, int flags) {
            return CALLS.pipe2(pipefd, flags);
        }

        /** {@code ssize_t splice(int fd_in, loff_t *off_in, int fd_out, loff_t *off_out, size_t len, unsigned flags)}. */
        public static long splice(int fdIn, long offIn, int fdOut, long offOut, long len, int flags) {
            return CALLS.splice(fdIn, offIn, fdOut, offOut, len, flags);
        }
    }

    /** {@code sendfile(2)}, one class per signature ({@link OsTable#sendFile()} says which is this system's). */
    public static final class SendFile {

        private SendFile() {
        }

        /** Linux: {@code ssize_t sendfile(int out_fd, int in_fd, off_t *offset, size_t count)}. */
        public static final class Linux {

            private Linux() {
            }

            public static long sendfile(int outFd, int inFd, long offset, long count) {
                return CALLS.sendfileLinux(outFd, inFd, offset, count);
            }
        }

        /**
         * FreeBSD: {@code int sendfile(int fd, int s, off_t offset, size_t nbytes, struct sf_hdtr *hdtr,
         * off_t *sbytes, int flags)}.
         */
        public static final class FreeBsd {

            private FreeBsd() {
            }

            public static int sendfile(int fd, int s, long offset, long nbytes, long hdtr, long sbytes, int flags) {
                return CALLS.sendfileFreeBsd(fd, s, offset, nbytes, hdtr, sbytes, flags);
            }
        }

        /** Darwin: {@code int sendfile(int fd, int s, off_t offset, off_t *len, struct sf_hdtr *hdtr, int flags)}. */
        public static final class Darwin {

            private Darwin() {
            }

            public static int sendfile(int fd, int s, long offset, long len, long hdtr, int flags) {
                return CALLS.sendfileDarwin(fd, s, offset, len, hdtr, flags);
            }
        }
    }
}
