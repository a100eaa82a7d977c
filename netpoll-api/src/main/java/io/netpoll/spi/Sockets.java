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
     */
    Handle socket(Family family, SocketType type) throws IOException;

    void bind(Handle handle, SocketAddress local) throws IOException;

    void listen(Handle handle, int backlog) throws IOException;

    /** Accepts one connection as a new non-blocking handle, or returns null when none is queued. */
    Handle accept(Handle listener) throws IOException;

    /**
     * Starts connecting. Returns true when connected at once, false when in progress (the handle
     * becomes writable when the attempt ends; then call {@link #finishConnect}).
     */
    boolean connect(Handle handle, SocketAddress remote) throws IOException;

    /**
     * Ends a connect that was in progress: true when connected, false when still in progress, and a
     * {@link SyscallException} with the connect's own error ({@code SO_ERROR}) when it failed.
     */
    boolean finishConnect(Handle handle) throws IOException;

    /**
     * Reads into {@code dst} from its position. Returns the count read (0 only when {@code dst} has no
     * room), {@link #EOF} at end of stream, or {@link #WOULD_BLOCK}.
     */
    int read(Handle handle, ByteBuffer dst) throws IOException;

    /** Writes from {@code src} at its position; returns the count written (possibly 0) or {@link #WOULD_BLOCK}. */
    int write(Handle handle, ByteBuffer src) throws IOException;

    /**
     * Receives one datagram into {@code dst} (what does not fit is dropped, as recvfrom does) and returns
     * its sender, or null when none is waiting. A connected Unix datagram socket's unnamed peer is
     * {@code UnixDomainSocketAddress.of("")}.
     */
    SocketAddress receive(Handle handle, ByteBuffer dst) throws IOException;

    /**
     * Sends {@code src} as one datagram to {@code target} (null on a connected socket). Returns the
     * count sent or {@link #WOULD_BLOCK}.
     */
    int send(Handle handle, ByteBuffer src, SocketAddress target) throws IOException;

    /** Shuts down reading, writing or both ({@code shutdown(2)}). */
    void shutdown(Handle handle, boolean read, boolean write) throws IOException;

    /** Closes the handle ({@code close(2)}). Called once, by the runtime, after deregistration. */
    void close(Handle handle) throws IOException;

    <T> void setOption(Handle handle, SocketOption<T> option, T value) throws IOException;

    <T> T getOption(Handle handle, SocketOption<T> option) throws IOException;

    /** The bound address ({@code getsockname}). */
    SocketAddress localAddress(Handle handle) throws IOException;

    /** The connected peer ({@code getpeername}), or null when not connected. */
    SocketAddress remoteAddress(Handle handle) throws IOException;

    /**
     * Whether this socket layer can make sockets of this family and type at all. The nio provider, for
     * one, has no Unix datagrams.
     */
    default boolean supports(Family family, SocketType type) {
        return true;
    }

    /**
     * Opens a pipe that moves bytes between two sockets of this layer inside the kernel, or returns null
     * when this layer has none (the default) or cannot open one now: the caller then copies through a
     * buffer, as Go falls back to {@code io.Copy} when {@code splice} is not handled.
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
     */
    default void joinGroup(Handle handle, InetAddress group, NetworkInterface ifi) throws IOException {
        throw new UnsupportedOperationException("this socket layer cannot join multicast groups");
    }
}
