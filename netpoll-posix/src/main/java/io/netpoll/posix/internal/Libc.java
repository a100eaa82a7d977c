package io.netpoll.posix.internal;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * The C library's socket calls, bound with JNA direct mapping ({@code Native.register}): every
 * argument is an {@code int} or a {@code long} (a file descriptor, a flag, a native address or a
 * length), so a call marshals nothing and allocates nothing. Pointers are native addresses the caller
 * owns, usually in a {@link Scratch}; {@code size_t}/{@code ssize_t} are {@code long} (64-bit only).
 *
 * <p>errno: after every call JNA copies errno into a per-OS-thread slot, read by {@link #errno()}.
 * Read it at once after a call returned -1, before anything that could park the calling (virtual)
 * thread and let another one run on the same carrier. Never declare {@code LastErrorException} here:
 * it would allocate and fill in a stack trace on every would-block.
 *
 * <p>Variadic functions ({@code fcntl}) cannot be direct-mapped: see {@link Fcntl}. Calls that not
 * every POSIX system has live in nested classes, registered only when used.
 */
public final class Libc {

    static {
        Native.register(Libc.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private Libc() {
    }

    /** The errno of the last failed call on this thread. */
    public static int errno() {
        return Native.getLastError();
    }

    /** The native address of a direct buffer's first byte (not of its position). */
    public static long address(java.nio.Buffer direct) {
        return com.sun.jna.Pointer.nativeValue(Native.getDirectBufferPointer(direct));
    }

    public static native int socket(int domain, int type, int protocol);

    /** {@code int socketpair(int domain, int type, int protocol, int sv[2])}: sv is an address. */
    public static native int socketpair(int domain, int type, int protocol, long sv);

    public static native int bind(int fd, long addr, int addrlen);

    public static native int listen(int fd, int backlog);

    /** {@code addrlen} is the address of a {@code socklen_t}; both may be 0 (NULL). */
    public static native int accept(int fd, long addr, long addrlen);

    public static native int connect(int fd, long addr, int addrlen);

    public static native long read(int fd, long buf, long count);

    public static native long write(int fd, long buf, long count);

    public static native long readv(int fd, long iov, int iovcnt);

    public static native long send(int fd, long buf, long len, int flags);

    /** {@code ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)}: msg is an address. */
    public static native long sendmsg(int fd, long msg, int flags);

    public static native long recvfrom(int fd, long buf, long len, int flags, long srcAddr, long addrlen);

    public static native long sendto(int fd, long buf, long len, int flags, long destAddr, int addrlen);

    public static native int shutdown(int fd, int how);

    public static native int close(int fd);

    /**
     * {@code int open(const char *path, int flags, ...)} without its variadic mode, which only
     * {@code O_CREAT} reads: path is the address of a NUL-terminated name.
     */
    public static native int open(long path, int flags);

    public static native int getsockname(int fd, long addr, long addrlen);

    public static native int getpeername(int fd, long addr, long addrlen);

    public static native int setsockopt(int fd, int level, int name, long value, int len);

    public static native int getsockopt(int fd, int level, int name, long value, long len);

    /** {@code accept4(2)}: Linux and the BSDs but not Darwin ({@link OsTable#hasSockFlags()}). */
    public static final class Accept4 {

        static {
            Native.register(Accept4.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
        }

        private Accept4() {
        }

        public static native int accept4(int fd, long addr, long addrlen, int flags);
    }

    /** {@code pipe2(2)} and {@code splice(2)}: Linux only ({@link OsTable#splice()}). */
    public static final class Splice {

        static {
            Native.register(Splice.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
        }

        private Splice() {
        }

        /** {@code int pipe2(int pipefd[2], int flags)}: pipefd is an address. */
        public static native int pipe2(long pipefd, int flags);

        /** {@code ssize_t splice(int fd_in, loff_t *off_in, int fd_out, loff_t *off_out, size_t len, unsigned flags)}. */
        public static native long splice(int fdIn, long offIn, int fdOut, long offOut, long len, int flags);
    }

    /** {@code sendfile(2)}, one class per signature ({@link OsTable#sendFile()} says which is this system's). */
    public static final class SendFile {

        private SendFile() {
        }

        /** Linux: {@code ssize_t sendfile(int out_fd, int in_fd, off_t *offset, size_t count)}. */
        public static final class Linux {

            static {
                Native.register(Linux.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
            }

            private Linux() {
            }

            public static native long sendfile(int outFd, int inFd, long offset, long count);
        }

        /**
         * FreeBSD: {@code int sendfile(int fd, int s, off_t offset, size_t nbytes, struct sf_hdtr *hdtr,
         * off_t *sbytes, int flags)}.
         */
        public static final class FreeBsd {

            static {
                Native.register(FreeBsd.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
            }

            private FreeBsd() {
            }

            public static native int sendfile(int fd, int s, long offset, long nbytes, long hdtr, long sbytes, int flags);
        }

        /** Darwin: {@code int sendfile(int fd, int s, off_t offset, off_t *len, struct sf_hdtr *hdtr, int flags)}. */
        public static final class Darwin {

            static {
                Native.register(Darwin.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
            }

            private Darwin() {
            }

            public static native int sendfile(int fd, int s, long offset, long len, long hdtr, int flags);
        }
    }
}
