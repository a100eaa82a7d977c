package io.netpoll.posix.internal;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;

import static io.netpoll.posix.internal.Ffm.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@link Libc} through {@code java.lang.foreign} (JDK 22+): one downcall handle per function, in a
 * {@code static final} field, so the JIT inlines the handle into the caller. Arguments, errno
 * and why no call is {@code critical}: see {@link Ffm}.
 */
final class FfmLibc extends LibcBinding {

    private static final SymbolLookup LIBC = Ffm.libc();

    private static final MethodHandle SOCKET = Ffm.downcall(LIBC, Ffm.C_LIBRARY, "socket",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SOCKETPAIR = Ffm.downcall(LIBC, Ffm.C_LIBRARY, "socketpair",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle BIND = Ffm.downcall(LIBC, Ffm.C_LIBRARY, "bind",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle LISTEN = Ffm.downcall(LIBC, Ffm.C_LIBRARY, "listen",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle ACCEPT = Ffm.downcall(LIBC, Ffm.C_LIBRARY, "accept",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle CONNECT = Ffm.downcall(LIBC, Ffm.C_LIBRARY, "connect",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle READ = Ffm.downcall(LIBC, Ffm.C_LIBRARY, "read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE = Ffm.downcall(LIBC, Ffm.C_LIBRARY, "write",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle READV = Ffm.downcall(LIBC, Ffm.C_LIBRARY, "readv",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SENDMSG = Ffm.downcall(LIBC, Ffm.C_LIBRARY, "sendmsg",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SEND = Ffm.downcall(LIBC, Ffm.C_LIBRARY, "send",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle RECVFROM = Ffm.downcall(LIBC, Ffm.C_LIBRARY, "recvfrom",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SENDTO = Ffm.downcall(LIBC, Ffm.C_LIBRARY, "sendto",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SHUTDOWN = Ffm.downcall(LIBC, Ffm.C_LIBRARY, "shutdown",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle CLOSE = Ffm.downcall(LIBC, Ffm.C_LIBRARY, "close",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    /** open's mode after {@code flags} is variadic and read only with {@code O_CREAT}, never passed here. */
    private static final MethodHandle OPEN = Ffm.downcall(LIBC, Ffm.C_LIBRARY, "open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETSOCKNAME = Ffm.downcall(LIBC, Ffm.C_LIBRARY, "getsockname",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle GETPEERNAME = Ffm.downcall(LIBC, Ffm.C_LIBRARY, "getpeername",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SETSOCKOPT = Ffm.downcall(LIBC, Ffm.C_LIBRARY, "setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETSOCKOPT = Ffm.downcall(LIBC, Ffm.C_LIBRARY, "getsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    /** fcntl's one argument after {@code cmd} is variadic (see {@link Libc#fcntl}). */
    private static final MethodHandle FCNTL = Ffm.downcall(LIBC, Ffm.C_LIBRARY, "fcntl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));

    FfmLibc() {
    }

    @Override
    MethodHandle function(String library, String name, MethodType type) {
        return Ffm.function(library, name, type);
    }

    /**
     * A direct buffer's segment starts at its position; its first byte is that many bytes before. The
     * segment (and a session) is allocated unless escape analysis removes it: the cache in
     * {@link LibcBinding#address} makes that moot.
     */
    @Override
    long bufferAddress(ByteBuffer direct) {
        return MemorySegment.ofBuffer(direct).address() - direct.position();
    }

    @Override
    int socket(int domain, int type, int protocol) {
        try {
            return (int) SOCKET.invokeExact(domain, type, protocol);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    int socketpair(int domain, int type, int protocol, long sv) {
        try {
            return (int) SOCKETPAIR.invokeExact(domain, type, protocol, sv);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    int bind(int fd, long addr, int addrlen) {
        try {
            return (int) BIND.invokeExact(fd, addr, addrlen);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    int listen(int fd, int backlog) {
        try {
            return (int) LISTEN.invokeExact(fd, backlog);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    int accept(int fd, long addr, long addrlen) {
        try {
            return (int) ACCEPT.invokeExact(fd, addr, addrlen);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    int connect(int fd, long addr, int addrlen) {
        try {
            return (int) CONNECT.invokeExact(fd, addr, addrlen);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    long read(int fd, long buf, long count) {
        try {
            return (long) READ.invokeExact(fd, buf, count);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    long write(int fd, long buf, long count) {
        try {
            return (long) WRITE.invokeExact(fd, buf, count);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    long readv(int fd, long iov, int iovcnt) {
        try {
            return (long) READV.invokeExact(fd, iov, iovcnt);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    long sendmsg(int fd, long msg, int flags) {
        try {
            return (long) SENDMSG.invokeExact(fd, msg, flags);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    long send(int fd, long buf, long len, int flags) {
        try {
            return (long) SEND.invokeExact(fd, buf, len, flags);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    long recvfrom(int fd, long buf, long len, int flags, long srcAddr, long addrlen) {
        try {
            return (long) RECVFROM.invokeExact(fd, buf, len, flags, srcAddr, addrlen);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    long sendto(int fd, long buf, long len, int flags, long destAddr, int addrlen) {
        try {
            return (long) SENDTO.invokeExact(fd, buf, len, flags, destAddr, addrlen);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    int shutdown(int fd, int how) {
        try {
            return (int) SHUTDOWN.invokeExact(fd, how);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    int close(int fd) {
        try {
            return (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    int getsockname(int fd, long addr, long addrlen) {
        try {
            return (int) GETSOCKNAME.invokeExact(fd, addr, addrlen);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    int getpeername(int fd, long addr, long addrlen) {
        try {
            return (int) GETPEERNAME.invokeExact(fd, addr, addrlen);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    int setsockopt(int fd, int level, int name, long value, int len) {
        try {
            return (int) SETSOCKOPT.invokeExact(fd, level, name, value, len);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    int getsockopt(int fd, int level, int name, long value, long len) {
        try {
            return (int) GETSOCKOPT.invokeExact(fd, level, name, value, len);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    int open(long path, int flags) {
        try {
            return (int) OPEN.invokeExact(path, flags);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    int fcntl(int fd, int cmd, int arg) {
        try {
            return (int) FCNTL.invokeExact(fd, cmd, arg);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    int accept4(int fd, long addr, long addrlen, int flags) {
        try {
            return (int) Accept4.ACCEPT4.invokeExact(fd, addr, addrlen, flags);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    int pipe2(long pipefd, int flags) {
        try {
            return (int) Splice.PIPE2.invokeExact(pipefd, flags);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    long splice(int fdIn, long offIn, int fdOut, long offOut, long len, int flags) {
        try {
            return (long) Splice.SPLICE.invokeExact(fdIn, offIn, fdOut, offOut, len, flags);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    long sendfileLinux(int outFd, int inFd, long offset, long count) {
        try {
            return (long) SendFileLinux.SENDFILE.invokeExact(outFd, inFd, offset, count);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    int sendfileFreeBsd(int fd, int s, long offset, long nbytes, long hdtr, long sbytes, int flags) {
        try {
            return (int) SendFileFreeBsd.SENDFILE.invokeExact(fd, s, offset, nbytes, hdtr, sbytes, flags);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    int sendfileDarwin(int fd, int s, long offset, long len, long hdtr, int flags) {
        try {
            return (int) SendFileDarwin.SENDFILE.invokeExact(fd, s, offset, len, hdtr, flags);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** accept4(2), looked up on first use: Darwin's C library has none. */
    private static final class Accept4 {
        private static final MethodHandle ACCEPT4 = Ffm.downcall(LIBC, Ffm.C_LIBRARY, "accept4",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));

        private Accept4() {
        }
    }

    /** pipe2(2) and splice(2), looked up on first use: Linux only. */
    private static final class Splice {
        private static final MethodHandle PIPE2 = Ffm.downcall(LIBC, Ffm.C_LIBRARY, "pipe2",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        private static final MethodHandle SPLICE = Ffm.downcall(LIBC, Ffm.C_LIBRARY, "splice",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));

        private Splice() {
        }
    }

    /** sendfile(2) of Linux, looked up on first use: each system has its own signature. */
    private static final class SendFileLinux {
        /** {@code ssize_t sendfile(int out_fd, int in_fd, off_t *offset, size_t count)}. */
        private static final MethodHandle SENDFILE = Ffm.downcall(LIBC, Ffm.C_LIBRARY, "sendfile",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG));

        private SendFileLinux() {
        }
    }

    /** sendfile(2) of FreeBSD, looked up on first use. */
    private static final class SendFileFreeBsd {
        /** {@code int sendfile(int fd, int s, off_t offset, size_t nbytes, struct sf_hdtr *, off_t *sbytes, int flags)}. */
        private static final MethodHandle SENDFILE = Ffm.downcall(LIBC, Ffm.C_LIBRARY, "sendfile",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS, JAVA_INT));

        private SendFileFreeBsd() {
        }
    }

    /** sendfile(2) of Darwin, looked up on first use. */
    private static final class SendFileDarwin {
        /** {@code int sendfile(int fd, int s, off_t offset, off_t *len, struct sf_hdtr *, int flags)}. */
        private static final MethodHandle SENDFILE = Ffm.downcall(LIBC, Ffm.C_LIBRARY, "sendfile",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS, JAVA_INT));

        private SendFileDarwin() {
        }
    }
}
