package io.netpoll.posix.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;

/**
 * The calls behind {@link Libc}, one implementation per binding ({@link JnaLibc}, {@code FfmLibc}).
 * Arguments and results as in {@link Libc}; {@link #accept4}, {@link #pipe2}, {@link #splice} and
 * the {@code sendfile} of each system are bound on first use, as not every C library has them.
 */
abstract class LibcBinding {

    private static final int ADDRESS_SLOTS = 64;

    /** Direct buffers and their addresses, by identity hash; see {@link #address}. */
    private final AddressEntry[] addresses = new AddressEntry[ADDRESS_SLOTS];

    /** A buffer and its address; immutable, so a racy read of a slot sees a whole entry or none. */
    private record AddressEntry(WeakReference<ByteBuffer> buffer, long address) {
    }

    /**
     * A direct buffer's address, from a small cache by identity hash that keeps the last buffer seen in
     * each slot (weakly, so it never keeps a buffer's memory alive). The hot path asks again and again
     * for the same few buffers, and a hit is a header read, an array load and a compare, where
     * {@link #bufferAddress} allocates (JNA: a JNI call and a {@code Pointer}; FFM: a segment, unless
     * escape analysis removes it). A miss replaces the slot's entry.
     */
    final long address(ByteBuffer direct) {
        int slot = System.identityHashCode(direct) & (ADDRESS_SLOTS - 1);
        AddressEntry e = addresses[slot];
        if (e != null && e.buffer().get() == direct) {
            return e.address();
        }
        long address = bufferAddress(direct);
        addresses[slot] = new AddressEntry(new WeakReference<>(direct), address);
        return address;
    }

    /** The address of a direct buffer's first byte, asked of the binding. */
    abstract long bufferAddress(ByteBuffer direct);

    /** See {@link Libc#function}. */
    abstract MethodHandle function(String library, String name, MethodType type);

    abstract int socket(int domain, int type, int protocol);

    abstract int socketpair(int domain, int type, int protocol, long sv);

    abstract int bind(int fd, long addr, int addrlen);

    abstract int listen(int fd, int backlog);

    abstract int accept(int fd, long addr, long addrlen);

    abstract int connect(int fd, long addr, int addrlen);

    abstract long read(int fd, long buf, long count);

    abstract long write(int fd, long buf, long count);

    abstract long readv(int fd, long iov, int iovcnt);

    abstract long sendmsg(int fd, long msg, int flags);

    abstract long send(int fd, long buf, long len, int flags);

    abstract long recvfrom(int fd, long buf, long len, int flags, long srcAddr, long addrlen);

    abstract long sendto(int fd, long buf, long len, int flags, long destAddr, int addrlen);

    abstract int shutdown(int fd, int how);

    abstract int close(int fd);

    abstract int open(long path, int flags);

    abstract int getsockname(int fd, long addr, long addrlen);

    abstract int getpeername(int fd, long addr, long addrlen);

    abstract int setsockopt(int fd, int level, int name, long value, int len);

    abstract int getsockopt(int fd, int level, int name, long value, long len);

    abstract int fcntl(int fd, int cmd, int arg);

    abstract int accept4(int fd, long addr, long addrlen, int flags);

    abstract int pipe2(long pipefd, int flags);

    abstract long splice(int fdIn, long offIn, int fdOut, long offOut, long len, int flags);

    abstract long sendfileLinux(int outFd, int inFd, long offset, long count);

    abstract int sendfileFreeBsd(int fd, int s, long offset, long nbytes, long hdtr, long sbytes, int flags);

    abstract int sendfileDarwin(int fd, int s, long offset, long len, long hdtr, int flags);
}
