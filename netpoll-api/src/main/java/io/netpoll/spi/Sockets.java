package io.netpoll.spi;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Non-blocking socket calls over a provider's {@link Handle}s: Go's {@code syscall} layer for sockets.
 *
 * <p>Every handle is non-blocking. "Would block" is a return value ({@link #WOULD_BLOCK}, {@code null}
 * or {@code false}, as each method says), never an exception. Failures throw {@link SyscallException}
 * with the name of the call and a platform-neutral {@link Errno}. No method parks or retries on
 * would-block: that is the runtime's job ({@code io.netpoll.runtime.FD}).
 *
 * <p>Addresses are the JDK's: {@link java.net.InetSocketAddress} with a resolved address, and
 * {@link java.net.UnixDomainSocketAddress}.
 */
public interface Sockets {

    /** Returned by {@link #read}, {@link #write} and {@link #send} when the call would block. */
    int WOULD_BLOCK = -2;

    /** Returned by {@link #read} at end of stream. */
    int EOF = -1;

    /**
     * The least one {@link #read} of a stream socket asks the kernel for: {@code dst}'s remaining
     * bytes, or this many when it has more room (a provider may ask for more, never less). The
     * runtime relies on it: a stream read that returned fewer bytes than it asked for has emptied the
     * socket.
     */
    int MIN_STREAM_READ = 64 * 1024;

    /**
     * Returned by {@link SplicePipe#drain} when the system cannot splice from that socket, and by
     * {@link FileSource#send} when it cannot send from that file into that socket.
     */
    int UNSUPPORTED = -3;

    /**
     * Opens a non-blocking, close-on-exec socket. Where the OS needs it, the provider makes the socket
     * quiet on a reset peer (no SIGPIPE).
     *
     * @param family the address family
     * @param type the socket type
     * @return the new socket
     * @throws IOException a {@link SyscallException} when the system call fails
     */
    Handle socket(Family family, SocketType type) throws IOException;

    /**
     * Binds the socket to a local address ({@code bind(2)}).
     *
     * @param handle the socket
     * @param local  the address: an {@link java.net.InetSocketAddress} or a {@link java.net.UnixDomainSocketAddress}
     * @throws IOException a {@link SyscallException} when the system call fails
     */
    void bind(Handle handle, SocketAddress local) throws IOException;

    /**
     * Makes the socket listen for connections ({@code listen(2)}).
     *
     * @param handle  the socket
     * @param backlog the length of the queue of pending connections
     * @throws IOException a {@link SyscallException} when the system call fails
     */
    void listen(Handle handle, int backlog) throws IOException;

    /**
     * Accepts one connection as a new non-blocking handle, or returns null when none is queued.
     *
     * @param listener the listening socket
     * @return the new connection, or null when none is queued
     * @throws IOException a {@link SyscallException} when the system call fails
     */
    Handle accept(Handle listener) throws IOException;

    /**
     * Starts connecting. Returns true when connected at once, false when in progress (the handle
     * becomes writable when the attempt ends; then call {@link #finishConnect}).
     *
     * @param handle the socket
     * @param remote the peer's address
     * @return true when connected at once, false when in progress
     * @throws IOException a {@link SyscallException} when the system call fails
     */
    boolean connect(Handle handle, SocketAddress remote) throws IOException;

    /**
     * Ends a connect that was in progress: true when connected, false when still in progress, and a
     * {@link SyscallException} with the connect's own error ({@code SO_ERROR}) when it failed.
     *
     * @param handle the socket
     * @return true when connected, false when still in progress
     * @throws IOException a {@link SyscallException} when the system call fails
     */
    boolean finishConnect(Handle handle) throws IOException;

    /**
     * Reads into {@code dst} from its position. Returns the count read (0 only when {@code dst} has no
     * room), {@link #EOF} at end of stream, or {@link #WOULD_BLOCK}.
     *
     * @param handle the socket
     * @param dst the buffer to read into, from its position up to its limit
     * @return the count read, {@link #EOF} or {@link #WOULD_BLOCK}
     * @throws IOException a {@link SyscallException} when the system call fails
     */
    int read(Handle handle, ByteBuffer dst) throws IOException;

    /**
     * Writes from {@code src} at its position; returns the count written (possibly 0) or {@link #WOULD_BLOCK}.
     *
     * @param handle the socket
     * @param src the bytes to write, from its position to its limit
     * @return the count written, or {@link #WOULD_BLOCK}
     * @throws IOException a {@link SyscallException} when the system call fails
     */
    int write(Handle handle, ByteBuffer src) throws IOException;

    /**
     * Receives one datagram into {@code dst} (what does not fit is dropped, as recvfrom does) and returns
     * its sender, or null when none is waiting. A connected Unix datagram socket's unnamed peer is
     * {@code UnixDomainSocketAddress.of("")}.
     *
     * @param handle the socket
     * @param dst the buffer to read into, from its position up to its limit
     * @return the sender, or null when no datagram is waiting
     * @throws IOException a {@link SyscallException} when the system call fails
     */
    SocketAddress receive(Handle handle, ByteBuffer dst) throws IOException;

    /**
     * Sends {@code src} as one datagram to {@code target} (null on a connected socket). Returns the
     * count sent or {@link #WOULD_BLOCK}.
     *
     * @param handle the socket
     * @param src the bytes to write, from its position to its limit
     * @param target the target
     * @return the count sent, or {@link #WOULD_BLOCK}
     * @throws IOException a {@link SyscallException} when the system call fails
     */
    int send(Handle handle, ByteBuffer src, SocketAddress target) throws IOException;

    /**
     * Shuts down reading, writing or both ({@code shutdown(2)}).
     *
     * @param handle the socket
     * @param read true to shut down reading
     * @param write true to shut down writing
     * @throws IOException a {@link SyscallException} when the system call fails
     */
    void shutdown(Handle handle, boolean read, boolean write) throws IOException;

    /**
     * Closes the handle ({@code close(2)}). Called once, by the runtime, after deregistration.
     *
     * @param handle the socket
     * @throws IOException a {@link SyscallException} when the system call fails
     */
    void close(Handle handle) throws IOException;

    /**
     * Sets a socket option ({@code setsockopt(2)}).
     *
     * @param <T>    the option's value type
     * @param handle the socket
     * @param option the option, e.g. one of {@link java.net.StandardSocketOptions}
     * @param value  the option's value
     * @throws IOException a {@link SyscallException} when the system call fails
     */
    <T> void setOption(Handle handle, SocketOption<T> option, T value) throws IOException;

    /**
     * The value of a socket option ({@code getsockopt(2)}).
     *
     * @param <T>    the option's value type
     * @param handle the socket
     * @param option the option, as for {@link #setOption}
     * @return the option's value
     * @throws IOException a {@link SyscallException} when the system call fails
     */
    <T> T getOption(Handle handle, SocketOption<T> option) throws IOException;

    /**
     * The bound address ({@code getsockname}).
     *
     * @param handle the socket
     * @return the bound address
     * @throws IOException a {@link SyscallException} when the system call fails
     */
    SocketAddress localAddress(Handle handle) throws IOException;

    /**
     * The connected peer ({@code getpeername}), or null when not connected.
     *
     * @param handle the socket
     * @return the peer's address, or null
     * @throws IOException a {@link SyscallException} when the system call fails
     */
    SocketAddress remoteAddress(Handle handle) throws IOException;

    /**
     * Whether this socket layer can make sockets of this family and type at all. The nio provider, for
     * one, has no Unix datagrams.
     *
     * @param family the address family
     * @param type the socket type
     * @return true when such sockets can be made
     */
    default boolean supports(Family family, SocketType type) {
        return true;
    }

    /**
     * Opens a pipe that moves bytes between two sockets of this layer inside the kernel, or returns null
     * when this layer has none (the default) or cannot open one now: the caller then copies through a
     * buffer, as Go falls back to {@code io.Copy} when {@code splice} is not handled.
     *
     * @return a new pipe, or null
     * @throws IOException a {@link SyscallException} when the system call fails
     */
    default SplicePipe openSplicePipe() throws IOException {
        return null;
    }

    /**
     * Opens {@code file} for reading, to send it into sockets of this layer without copying it through
     * user space ({@code sendfile(2)}), or returns null when this layer has no such path (the default):
     * the caller then copies through a buffer, as Go falls back to {@code io.Copy} when
     * {@code sendfile} is not handled. A file that cannot be opened is a {@link SyscallException} named
     * {@code "open"} with the system's reason ({@link Errno#ENOENT}, {@link Errno#EACCES}, ...).
     *
     * @param file the regular file to send
     * @return the opened file, which the caller closes, or null
     * @throws IOException a {@link SyscallException} named {@code "open"} when the file cannot be opened
     */
    default FileSource openFile(Path file) throws IOException {
        return null;
    }

    /**
     * Joins the datagram socket to multicast {@code group} on {@code ifi}, or on the interface the
     * system picks when it is null: Go's {@code joinIPv4Group}/{@code joinIPv6Group}
     * ({@code IP_ADD_MEMBERSHIP}, {@code IPV6_JOIN_GROUP}). The membership lasts until the socket is
     * closed. A socket layer without multicast throws {@link UnsupportedOperationException} (the default).
     * The group's options are the JDK's {@code StandardSocketOptions.IP_MULTICAST_IF}, {@code _LOOP} and
     * {@code _TTL}, through {@link #setOption}.
     *
     * @param handle the IP datagram socket
     * @param group  the multicast group's address, whose family picks the IPv4 or IPv6 membership
     * @param ifi    the interface to join on, or null for the system's choice
     * @throws IOException a {@link SyscallException} when the system call fails
     */
    default void joinGroup(Handle handle, InetAddress group, NetworkInterface ifi) throws IOException {
        throw new UnsupportedOperationException("this socket layer cannot join multicast groups");
    }
}
