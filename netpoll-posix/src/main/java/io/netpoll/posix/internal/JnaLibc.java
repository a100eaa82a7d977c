package io.netpoll.posix.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;

/**
 * {@link Libc} through JNA direct mapping ({@code Native.register}): the {@code static native}
 * methods of {@link C} are registered to JNA's dispatcher with a precomputed call interface, and
 * every argument is primitive, so a call marshals nothing. A failed call returns minus errno
 * ({@link JnaErrno}).
 */
final class JnaLibc extends LibcBinding {

    JnaLibc() {
        C.register();
    }

    /** JNA binds a class's {@code static native} methods ({@code Native.register}), not handles. */
    @Override
    MethodHandle function(String library, String name, MethodType type) {
        throw new UnsupportedOperationException("the JNA binding makes no method handles");
    }

    /** A JNI call that returns a new {@code Pointer}: the cache in {@link LibcBinding#address} spares it. */
    @Override
    long bufferAddress(ByteBuffer direct) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(direct));
    }

    @Override
    int socket(int domain, int type, int protocol) {
        return JnaErrno.result(C.socket(domain, type, protocol));
    }

    @Override
    int socketpair(int domain, int type, int protocol, long sv) {
        return JnaErrno.result(C.socketpair(domain, type, protocol, sv));
    }

    @Override
    int bind(int fd, long addr, int addrlen) {
        return JnaErrno.result(C.bind(fd, addr, addrlen));
    }

    @Override
    int listen(int fd, int backlog) {
        return JnaErrno.result(C.listen(fd, backlog));
    }

    @Override
    int accept(int fd, long addr, long addrlen) {
        return JnaErrno.result(C.accept(fd, addr, addrlen));
    }

    @Override
    int connect(int fd, long addr, int addrlen) {
        return JnaErrno.result(C.connect(fd, addr, addrlen));
    }

    @Override
    long read(int fd, long buf, long count) {
        return JnaErrno.result(C.read(fd, buf, count));
    }

    @Override
    long write(int fd, long buf, long count) {
        return JnaErrno.result(C.write(fd, buf, count));
    }

    @Override
    long readv(int fd, long iov, int iovcnt) {
        return JnaErrno.result(C.readv(fd, iov, iovcnt));
    }

    @Override
    long sendmsg(int fd, long msg, int flags) {
        return JnaErrno.result(C.sendmsg(fd, msg, flags));
    }

    @Override
    long send(int fd, long buf, long len, int flags) {
        return JnaErrno.result(C.send(fd, buf, len, flags));
    }

    @Override
    long recvfrom(int fd, long buf, long len, int flags, long srcAddr, long addrlen) {
        return JnaErrno.result(C.recvfrom(fd, buf, len, flags, srcAddr, addrlen));
    }

    @Override
    long sendto(int fd, long buf, long len, int flags, long destAddr, int addrlen) {
        return JnaErrno.result(C.sendto(fd, buf, len, flags, destAddr, addrlen));
    }

    @Override
    int shutdown(int fd, int how) {
        return JnaErrno.result(C.shutdown(fd, how));
    }

    @Override
    int close(int fd) {
        return JnaErrno.result(C.close(fd));
    }

    @Override
    int open(long path, int flags) {
        return JnaErrno.result(C.open(path, flags));
    }

    @Override
    int getsockname(int fd, long addr, long addrlen) {
        return JnaErrno.result(C.getsockname(fd, addr, addrlen));
    }

    @Override
    int getpeername(int fd, long addr, long addrlen) {
        return JnaErrno.result(C.getpeername(fd, addr, addrlen));
    }

    @Override
    int setsockopt(int fd, int level, int name, long value, int len) {
        return JnaErrno.result(C.setsockopt(fd, level, name, value, len));
    }

    @Override
    int getsockopt(int fd, int level, int name, long value, long len) {
        return JnaErrno.result(C.getsockopt(fd, level, name, value, len));
    }

    @Override
    int fcntl(int fd, int cmd, int arg) {
        return JnaErrno.result(Variadic.INSTANCE.fcntl(fd, cmd, arg));
    }

    @Override
    int accept4(int fd, long addr, long addrlen, int flags) {
        return JnaErrno.result(Accept4.accept4(fd, addr, addrlen, flags));
    }

    @Override
    int pipe2(long pipefd, int flags) {
        return JnaErrno.result(Splice.pipe2(pipefd, flags));
    }

    @Override
    long splice(int fdIn, long offIn, int fdOut, long offOut, long len, int flags) {
        return JnaErrno.result(Splice.splice(fdIn, offIn, fdOut, offOut, len, flags));
    }

    @Override
    long sendfileLinux(int outFd, int inFd, long offset, long count) {
        return JnaErrno.result(SendFileLinux.sendfile(outFd, inFd, offset, count));
    }

    @Override
    int sendfileFreeBsd(int fd, int s, long offset, long nbytes, long hdtr, long sbytes, int flags) {
        return JnaErrno.result(SendFileFreeBsd.sendfile(fd, s, offset, nbytes, hdtr, sbytes, flags));
    }

    @Override
    int sendfileDarwin(int fd, int s, long offset, long len, long hdtr, int flags) {
        return JnaErrno.result(SendFileDarwin.sendfile(fd, s, offset, len, hdtr, flags));
    }

    /** The C library, shared by every class registered here. */
    static NativeLibrary libc() {
        return NativeLibrary.getInstance(Platform.C_LIBRARY_NAME);
    }

    /** The direct-mapped calls every supported C library has. */
    private static final class C {

        static {
            Native.register(C.class, libc());
        }

        private C() {
        }

        /** Runs the static initializer: registration errors surface when the binding is made. */
        static void register() {
        }

        static native int socket(int domain, int type, int protocol);

        static native int socketpair(int domain, int type, int protocol, long sv);

        static native int bind(int fd, long addr, int addrlen);

        static native int listen(int fd, int backlog);

        static native int accept(int fd, long addr, long addrlen);

        static native int connect(int fd, long addr, int addrlen);

        static native long read(int fd, long buf, long count);

        static native long write(int fd, long buf, long count);

        static native long readv(int fd, long iov, int iovcnt);

        static native long sendmsg(int fd, long msg, int flags);

        static native long send(int fd, long buf, long len, int flags);

        static native long recvfrom(int fd, long buf, long len, int flags, long srcAddr, long addrlen);

        static native long sendto(int fd, long buf, long len, int flags, long destAddr, int addrlen);

        static native int shutdown(int fd, int how);

        static native int close(int fd);

        static native int open(long path, int flags);

        static native int getsockname(int fd, long addr, long addrlen);

        static native int getpeername(int fd, long addr, long addrlen);

        static native int setsockopt(int fd, int level, int name, long value, int len);

        static native int getsockopt(int fd, int level, int name, long value, long len);
    }

    /** accept4(2), registered on first use: Darwin's C library has none. */
    private static final class Accept4 {

        static {
            Native.register(Accept4.class, libc());
        }

        private Accept4() {
        }

        static native int accept4(int fd, long addr, long addrlen, int flags);
    }

    /** pipe2(2) and splice(2), registered on first use: Linux only. */
    private static final class Splice {

        static {
            Native.register(Splice.class, libc());
        }

        private Splice() {
        }

        static native int pipe2(long pipefd, int flags);

        static native long splice(int fdIn, long offIn, int fdOut, long offOut, long len, int flags);
    }

    /** sendfile(2) of Linux, registered on first use: each system has its own signature. */
    private static final class SendFileLinux {

        static {
            Native.register(SendFileLinux.class, libc());
        }

        private SendFileLinux() {
        }

        static native long sendfile(int outFd, int inFd, long offset, long count);
    }

    /** sendfile(2) of FreeBSD, registered on first use. */
    private static final class SendFileFreeBsd {

        static {
            Native.register(SendFileFreeBsd.class, libc());
        }

        private SendFileFreeBsd() {
        }

        static native int sendfile(int fd, int s, long offset, long nbytes, long hdtr, long sbytes, int flags);
    }

    /** sendfile(2) of Darwin, registered on first use. */
    private static final class SendFileDarwin {

        static {
            Native.register(SendFileDarwin.class, libc());
        }

        private SendFileDarwin() {
        }

        static native int sendfile(int fd, int s, long offset, long len, long hdtr, int flags);
    }

    /**
     * fcntl(2) through JNA's interface mapping, which builds a variadic call (direct mapping cannot):
     * slow (a proxy, boxing), and only on the cold path.
     */
    private interface Variadic extends Library {

        Variadic INSTANCE = Native.load(Platform.C_LIBRARY_NAME, Variadic.class);

        int fcntl(int fd, int cmd, Object... args);
    }
}
