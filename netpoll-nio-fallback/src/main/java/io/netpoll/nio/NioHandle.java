package io.netpoll.nio;

import io.netpoll.spi.Errno;
import io.netpoll.spi.Family;
import io.netpoll.spi.Handle;
import io.netpoll.spi.NetpollSocketOptions;
import io.netpoll.spi.SocketType;
import io.netpoll.spi.SyscallException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A socket of the nio provider: a non-blocking java.nio channel standing in for a POSIX socket.
 *
 * <p>POSIX decides late what a stream socket is: {@code socket()}, then maybe {@code bind()}, then
 * {@code listen()} or {@code connect()}. java.nio decides at once: a {@link ServerSocketChannel} listens,
 * a {@link SocketChannel} connects. So a stream handle goes through these states:
 * <pre>
 *   fresh      socket() opened an unconnected SocketChannel. Options are set on it and remembered;
 *              bind() only remembers the address (the channel kind is not known yet).
 *     connect() -> connected   the same SocketChannel binds the remembered address, then connects.
 *     listen()  -> listening   a new ServerSocketChannel replaces the SocketChannel, which is closed.
 *                              It gets the remembered options it has; the others (TCP_NODELAY,
 *                              SO_KEEPALIVE, ...) stay remembered and are set on every accepted
 *                              connection, as the kernel's accepted sockets inherit them from the
 *                              listener. Then it binds the remembered address and listens.
 * </pre>
 * A datagram handle is a {@link DatagramChannel} from the start, and bind and connect act at once.
 *
 * <p>Consequence: before listen or connect, {@code localAddress} reports the address bind was given
 * (port 0 stays 0), not one the kernel chose.
 *
 * <p>{@code IPV6_V6ONLY}: the JDK opens every IPv6 socket dual-stack and has no way to change that, so
 * setting it to false is accepted (it already holds) and setting it to true fails with
 * {@link UnsupportedOperationException}.
 */
final class NioHandle implements Handle {

    final Family family;
    final SocketType type;

    /** Guards the state below against setup calls from different threads. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Replaced once, by listen; read by the poller without the lock. */
    private volatile SelectableChannel channel;
    /** True while a stream handle is neither connected nor listening. */
    private boolean fresh;
    /** Fresh: where listen or connect will bind; null to let the kernel choose. */
    private SocketAddress bindAddress;
    /** Fresh: every option set. Listening: the options accepted connections inherit. */
    private final Map<SocketOption<?>, Object> remembered = new LinkedHashMap<>();
    /** Listening: the options a connection can have, to check options set on the listener for them. */
    private Set<SocketOption<?>> connectionOptions = Set.of();
    /** Set by shutdown(write): the JDK then reports writes as closed, POSIX as EPIPE. */
    private volatile boolean outputShut;

    private NioHandle(Family family, SocketType type, SelectableChannel channel, boolean fresh) {
        this.family = family;
        this.type = type;
        this.channel = channel;
        this.fresh = fresh;
    }

    /** {@code socket(2)}: a non-blocking channel of the family and type. */
    static NioHandle open(Family family, SocketType type) throws IOException {
        if (family == Family.UNIX && type == SocketType.DATAGRAM) {
            throw new UnsupportedOperationException("the netpoll provider nio has no Unix datagram sockets"
                    + " (network unixgram): java.nio has no Unix domain datagram channel");
        }
        SelectableChannel ch;
        try {
            ProtocolFamily pf = protocolFamily(family);
            ch = type == SocketType.STREAM ? SocketChannel.open(pf) : DatagramChannel.open(pf);
        } catch (IOException | UnsupportedOperationException e) {
            throw NioErrors.syscallError("socket", e);
        }
        return new NioHandle(family, type, nonBlocking(ch, "socket"), type == SocketType.STREAM);
    }

    SelectableChannel channel() {
        return channel;
    }

    boolean outputShut() {
        return outputShut;
    }

    /** {@code bind(2)}. */
    void bind(SocketAddress local) throws IOException {
        refuseAbstractName(local);
        lock.lock();
        try {
            if (fresh) {
                if (bindAddress != null) {
                    throw new SyscallException("bind", Errno.EINVAL);
                }
                checkAddressType(local, "bind");
                bindAddress = local;
                return;
            }
            ((NetworkChannel) channel).bind(local);
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            throw NioErrors.syscallError("bind", e);
        } finally {
            lock.unlock();
        }
    }

    /** {@code listen(2)}: the switch from a fresh SocketChannel to a ServerSocketChannel. */
    void listen(int backlog) throws IOException {
        lock.lock();
        try {
            if (type != SocketType.STREAM) {
                throw new SyscallException("listen", Errno.EOPNOTSUPP);
            }
            if (!fresh) {
                throw new SyscallException("listen", Errno.EINVAL);
            }
            ServerSocketChannel listener;
            try {
                listener = ServerSocketChannel.open(protocolFamily(family));
            } catch (IOException | UnsupportedOperationException e) {
                throw NioErrors.syscallError("socket", e);
            }
            try {
                nonBlocking(listener, "listen");
                Set<SocketOption<?>> own = listener.supportedOptions();
                for (Map.Entry<SocketOption<?>, Object> e : remembered.entrySet()) {
                    if (own.contains(e.getKey())) {
                        set(listener, e.getKey(), e.getValue());
                    }
                }
                try {
                    listener.bind(bindAddress, backlog);
                } catch (IOException | IllegalStateException | IllegalArgumentException e) {
                    throw NioErrors.syscallError("bind", e);
                }
                remembered.keySet().removeAll(own);
            } catch (IOException | RuntimeException e) {
                closeQuietly(listener, e);
                throw e;
            }
            SelectableChannel unconnected = channel;
            connectionOptions = ((NetworkChannel) unconnected).supportedOptions();
            channel = listener;
            fresh = false;
            bindAddress = null;
            close(unconnected);
        } finally {
            lock.unlock();
        }
    }

    /** {@code connect(2)}: true when connected at once, false when in progress. */
    boolean connect(SocketAddress remote) throws IOException {
        refuseAbstractName(remote);
        lock.lock();
        try {
            SelectableChannel ch = channel;
            if (ch instanceof DatagramChannel dc) {
                dc.connect(remote);
                return true;
            }
            if (!(ch instanceof SocketChannel sc)) {
                throw new SyscallException("connect", Errno.EISCONN);
            }
            if (fresh) {
                if (bindAddress != null) {
                    try {
                        sc.bind(bindAddress);
                    } catch (IOException | IllegalStateException | IllegalArgumentException e) {
                        throw NioErrors.syscallError("bind", e);
                    }
                }
                fresh = false;
                bindAddress = null;
                remembered.clear();
            }
            return sc.connect(remote);
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            throw NioErrors.syscallError("connect", e);
        } finally {
            lock.unlock();
        }
    }

    /** {@code accept(2)}: a connected handle, or null when none is queued. */
    NioHandle accept() throws IOException {
        if (!(channel instanceof ServerSocketChannel listener)) {
            throw new SyscallException("accept", Errno.EINVAL);
        }
        SocketChannel conn;
        try {
            conn = listener.accept();
        } catch (IOException | IllegalStateException e) {
            throw NioErrors.syscallError("accept", e);
        }
        if (conn == null) {
            return null;
        }
        nonBlocking(conn, "accept");
        lock.lock();
        try {
            for (Map.Entry<SocketOption<?>, Object> e : remembered.entrySet()) {
                set(conn, e.getKey(), e.getValue());
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(conn, e);
            throw e;
        } finally {
            lock.unlock();
        }
        return new NioHandle(family, SocketType.STREAM, conn, false);
    }

    /** {@code shutdown(2)}. */
    void shutdown(boolean read, boolean write) throws IOException {
        if (!(channel instanceof SocketChannel sc)) {
            throw new SyscallException("shutdown", channel instanceof DatagramChannel ? Errno.EOPNOTSUPP : Errno.ENOTCONN);
        }
        try {
            if (read) {
                sc.shutdownInput();
            }
            if (write) {
                sc.shutdownOutput();
                outputShut = true;
            }
        } catch (IOException | IllegalStateException e) {
            throw NioErrors.syscallError("shutdown", e);
        }
    }

    /** {@code close(2)}. */
    void close() throws IOException {
        close(channel);
    }

    <T> void setOption(SocketOption<T> option, T value) throws IOException {
        if (option == NetpollSocketOptions.IPV6_V6ONLY) {
            if (Boolean.TRUE.equals(value)) {
                throw unsupported(option, "java.nio opens every IPv6 socket dual-stack and cannot set it");
            }
            return;
        }
        lock.lock();
        try {
            NetworkChannel ch = (NetworkChannel) channel;
            if (ch instanceof ServerSocketChannel && !ch.supportedOptions().contains(option)) {
                if (!connectionOptions.contains(option)) {
                    throw unsupported(option, "not supported for this socket");
                }
                checkValueType(option, value);
                remembered.put(option, value);
                return;
            }
            if (!ch.supportedOptions().contains(option)) {
                throw unsupported(option, "not supported for this socket");
            }
            set(ch, option, value);
            if (fresh) {
                remembered.put(option, value);
            }
        } finally {
            lock.unlock();
        }
    }

    <T> T getOption(SocketOption<T> option) throws IOException {
        if (option == NetpollSocketOptions.IPV6_V6ONLY) {
            return option.type().cast(Boolean.FALSE);
        }
        lock.lock();
        try {
            NetworkChannel ch = (NetworkChannel) channel;
            if (ch instanceof ServerSocketChannel && !ch.supportedOptions().contains(option)) {
                Object value = remembered.get(option);
                if (value == null) {
                    throw unsupported(option, "a listening socket cannot report it unless it was set");
                }
                return option.type().cast(value);
            }
            if (!ch.supportedOptions().contains(option)) {
                throw unsupported(option, "not supported for this socket");
            }
            return ch.getOption(option);
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            throw NioErrors.syscallError("getsockopt", e);
        } finally {
            lock.unlock();
        }
    }

    /** {@code getsockname(2)}; a fresh stream reports the address bind was given, or null. */
    SocketAddress localAddress() throws IOException {
        lock.lock();
        try {
            if (fresh) {
                return bindAddress;
            }
            return ((NetworkChannel) channel).getLocalAddress();
        } catch (IOException e) {
            throw NioErrors.syscallError("getsockname", e);
        } finally {
            lock.unlock();
        }
    }

    /** {@code getpeername(2)}, or null when not connected. */
    SocketAddress remoteAddress() throws IOException {
        try {
            return switch (channel) {
                case SocketChannel sc -> sc.getRemoteAddress();
                case DatagramChannel dc -> dc.getRemoteAddress();
                default -> null;
            };
        } catch (IOException e) {
            throw NioErrors.syscallError("getpeername", e);
        }
    }

    @Override
    public String toString() {
        return "nio " + family + " " + type + " " + channel;
    }

    private static ProtocolFamily protocolFamily(Family family) {
        return switch (family) {
            case INET -> StandardProtocolFamily.INET;
            case INET6 -> StandardProtocolFamily.INET6;
            case UNIX -> StandardProtocolFamily.UNIX;
        };
    }

    /**
     * Linux's abstract names are written "@name" (the POSIX providers put a NUL there). java.nio binds
     * every Unix socket to a file, so such a name would quietly become a file called "@name": refuse it.
     */
    private static void refuseAbstractName(SocketAddress address) {
        if (address instanceof UnixDomainSocketAddress u && u.getPath().toString().startsWith("@")) {
            throw new UnsupportedOperationException("netpoll provider nio has no abstract Unix socket names ("
                    + u.getPath() + "): java.nio binds Unix sockets to files");
        }
    }

    private void checkAddressType(SocketAddress address, String syscall) throws SyscallException {
        boolean unix = address instanceof UnixDomainSocketAddress;
        boolean inet = address instanceof InetSocketAddress;
        if (address != null && (family == Family.UNIX ? !unix : !inet)) {
            throw new SyscallException(syscall, Errno.EAFNOSUPPORT);
        }
    }

    private static <C extends SelectableChannel> C nonBlocking(C ch, String syscall) throws IOException {
        try {
            ch.configureBlocking(false);
            return ch;
        } catch (IOException e) {
            closeQuietly(ch, e);
            throw NioErrors.syscallError(syscall, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void set(NetworkChannel ch, SocketOption<?> option, Object value) throws IOException {
        try {
            ch.setOption((SocketOption<Object>) option, value);
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            throw NioErrors.syscallError("setsockopt", e);
        }
    }

    private static void checkValueType(SocketOption<?> option, Object value) throws SyscallException {
        if (!option.type().isInstance(value)) {
            throw NioErrors.syscallError("setsockopt", new IllegalArgumentException(
                    "value of " + option.name() + " must be a " + option.type().getSimpleName()));
        }
    }

    private static UnsupportedOperationException unsupported(SocketOption<?> option, String why) {
        return new UnsupportedOperationException("netpoll provider nio: socket option " + option.name() + ": " + why);
    }

    private static void close(SelectableChannel ch) throws IOException {
        try {
            ch.close();
        } catch (IOException e) {
            throw NioErrors.syscallError("close", e);
        }
    }

    /** Closes a channel that is being given up because of {@code failure}, which keeps any close error. */
    private static void closeQuietly(SelectableChannel ch, Throwable failure) {
        try {
            ch.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
