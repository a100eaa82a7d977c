package io.netpoll.posix;

// Mirrors Go's syscall socket calls and the pieces of net/sock_posix.go, net/sock_cloexec.go and
// internal/poll/fd_unix.go that belong to a single non-blocking system call.

import io.netpoll.posix.internal.Libc;
import io.netpoll.posix.internal.OsTable;
import io.netpoll.posix.internal.Scratch;
import io.netpoll.spi.Family;
import io.netpoll.spi.FileSource;
import io.netpoll.spi.Handle;
import io.netpoll.spi.NetpollSocketOptions;
import io.netpoll.spi.SocketType;
import io.netpoll.spi.Sockets;
import io.netpoll.spi.SplicePipe;
import io.netpoll.spi.SyscallException;
import jdk.net.ExtendedSocketOptions;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static io.netpoll.posix.internal.Scratch.DATA;
import static io.netpoll.posix.internal.Scratch.DATA_SIZE;
import static io.netpoll.posix.internal.Scratch.IOV;
import static io.netpoll.posix.internal.Scratch.SOCKADDR;
import static io.netpoll.posix.internal.Scratch.SOCKLEN;
import static io.netpoll.posix.internal.Scratch.VALUE;

/**
 * POSIX sockets through {@link Libc} (FFM or JNA): each method is one non-blocking system call (or a
 * short fixed sequence), with EINTR retried where Go retries it. "Would block" (EAGAIN) is a return value; every other failure
 * is a {@link SyscallException} named as Go names the call ({@code "connect: connection refused"}).
 *
 * <p>Buffers: a direct {@code ByteBuffer} is passed to the kernel by address; a heap one is copied
 * through a pooled native {@link Scratch}, at most {@link Scratch#DATA_SIZE} bytes per call for a
 * stream (short reads and writes are normal) and the whole datagram for a datagram socket (through
 * the scratch's reused {@link Scratch#large} area when larger, so a large heap buffer costs no native
 * allocation per call, not even for a call that would block). Stream
 * transfers are clamped to 1 GiB per call, as Go's {@code maxRW}.
 *
 * <p>Writes use {@code send(2)}, and gather writes {@code sendmsg(2)}, with {@code MSG_NOSIGNAL} (where the OS has no such flag, sockets are
 * made with {@code SO_NOSIGPIPE} instead), so writing to a reset peer fails with EPIPE and never
 * raises SIGPIPE.
 */
public final class PosixSockets implements Sockets {

    private static final OsTable OS = OsTable.current();

    /** Go's {@code maxRW}: darwin and freebsd cannot do 2 GiB in one call; 1 GiB keeps alignment. */
    private static final int MAX_RW = 1 << 30;

    /** A zeroed {@code struct msghdr}, copied in before a gather write fills its iovec fields. */
    private static final byte[] EMPTY_MSGHDR = new byte[OS.SIZEOF_MSGHDR()];

    private enum Kind { BOOLEAN, INT, LINGER }

    private record Opt(int level, int name, Kind kind) {
    }

    private static final Map<SocketOption<?>, Opt> OPTIONS = Map.ofEntries(
            Map.entry(StandardSocketOptions.SO_REUSEADDR, new Opt(OS.SOL_SOCKET(), OS.SO_REUSEADDR(), Kind.BOOLEAN)),
            Map.entry(StandardSocketOptions.SO_REUSEPORT, new Opt(OS.SOL_SOCKET(), OS.SO_REUSEPORT(), Kind.BOOLEAN)),
            Map.entry(StandardSocketOptions.SO_KEEPALIVE, new Opt(OS.SOL_SOCKET(), OS.SO_KEEPALIVE(), Kind.BOOLEAN)),
            Map.entry(StandardSocketOptions.SO_BROADCAST, new Opt(OS.SOL_SOCKET(), OS.SO_BROADCAST(), Kind.BOOLEAN)),
            Map.entry(StandardSocketOptions.SO_RCVBUF, new Opt(OS.SOL_SOCKET(), OS.SO_RCVBUF(), Kind.INT)),
            Map.entry(StandardSocketOptions.SO_SNDBUF, new Opt(OS.SOL_SOCKET(), OS.SO_SNDBUF(), Kind.INT)),
            Map.entry(StandardSocketOptions.SO_LINGER, new Opt(OS.SOL_SOCKET(), OS.SO_LINGER(), Kind.LINGER)),
            Map.entry(StandardSocketOptions.TCP_NODELAY, new Opt(OS.IPPROTO_TCP(), OS.TCP_NODELAY(), Kind.BOOLEAN)),
            Map.entry(ExtendedSocketOptions.TCP_KEEPIDLE, new Opt(OS.IPPROTO_TCP(), OS.TCP_KEEPIDLE(), Kind.INT)),
            Map.entry(ExtendedSocketOptions.TCP_KEEPINTERVAL, new Opt(OS.IPPROTO_TCP(), OS.TCP_KEEPINTVL(), Kind.INT)),
            Map.entry(ExtendedSocketOptions.TCP_KEEPCOUNT, new Opt(OS.IPPROTO_TCP(), OS.TCP_KEEPCNT(), Kind.INT)),
            Map.entry(NetpollSocketOptions.IPV6_V6ONLY, new Opt(OS.IPPROTO_IPV6(), OS.IPV6_V6ONLY(), Kind.BOOLEAN)));

    private final String providerName;

    /**
     * The POSIX socket layer of a provider.
     *
     * @param providerName the provider these sockets belong to, named in errors such as an
     *                     unsupported option
     * @throws UnsupportedOperationException (as the cause of an {@link ExceptionInInitializerError} on
     *                                       first use) when this OS or architecture has no
     *                                       {@link OsTable}
     */
    public PosixSockets(String providerName) {
        this.providerName = Objects.requireNonNull(providerName, "providerName");
    }

    // ---- creating and connecting ----

    @Override
    public Handle socket(Family family, SocketType type) throws IOException {
        int flags = OS.hasSockFlags() ? OS.SOCK_NONBLOCK() | OS.SOCK_CLOEXEC() : 0;
        int fd = Libc.socket(af(family), sotype(type) | flags, 0);
        if (fd < 0) {
            throw error("socket", -fd);
        }
        return setUp(fd, family, type, null);
    }

    /**
     * A connected pair of Unix sockets ({@code socketpair(2)}), both non-blocking and close-on-exec.
     * When either end cannot be set up (where {@code fcntl(2)} or {@code SO_NOSIGPIPE} does it), both
     * descriptors are closed before the error is thrown.
     *
     * @param type the socket type
     * @return the two connected ends
     * @throws IOException a {@link io.netpoll.spi.SyscallException} when the system call fails
     */
    public Handle[] socketpair(SocketType type) throws IOException {
        return socketpair(type, this::setUp);
    }

    /** How {@link #socketpair(SocketType)} wraps each new descriptor: {@link #setUp}, which closes it on failure. */
    interface SetUp {
        PosixHandle wrap(int fd, Family family, SocketType type, SocketAddress peer) throws IOException;
    }

    /** {@link #socketpair(SocketType)} with each end wrapped by {@code setUp}, so a test can make the second fail. */
    Handle[] socketpair(SocketType type, SetUp setUp) throws IOException {
        int flags = OS.hasSockFlags() ? OS.SOCK_NONBLOCK() | OS.SOCK_CLOEXEC() : 0;
        int a;
        int b;
        Scratch s = Scratch.acquire();
        try {
            int r = Libc.socketpair(OS.AF_UNIX(), sotype(type) | flags, 0, s.address + VALUE);
            if (r < 0) {
                throw error("socketpair", -r);
            }
            a = s.buffer.getInt(VALUE);
            b = s.buffer.getInt(VALUE + 4);
        } finally {
            s.release();
        }
        PosixHandle first;
        try {
            first = setUp.wrap(a, Family.UNIX, type, null);
        } catch (IOException | RuntimeException e) {
            Libc.close(b);
            throw e;
        }
        try {
            return new Handle[] {first, setUp.wrap(b, Family.UNIX, type, null)};
        } catch (IOException | RuntimeException e) {
            try {
                close(first);
            } catch (IOException closeError) {
                e.addSuppressed(closeError);
            }
            throw e;
        }
    }

    /**
     * Wraps a new descriptor, first making it non-blocking, close-on-exec and quiet on a reset peer
     * where the OS could not do so at creation. Closes it on failure. {@code peer}: the address
     * {@code accept} returned, or null.
     */
    private PosixHandle setUp(int fd, Family family, SocketType type, SocketAddress peer) throws IOException {
        try {
            if (!OS.hasSockFlags()) {
                setNonblockCloexec(fd);
            }
            if (OS.SO_NOSIGPIPE() != 0) {
                setInt(fd, OS.SOL_SOCKET(), OS.SO_NOSIGPIPE(), 1);
            }
        } catch (IOException e) {
            Libc.close(fd);
            throw e;
        }
        return new PosixHandle(fd, family, type, peer);
    }

    /** What {@code SOCK_NONBLOCK|SOCK_CLOEXEC} does, with {@code fcntl(2)} (Go's sock_cloexec.go). */
    static void setNonblockCloexec(int fd) throws SyscallException {
        int fl = Libc.fcntl(fd, OS.F_GETFL(), 0);
        int r = fl < 0 ? fl : Libc.fcntl(fd, OS.F_SETFL(), fl | OS.O_NONBLOCK());
        if (r < 0) {
            throw error("setnonblock", -r);
        }
        int fdfl = Libc.fcntl(fd, OS.F_GETFD(), 0);
        r = fdfl < 0 ? fdfl : Libc.fcntl(fd, OS.F_SETFD(), fdfl | OS.FD_CLOEXEC());
        if (r < 0) {
            throw error("fcntl", -r);
        }
    }

    @Override
    public void bind(Handle handle, SocketAddress local) throws IOException {
        PosixHandle h = posix(handle);
        Scratch s = Scratch.acquire();
        try {
            int len = Sockaddr.encode(OS, s.buffer, SOCKADDR, local, h.family(), "bind");
            int r = Libc.bind(h.fd(), s.address + SOCKADDR, len);
            if (r < 0) {
                throw error("bind", -r);
            }
        } finally {
            s.release();
        }
    }

    /**
     * Listens with {@code backlog}, capped at the system's maximum (Go's {@code listenerBacklog()}:
     * /proc/sys/net/core/somaxconn on Linux, read once; 128 when unreadable). A backlog of 0 or less
     * means that maximum.
     */
    @Override
    public void listen(Handle handle, int backlog) throws IOException {
        int max = Backlog.MAX;
        int n = backlog <= 0 || backlog > max ? max : backlog;
        int r = Libc.listen(posix(handle).fd(), n);
        if (r < 0) {
            throw error("listen", -r);
        }
    }

    private static final class Backlog {
        static final int MAX = OS.maxListenerBacklog();
    }

    /**
     * Accepts with {@code accept4(SOCK_NONBLOCK|SOCK_CLOEXEC)}. As Go's {@code FD.Accept}, a
     * connection reset while queued (ECONNABORTED) is skipped silently, and EINTR retried. The peer's
     * address comes with the connection, as Go takes it from {@code accept}: {@link #remoteAddress}
     * answers from it without a {@code getpeername}, and still knows it after the peer went away.
     */
    @Override
    public Handle accept(Handle listener) throws IOException {
        PosixHandle l = posix(listener);
        Scratch s = Scratch.acquire();
        try {
            for (;;) {
                s.buffer.putInt(SOCKLEN, OS.SIZEOF_SOCKADDR_STORAGE());
                long addr = s.address + SOCKADDR;
                long addrlen = s.address + SOCKLEN;
                int fd = OS.hasSockFlags()
                        ? Libc.Accept4.accept4(l.fd(), addr, addrlen, OS.SOCK_NONBLOCK() | OS.SOCK_CLOEXEC())
                        : Libc.accept(l.fd(), addr, addrlen);
                if (fd >= 0) {
                    return setUp(fd, l.family(), l.type(), acceptedPeer(s, l.family()));
                }
                int e = -fd;
                if (e == OS.EAGAIN()) {
                    return null;
                }
                if (e != OS.EINTR() && e != OS.ECONNABORTED()) {
                    throw error(OS.hasSockFlags() ? "accept4" : "accept", e);
                }
            }
        } finally {
            s.release();
        }
    }

    /**
     * The peer's address that accept left in {@code s}, or null for a family the codecs do not know
     * (then {@link #remoteAddress} asks the kernel).
     */
    private static SocketAddress acceptedPeer(Scratch s, Family family) {
        int len = Math.min(s.buffer.getInt(SOCKLEN), OS.SIZEOF_SOCKADDR_STORAGE());
        try {
            return Sockaddr.decode(OS, s.buffer, SOCKADDR, len, family, "accept");
        } catch (SyscallException e) {
            return null;
        }
    }

    /**
     * Go's {@code netFD.connect} first step: EINPROGRESS, EALREADY and EINTR mean the attempt goes on
     * asynchronously (false); EISCONN means connected (true).
     */
    @Override
    public boolean connect(Handle handle, SocketAddress remote) throws IOException {
        PosixHandle h = posix(handle);
        Scratch s = Scratch.acquire();
        try {
            int len = Sockaddr.encode(OS, s.buffer, SOCKADDR, remote, h.family(), "connect");
            int r = Libc.connect(h.fd(), s.address + SOCKADDR, len);
            if (r == 0) {
                return true;
            }
            int e = -r;
            if (e == OS.EINPROGRESS() || e == OS.EALREADY() || e == OS.EINTR()) {
                return false;
            }
            if (e == OS.EISCONN()) {
                return true;
            }
            throw error("connect", e);
        } finally {
            s.release();
        }
    }

    /**
     * Go's {@code netFD.connect} loop body: reads {@code SO_ERROR}. Still in progress is false;
     * no error counts as connected only when {@code getpeername} agrees, because the poller can report
     * writability before the connection is established (Go issues 14548, 19289).
     */
    @Override
    public boolean finishConnect(Handle handle) throws IOException {
        int fd = posix(handle).fd();
        Scratch s = Scratch.acquire();
        try {
            int soError = getInt(s, fd, OS.SOL_SOCKET(), OS.SO_ERROR());
            if (soError == OS.EINPROGRESS() || soError == OS.EALREADY() || soError == OS.EINTR()) {
                return false;
            }
            if (soError == OS.EISCONN()) {
                return true;
            }
            if (soError != 0) {
                throw error("connect", soError);
            }
            s.buffer.putInt(SOCKLEN, OS.SIZEOF_SOCKADDR_STORAGE());
            return Libc.getpeername(fd, s.address + SOCKADDR, s.address + SOCKLEN) == 0;
        } finally {
            s.release();
        }
    }

    // ---- streams ----

    @Override
    public int read(Handle handle, ByteBuffer dst) throws IOException {
        PosixHandle h = posix(handle);
        if (dst.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        int pos = dst.position();
        int rem = dst.limit() - pos;
        if (rem == 0) {
            return 0;
        }
        boolean stream = h.type() == SocketType.STREAM;
        if (stream) {
            rem = Math.min(rem, MAX_RW);
        }
        long n;
        if (dst.isDirect()) {
            n = readFd(h.fd(), Libc.address(dst) + pos, rem);
            if (n > 0) {
                dst.position(pos + (int) n);
            }
        } else if (stream || rem <= DATA_SIZE) {
            Scratch s = Scratch.acquire();
            try {
                n = readFd(h.fd(), s.address + DATA, Math.min(rem, DATA_SIZE));
                if (n > 0) {
                    dst.put(pos, s.buffer, DATA, (int) n);
                    dst.position(pos + (int) n);
                }
            } finally {
                s.release();
            }
        } else {
            Scratch s = Scratch.acquire();
            try {
                ByteBuffer big = s.large(rem);
                n = readFd(h.fd(), Libc.address(big), rem);
                if (n > 0) {
                    dst.put(pos, big, 0, (int) n);
                    dst.position(pos + (int) n);
                }
            } finally {
                s.release();
            }
        }
        if (n == 0 && stream) {
            return EOF;
        }
        return (int) n;
    }

    /** read(2) with EINTR retried: the count, 0, or {@link #WOULD_BLOCK}. */
    private static long readFd(int fd, long address, long len) throws SyscallException {
        for (;;) {
            long n = Libc.read(fd, address, len);
            if (n >= 0) {
                return n;
            }
            int e = (int) -n;
            if (e == OS.EAGAIN()) {
                return WOULD_BLOCK;
            }
            if (e != OS.EINTR()) {
                throw error("read", e);
            }
        }
    }

    @Override
    public int write(Handle handle, ByteBuffer src) throws IOException {
        PosixHandle h = posix(handle);
        return transmit(h, src, null, "write");
    }

    /**
     * One send(2) or sendto(2) of {@code src} from its position; a datagram goes whole, a stream
     * write may be short. Returns the count sent or {@link #WOULD_BLOCK}.
     */
    private int transmit(PosixHandle h, ByteBuffer src, SocketAddress target, String op) throws IOException {
        int pos = src.position();
        int rem = src.limit() - pos;
        boolean stream = h.type() == SocketType.STREAM;
        if (stream) {
            rem = Math.min(rem, MAX_RW);
        }
        long n;
        if (target == null && src.isDirect()) {
            n = sendFd(h.fd(), Libc.address(src) + pos, rem, 0, 0, op);
        } else {
            Scratch s = Scratch.acquire();
            try {
                int addrLen = target == null ? 0 : Sockaddr.encode(OS, s.buffer, SOCKADDR, target, h.family(), op);
                long sockaddr = s.address + SOCKADDR;
                if (src.isDirect()) {
                    n = sendFd(h.fd(), Libc.address(src) + pos, rem, sockaddr, addrLen, op);
                } else if (stream || rem <= DATA_SIZE) {
                    int len = Math.min(rem, DATA_SIZE);
                    s.buffer.put(DATA, src, pos, len);
                    n = sendFd(h.fd(), s.address + DATA, len, sockaddr, addrLen, op);
                } else {
                    ByteBuffer big = s.large(rem);
                    big.put(0, src, pos, rem);
                    n = sendFd(h.fd(), Libc.address(big), rem, sockaddr, addrLen, op);
                }
            } finally {
                s.release();
            }
        }
        if (n > 0) {
            src.position(pos + (int) n);
        }
        return (int) n;
    }

    /** send(2), or sendto(2) to the sockaddr at {@code sockaddr} when {@code addrLen > 0}; EINTR retried. */
    private static long sendFd(int fd, long address, long len, long sockaddr, int addrLen, String op)
            throws SyscallException {
        for (;;) {
            long n = addrLen == 0
                    ? Libc.send(fd, address, len, OS.MSG_NOSIGNAL())
                    : Libc.sendto(fd, address, len, OS.MSG_NOSIGNAL(), sockaddr, addrLen);
            if (n >= 0) {
                return n;
            }
            int e = (int) -n;
            if (e == OS.EAGAIN()) {
                return WOULD_BLOCK;
            }
            if (e != OS.EINTR()) {
                throw error(op, e);
            }
        }
    }

    // ---- datagrams ----

    /**
     * recvfrom(2): one datagram, truncated to the room in {@code dst} as the kernel truncates it; an
     * empty {@code dst} still consumes a datagram, as in Go. The sender of an unnamed Unix socket is
     * {@code UnixDomainSocketAddress.of("")}.
     */
    @Override
    public SocketAddress receive(Handle handle, ByteBuffer dst) throws IOException {
        PosixHandle h = posix(handle);
        if (dst.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        int pos = dst.position();
        int rem = dst.limit() - pos;
        Scratch s = Scratch.acquire();
        try {
            s.buffer.putInt(SOCKLEN, OS.SIZEOF_SOCKADDR_STORAGE());
            long n;
            if (dst.isDirect()) {
                n = recvFd(h.fd(), Libc.address(dst) + pos, rem, s);
            } else if (rem <= DATA_SIZE) {
                n = recvFd(h.fd(), s.address + DATA, rem, s);
                if (n > 0) {
                    dst.put(pos, s.buffer, DATA, (int) n);
                }
            } else {
                ByteBuffer big = s.large(rem);
                n = recvFd(h.fd(), Libc.address(big), rem, s);
                if (n > 0) {
                    dst.put(pos, big, 0, (int) n);
                }
            }
            if (n == WOULD_BLOCK) {
                return null;
            }
            dst.position(pos + (int) n);
            int len = Math.min(s.buffer.getInt(SOCKLEN), OS.SIZEOF_SOCKADDR_STORAGE());
            return Sockaddr.decode(OS, s.buffer, SOCKADDR, len, h.family(), "recvfrom");
        } finally {
            s.release();
        }
    }

    private static long recvFd(int fd, long address, long len, Scratch s) throws SyscallException {
        for (;;) {
            long n = Libc.recvfrom(fd, address, len, 0, s.address + SOCKADDR, s.address + SOCKLEN);
            if (n >= 0) {
                return n;
            }
            int e = (int) -n;
            if (e == OS.EAGAIN()) {
                return WOULD_BLOCK;
            }
            if (e != OS.EINTR()) {
                throw error("recvfrom", e);
            }
        }
    }

    /**
     * sendto(2) of one whole datagram, or send(2) on a connected socket when {@code target} is null
     * (Go names the calls "sendto" and "write").
     */
    @Override
    public int send(Handle handle, ByteBuffer src, SocketAddress target) throws IOException {
        return transmit(posix(handle), src, target, target == null ? "write" : "sendto");
    }

    // ---- vectored I/O ----

    /**
     * readv(2): scatters one read over {@code dsts[offset..offset+length)}, filling each in turn. Returns
     * the total read, {@link #EOF} at end of stream, or {@link #WOULD_BLOCK}. Heap buffers are read
     * through the scratch and count against its {@link Scratch#DATA_SIZE}.
     *
     * @param handle the socket
     * @param dsts the buffers to read into, in order
     * @param offset where in {@code b} to start
     * @param length how many bytes
     * @return the total read, {@link #EOF} or {@link #WOULD_BLOCK}
     * @throws IOException a {@link io.netpoll.spi.SyscallException} when the system call fails
     */
    public long read(Handle handle, ByteBuffer[] dsts, int offset, int length) throws IOException {
        PosixHandle h = posix(handle);
        Objects.checkFromIndexSize(offset, length, dsts.length);
        Scratch s = Scratch.acquire();
        try {
            int count = Math.min(length, Math.min(OS.IOV_MAX(), Scratch.IOV_COUNT));
            long total = fillIovecs(s, dsts, offset, count, true);
            long n;
            for (;;) {
                n = Libc.readv(h.fd(), s.address + IOV, count);
                if (n >= 0) {
                    break;
                }
                int e = (int) -n;
                if (e == OS.EAGAIN()) {
                    return WOULD_BLOCK;
                }
                if (e != OS.EINTR()) {
                    throw error("readv", e);
                }
            }
            if (n == 0 && total > 0 && h.type() == SocketType.STREAM) {
                return EOF;
            }
            advance(s, dsts, offset, count, n, true);
            return n;
        } finally {
            s.release();
        }
    }

    /**
     * A gather write of {@code srcs[offset..offset+length)} in one call (Go's {@code net.Buffers}, named
     * "writev" in errors as Go names it). It is {@code sendmsg(2)} with {@code MSG_NOSIGNAL}, not
     * {@code writev(2)}, which has no flags and raises SIGPIPE on a reset peer. Returns the total
     * written (possibly short) or {@link #WOULD_BLOCK}; each buffer's position moves past what was
     * written. Heap buffers are copied into the scratch, up to {@link Scratch#DATA_SIZE}.
     *
     * @param handle the socket
     * @param srcs   the buffers to write, in order
     * @param offset the first buffer of {@code srcs} to write
     * @param length how many buffers
     * @return the total written, or {@link #WOULD_BLOCK}
     * @throws IOException a {@link io.netpoll.spi.SyscallException} when the system call fails
     */
    public long write(Handle handle, ByteBuffer[] srcs, int offset, int length) throws IOException {
        PosixHandle h = posix(handle);
        Objects.checkFromIndexSize(offset, length, srcs.length);
        Scratch s = Scratch.acquire();
        try {
            int count = Math.min(length, Math.min(OS.IOV_MAX(), Scratch.IOV_COUNT));
            fillIovecs(s, srcs, offset, count, false);
            s.buffer.put(VALUE, EMPTY_MSGHDR);
            s.buffer.putLong(VALUE + OS.OFFSETOF_MSG_IOV(), s.address + IOV);
            if (OS.SIZEOF_MSG_IOVLEN() == 8) {
                s.buffer.putLong(VALUE + OS.OFFSETOF_MSG_IOVLEN(), count);
            } else {
                s.buffer.putInt(VALUE + OS.OFFSETOF_MSG_IOVLEN(), count);
            }
            long n;
            for (;;) {
                n = Libc.sendmsg(h.fd(), s.address + VALUE, OS.MSG_NOSIGNAL());
                if (n >= 0) {
                    break;
                }
                int e = (int) -n;
                if (e == OS.EAGAIN()) {
                    return WOULD_BLOCK;
                }
                if (e != OS.EINTR()) {
                    throw error("writev", e);
                }
            }
            advance(s, srcs, offset, count, n, false);
            return n;
        } finally {
            s.release();
        }
    }

    /**
     * Writes one iovec per buffer into the scratch. A direct buffer is described in place; a heap one
     * by a slice of the scratch's data area (filled now for a write), as much of it as still fits.
     * Returns the total length the iovecs describe.
     */
    private static long fillIovecs(Scratch s, ByteBuffer[] bufs, int offset, int count, boolean forRead) {
        int staged = 0;
        long total = 0;
        for (int i = 0; i < count; i++) {
            ByteBuffer b = bufs[offset + i];
            if (forRead && b.isReadOnly()) {
                throw new ReadOnlyBufferException();
            }
            int iov = IOV + i * OS.SIZEOF_IOVEC();
            long base;
            int len = b.remaining();
            if (b.isDirect()) {
                base = Libc.address(b) + b.position();
            } else {
                len = Math.min(len, DATA_SIZE - staged);
                base = s.address + DATA + staged;
                if (!forRead) {
                    s.buffer.put(DATA + staged, b, b.position(), len);
                }
                staged += len;
            }
            s.buffer.putLong(iov, base);
            s.buffer.putLong(iov + 8, len);
            total += len;
        }
        return total;
    }

    /** Moves positions past {@code n} bytes, copying staged heap bytes out after a read. */
    private static void advance(Scratch s, ByteBuffer[] bufs, int offset, int count, long n, boolean forRead) {
        long left = n;
        for (int i = 0; i < count && left > 0; i++) {
            ByteBuffer b = bufs[offset + i];
            int iov = IOV + i * OS.SIZEOF_IOVEC();
            int len = (int) Math.min(s.buffer.getLong(iov + 8), left);
            if (forRead && !b.isDirect()) {
                int from = (int) (s.buffer.getLong(iov) - s.address);
                b.put(b.position(), s.buffer, from, len);
            }
            b.position(b.position() + len);
            left -= len;
        }
    }

    // ---- shutting down ----

    @Override
    public void shutdown(Handle handle, boolean read, boolean write) throws IOException {
        if (!read && !write) {
            return;
        }
        int how = read && write ? OS.SHUT_RDWR() : read ? OS.SHUT_RD() : OS.SHUT_WR();
        int r = Libc.shutdown(posix(handle).fd(), how);
        if (r < 0) {
            throw error("shutdown", -r);
        }
    }

    /**
     * close(2), once: a second close fails with EBADF without touching the descriptor number, which
     * may already belong to another socket. EINTR is not retried: on Linux the descriptor is gone
     * whatever close returns (Go does not retry either).
     */
    @Override
    public void close(Handle handle) throws IOException {
        int fd = posix(handle).takeFd();
        if (fd < 0) {
            throw error("close", OS.EBADF());
        }
        int r = Libc.close(fd);
        if (r < 0) {
            int e = -r;
            if (e != OS.EINTR()) {
                throw error("close", e);
            }
        }
    }

    // ---- options ----

    @Override
    public <T> void setOption(Handle handle, SocketOption<T> option, T value) throws IOException {
        if (value == null) {
            throw new IllegalArgumentException("null value for socket option " + option.name());
        }
        if (MULTICAST.contains(option)) {
            setMulticast(posix(handle), option, value);
            return;
        }
        Opt o = opt(option);
        int fd = posix(handle).fd();
        Scratch s = Scratch.acquire();
        try {
            int len = 4;
            switch (o.kind()) {
                case BOOLEAN -> s.buffer.putInt(VALUE, (Boolean) value ? 1 : 0);
                case INT -> s.buffer.putInt(VALUE, (Integer) value);
                case LINGER -> {
                    int seconds = (Integer) value;
                    s.buffer.putInt(VALUE, seconds >= 0 ? 1 : 0);
                    s.buffer.putInt(VALUE + 4, Math.max(seconds, 0));
                    len = OS.SIZEOF_LINGER();
                }
            }
            int r = Libc.setsockopt(fd, o.level(), o.name(), s.address + VALUE, len);
            if (r < 0) {
                throw error("setsockopt", -r);
            }
        } finally {
            s.release();
        }
    }

    @Override
    public <T> T getOption(Handle handle, SocketOption<T> option) throws IOException {
        Opt o = opt(option);
        int fd = posix(handle).fd();
        Scratch s = Scratch.acquire();
        try {
            s.buffer.putInt(SOCKLEN, o.kind() == Kind.LINGER ? OS.SIZEOF_LINGER() : 4);
            int r = Libc.getsockopt(fd, o.level(), o.name(), s.address + VALUE, s.address + SOCKLEN);
            if (r < 0) {
                throw error("getsockopt", -r);
            }
            int v = s.buffer.getInt(VALUE);
            Object result = switch (o.kind()) {
                case BOOLEAN -> v != 0;
                case INT -> v;
                case LINGER -> v != 0 ? s.buffer.getInt(VALUE + 4) : -1;
            };
            return option.type().cast(result);
        } finally {
            s.release();
        }
    }

    // ---- multicast (Go's sockoptip_posix.go, sockoptip_linux.go, sockoptip_bsdvar.go) ----

    private static final Set<SocketOption<?>> MULTICAST = Set.of(
            StandardSocketOptions.IP_MULTICAST_IF, StandardSocketOptions.IP_MULTICAST_LOOP,
            StandardSocketOptions.IP_MULTICAST_TTL);

    /**
     * The multicast options, at the level of the socket's family: an IPv4 socket names its interface
     * by an address of it and takes one byte for the loop flag and the TTL (what every system reads);
     * an IPv6 socket names it by index and takes ints.
     */
    private static void setMulticast(PosixHandle h, SocketOption<?> option, Object value) throws IOException {
        if (h.family() == Family.UNIX || h.type() != SocketType.DATAGRAM) {
            throw error("setsockopt", OS.EINVAL());
        }
        boolean v6 = h.family() == Family.INET6;
        int level = v6 ? OS.IPPROTO_IPV6() : OS.IPPROTO_IP();
        Scratch s = Scratch.acquire();
        try {
            int name;
            int len;
            if (option == StandardSocketOptions.IP_MULTICAST_IF) {
                NetworkInterface ifi = (NetworkInterface) value;
                if (v6) {
                    name = OS.IPV6_MULTICAST_IF();
                    len = putInt(s, ifi.getIndex());
                } else {
                    name = OS.IP_MULTICAST_IF();
                    s.buffer.put(VALUE, ipv4Of(ifi));
                    len = 4;
                }
            } else {
                int v = option == StandardSocketOptions.IP_MULTICAST_LOOP ? ((Boolean) value ? 1 : 0) : (Integer) value;
                if (option == StandardSocketOptions.IP_MULTICAST_TTL && (v < 0 || v > 255)) {
                    throw new IllegalArgumentException("multicast TTL out of range: " + v);
                }
                boolean loop = option == StandardSocketOptions.IP_MULTICAST_LOOP;
                if (v6) {
                    name = loop ? OS.IPV6_MULTICAST_LOOP() : OS.IPV6_MULTICAST_HOPS();
                    len = putInt(s, v);
                } else {
                    name = loop ? OS.IP_MULTICAST_LOOP() : OS.IP_MULTICAST_TTL();
                    s.buffer.put(VALUE, (byte) v);
                    len = 1;
                }
            }
            int r = Libc.setsockopt(h.fd(), level, name, s.address + VALUE, len);
            if (r < 0) {
                throw error("setsockopt", -r);
            }
        } finally {
            s.release();
        }
    }

    private static int putInt(Scratch s, int v) {
        s.buffer.putInt(VALUE, v);
        return 4;
    }

    /** Go's {@code interfaceToIPv4Addr}: the interface's first IPv4 address, as four bytes. */
    private static byte[] ipv4Of(NetworkInterface ifi) throws IOException {
        return ifi.inetAddresses().filter(a -> a instanceof Inet4Address).findFirst()
                .orElseThrow(() -> new IOException("no such network interface"))
                .getAddress();
    }

    /**
     * {@code IP_ADD_MEMBERSHIP} with a {@code struct ip_mreq} for an IPv4 group (Go's
     * {@code joinIPv4Group}), {@code IPV6_JOIN_GROUP} with a {@code struct ipv6_mreq} for an IPv6 one.
     */
    @Override
    public void joinGroup(Handle handle, InetAddress group, NetworkInterface ifi) throws IOException {
        PosixHandle h = posix(handle);
        if (h.family() == Family.UNIX || h.type() != SocketType.DATAGRAM) {
            throw error("setsockopt", OS.EINVAL());
        }
        Scratch s = Scratch.acquire();
        try {
            int level;
            int name;
            int len;
            if (group instanceof Inet4Address) {
                level = OS.IPPROTO_IP();
                name = OS.IP_ADD_MEMBERSHIP();
                len = OS.SIZEOF_IP_MREQ();
                s.buffer.put(VALUE, group.getAddress());
                s.buffer.put(VALUE + 4, ifi == null ? new byte[4] : ipv4Of(ifi));
            } else {
                level = OS.IPPROTO_IPV6();
                name = OS.IPV6_JOIN_GROUP();
                len = OS.SIZEOF_IPV6_MREQ();
                s.buffer.put(VALUE, group.getAddress());
                s.buffer.putInt(VALUE + 16, ifi == null ? 0 : ifi.getIndex());
            }
            int r = Libc.setsockopt(h.fd(), level, name, s.address + VALUE, len);
            if (r < 0) {
                throw error("setsockopt", -r);
            }
        } finally {
            s.release();
        }
    }

    private Opt opt(SocketOption<?> option) {
        Opt o = OPTIONS.get(Objects.requireNonNull(option, "option"));
        if (o == null) {
            throw new UnsupportedOperationException("socket option " + option.name()
                    + " is not supported by the " + providerName + " provider");
        }
        return o;
    }

    private static void setInt(int fd, int level, int name, int value) throws SyscallException {
        Scratch s = Scratch.acquire();
        try {
            s.buffer.putInt(VALUE, value);
            int r = Libc.setsockopt(fd, level, name, s.address + VALUE, 4);
            if (r < 0) {
                throw error("setsockopt", -r);
            }
        } finally {
            s.release();
        }
    }

    private static int getInt(Scratch s, int fd, int level, int name) throws SyscallException {
        s.buffer.putInt(SOCKLEN, 4);
        int r = Libc.getsockopt(fd, level, name, s.address + VALUE, s.address + SOCKLEN);
        if (r < 0) {
            throw error("getsockopt", -r);
        }
        return s.buffer.getInt(VALUE);
    }

    // ---- addresses ----

    @Override
    public SocketAddress localAddress(Handle handle) throws IOException {
        PosixHandle h = posix(handle);
        Scratch s = Scratch.acquire();
        try {
            s.buffer.putInt(SOCKLEN, OS.SIZEOF_SOCKADDR_STORAGE());
            int r = Libc.getsockname(h.fd(), s.address + SOCKADDR, s.address + SOCKLEN);
            if (r < 0) {
                throw error("getsockname", -r);
            }
            int len = Math.min(s.buffer.getInt(SOCKLEN), OS.SIZEOF_SOCKADDR_STORAGE());
            return Sockaddr.decode(OS, s.buffer, SOCKADDR, len, h.family(), "getsockname");
        } finally {
            s.release();
        }
    }

    @Override
    public SocketAddress remoteAddress(Handle handle) throws IOException {
        PosixHandle h = posix(handle);
        SocketAddress accepted = h.acceptedPeer();
        if (accepted != null) {
            return accepted;
        }
        Scratch s = Scratch.acquire();
        try {
            s.buffer.putInt(SOCKLEN, OS.SIZEOF_SOCKADDR_STORAGE());
            int r = Libc.getpeername(h.fd(), s.address + SOCKADDR, s.address + SOCKLEN);
            if (r < 0) {
                int e = -r;
                if (e == OS.ENOTCONN()) {
                    return null;
                }
                throw error("getpeername", e);
            }
            int len = Math.min(s.buffer.getInt(SOCKLEN), OS.SIZEOF_SOCKADDR_STORAGE());
            return Sockaddr.decode(OS, s.buffer, SOCKADDR, len, h.family(), "getpeername");
        } finally {
            s.release();
        }
    }

    // ---- helpers ----

    /** A splice pipe on Linux ({@link PosixSplicePipe}); null elsewhere, or when no pipe can be made now. */
    @Override
    public SplicePipe openSplicePipe() {
        return PosixSplicePipe.open();
    }

    /** The file, for sendfile(2) ({@link PosixFileSource}); null where the system has none. */
    @Override
    public FileSource openFile(Path file) throws IOException {
        return PosixFileSource.open(Objects.requireNonNull(file, "file"));
    }

    static PosixHandle posix(Handle handle) {
        if (handle instanceof PosixHandle h) {
            return h;
        }
        throw new IllegalArgumentException("not a POSIX socket handle: " + handle);
    }

    private static int af(Family family) {
        return switch (family) {
            case INET -> OS.AF_INET();
            case INET6 -> OS.AF_INET6();
            case UNIX -> OS.AF_UNIX();
        };
    }

    private static int sotype(SocketType type) {
        return switch (type) {
            case STREAM -> OS.SOCK_STREAM();
            case DATAGRAM -> OS.SOCK_DGRAM();
        };
    }

    private static SyscallException error(String syscall, int errno) {
        return new SyscallException(syscall, OS.errno(errno));
    }

    @Override
    public String toString() {
        return "PosixSockets[" + providerName + ", " + OS.platform() + "]";
    }
}
