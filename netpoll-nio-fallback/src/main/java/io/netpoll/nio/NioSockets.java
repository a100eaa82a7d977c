package io.netpoll.nio;

import io.netpoll.spi.Errno;
import io.netpoll.spi.Family;
import io.netpoll.spi.FileSource;
import io.netpoll.spi.Handle;
import io.netpoll.spi.SocketType;
import io.netpoll.spi.Sockets;
import io.netpoll.spi.SyscallException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Go's socket syscalls over java.nio channels: every handle is a non-blocking {@link NioHandle}.
 *
 * <p>Each call names itself as Go's {@code os.SyscallError} does ("read", "sendto", ...) and turns
 * the JDK's exception into an {@link Errno} through {@link NioErrors}. The JDK reports some failures
 * with unchecked exceptions (not yet connected, already bound, bad address type: all
 * {@link IllegalStateException}s and {@link IllegalArgumentException}s); those are the kernel's
 * errnos too, so they are caught and mapped with the checked ones.
 *
 * <p>Where POSIX and java.nio disagree:
 * <ul>
 *   <li>A write after one's own {@code shutdown(write)}: the JDK says "closed", POSIX says EPIPE.</li>
 *   <li>Datagrams: a read returns one datagram, 0 for an empty one; a datagram longer than the buffer
 *       is cut to it. An empty datagram can be sent to an address, but not on a connected socket:
 *       {@link DatagramChannel} sends nothing for an empty buffer once connected, so that fails with
 *       {@link UnsupportedOperationException} rather than pretending.</li>
 *   <li>No Unix datagram sockets; {@code IPV6_V6ONLY} cannot be set to true (see {@link NioHandle}).</li>
 * </ul>
 */
final class NioSockets implements Sockets {

    /** Go's {@code EDESTADDRREQ}: a datagram write on a socket with no peer. */
    static final Errno EDESTADDRREQ = new Errno("EDESTADDRREQ", "destination address required");

    /**
     * The most one stream read or write moves through a heap buffer. The JDK copies a heap buffer
     * through a temporary direct buffer as large as all that remains in it, so a large array would
     * cost as large a native allocation; java.net.Socket bounds it the same way (NioSocketImpl).
     */
    static final int MAX_HEAP_TRANSFER = 128 * 1024;

    @Override
    public Handle socket(Family family, SocketType type) throws IOException {
        return NioHandle.open(family, type);
    }

    @Override
    public void bind(Handle handle, SocketAddress local) throws IOException {
        nio(handle).bind(local);
    }

    @Override
    public void listen(Handle handle, int backlog) throws IOException {
        nio(handle).listen(backlog);
    }

    @Override
    public Handle accept(Handle listener) throws IOException {
        return nio(listener).accept();
    }

    @Override
    public boolean connect(Handle handle, SocketAddress remote) throws IOException {
        return nio(handle).connect(remote);
    }

    @Override
    public boolean finishConnect(Handle handle) throws IOException {
        try {
            return switch (nio(handle).channel()) {
                case SocketChannel sc -> sc.finishConnect();
                case DatagramChannel dc -> dc.isConnected();
                default -> throw new SyscallException("connect", Errno.ENOTCONN);
            };
        } catch (IOException | IllegalStateException e) {
            throw NioErrors.syscallError("connect", e);
        }
    }

    @Override
    public int read(Handle handle, ByteBuffer dst) throws IOException {
        try {
            switch (nio(handle).channel()) {
                case SocketChannel sc -> {
                    int limit = capHeapTransfer(dst);
                    int n;
                    try {
                        n = sc.read(dst);
                    } finally {
                        dst.limit(limit);
                    }
                    if (n < 0) {
                        return EOF;
                    }
                    return n == 0 && dst.hasRemaining() ? WOULD_BLOCK : n;
                }
                case DatagramChannel dc -> {
                    // A heap buffer of any size costs no allocation per call here: the JDK copies it
                    // through a temporary direct buffer from its per-carrier cache (sun.nio.ch.Util),
                    // kept between calls unless -Djdk.nio.maxCachedBufferSize is set below the size.
                    int start = dst.position();
                    return dc.receive(dst) == null ? WOULD_BLOCK : dst.position() - start;
                }
                default -> throw new SyscallException("read", Errno.ENOTCONN);
            }
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            throw NioErrors.syscallError("read", e);
        }
    }

    @Override
    public int write(Handle handle, ByteBuffer src) throws IOException {
        NioHandle h = nio(handle);
        try {
            switch (h.channel()) {
                case SocketChannel sc -> {
                    if (h.outputShut()) {
                        throw new SyscallException("write", Errno.EPIPE);
                    }
                    int limit = capHeapTransfer(src);
                    int n;
                    try {
                        n = sc.write(src);
                    } finally {
                        src.limit(limit);
                    }
                    return n == 0 && src.hasRemaining() ? WOULD_BLOCK : n;
                }
                case DatagramChannel dc -> {
                    return sendDatagram(dc, src, null);
                }
                default -> throw new SyscallException("write", Errno.ENOTCONN);
            }
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            throw NioErrors.syscallError("write", e);
        }
    }

    @Override
    public SocketAddress receive(Handle handle, ByteBuffer dst) throws IOException {
        if (!(nio(handle).channel() instanceof DatagramChannel dc)) {
            throw new SyscallException("recvfrom", Errno.EOPNOTSUPP);
        }
        try {
            return dc.receive(dst);
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            throw NioErrors.syscallError("recvfrom", e);
        }
    }

    @Override
    public int send(Handle handle, ByteBuffer src, SocketAddress target) throws IOException {
        String syscall = target == null ? "write" : "sendto";
        if (!(nio(handle).channel() instanceof DatagramChannel dc)) {
            throw new SyscallException(syscall, Errno.EOPNOTSUPP);
        }
        try {
            return sendDatagram(dc, src, target);
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            throw NioErrors.syscallError(syscall, e);
        }
    }

    /** Bounds a heap buffer's remaining bytes to {@link #MAX_HEAP_TRANSFER}; returns the limit to restore. */
    private static int capHeapTransfer(ByteBuffer b) {
        int limit = b.limit();
        if (!b.isDirect() && b.remaining() > MAX_HEAP_TRANSFER) {
            b.limit(b.position() + MAX_HEAP_TRANSFER);
        }
        return limit;
    }

    /** One datagram to {@code target}, or to the connected peer when it is null. */
    private static int sendDatagram(DatagramChannel dc, ByteBuffer src, SocketAddress target) throws IOException {
        if (!src.hasRemaining() && dc.isConnected()) {
            throw new UnsupportedOperationException("the netpoll provider nio cannot send an empty datagram on a"
                    + " connected socket: java.nio.channels.DatagramChannel sends nothing for an empty buffer"
                    + " once connected");
        }
        int n;
        if (target == null) {
            if (!dc.isConnected()) {
                throw new SyscallException("write", EDESTADDRREQ);
            }
            n = dc.write(src);
        } else {
            n = dc.send(src, target);
        }
        // The JDK sends all of a datagram or nothing; nothing, with bytes to send, means the buffer is full.
        return n == 0 && src.hasRemaining() ? WOULD_BLOCK : n;
    }

    @Override
    public void shutdown(Handle handle, boolean read, boolean write) throws IOException {
        nio(handle).shutdown(read, write);
    }

    @Override
    public void close(Handle handle) throws IOException {
        nio(handle).close();
    }

    @Override
    public <T> void setOption(Handle handle, SocketOption<T> option, T value) throws IOException {
        nio(handle).setOption(option, value);
    }

    @Override
    public <T> T getOption(Handle handle, SocketOption<T> option) throws IOException {
        return nio(handle).getOption(option);
    }

    @Override
    public SocketAddress localAddress(Handle handle) throws IOException {
        return nio(handle).localAddress();
    }

    @Override
    public SocketAddress remoteAddress(Handle handle) throws IOException {
        return nio(handle).remoteAddress();
    }

    @Override
    public boolean supports(Family family, SocketType type) {
        return !(family == Family.UNIX && type == SocketType.DATAGRAM);
    }

    /**
     * {@link DatagramChannel#join}, which needs an interface: java.nio has no "the system's choice", so
     * a null one is refused, saying so.
     */
    @Override
    public void joinGroup(Handle handle, InetAddress group, NetworkInterface ifi) throws IOException {
        if (!(nio(handle).channel() instanceof DatagramChannel dc)) {
            throw new SyscallException("setsockopt", Errno.EINVAL);
        }
        if (ifi == null) {
            throw new UnsupportedOperationException("the netpoll provider nio needs a network interface to join a"
                    + " multicast group: java.nio.channels.DatagramChannel.join takes no default");
        }
        try {
            dc.join(group, ifi);
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            throw NioErrors.syscallError("setsockopt", e);
        }
    }

    /** The file, sent with {@code FileChannel.transferTo} ({@link NioFileSource}). */
    @Override
    public FileSource openFile(Path file) throws IOException {
        return NioFileSource.open(Objects.requireNonNull(file, "file"));
    }

    static NioHandle nio(Handle handle) {
        if (handle instanceof NioHandle h) {
            return h;
        }
        throw new IllegalArgumentException("not a handle of the netpoll provider nio: " + handle);
    }
}
