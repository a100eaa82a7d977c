package io.netpoll.net;

import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;

/** A TCP connection: Go's {@code net.TCPConn}. */
public interface TCPConn extends Conn {

    /**
     * Shuts down the reading side.
     *
     * @throws IOException a {@link NetError} with Go's text
     */
    void closeRead() throws IOException;

    /**
     * Shuts down the writing side; the peer reads end of stream.
     *
     * @throws IOException a {@link NetError} with Go's text
     */
    void closeWrite() throws IOException;

    /**
     * Sets TCP_NODELAY: true turns Nagle's algorithm off, which is the default, as in Go.
     *
     * @param on true to turn it on
     * @throws IOException a {@link NetError} with Go's text
     */
    void setNoDelay(boolean on) throws IOException;

    /**
     * Turns TCP keep-alive on or off (SO_KEEPALIVE); Go's {@code SetKeepAlive}.
     *
     * @param on true to turn it on
     * @throws IOException a {@link NetError} with Go's text
     */
    void setKeepAlive(boolean on) throws IOException;

    /**
     * Sets the idle time before keep-alive probes, rounded up to whole seconds; Go's {@code SetKeepAlivePeriod}.
     *
     * @param d the idle time
     * @throws IOException a {@link NetError} with Go's text
     */
    void setKeepAlivePeriod(Duration d) throws IOException;

    /**
     * Negative: close in the background (the default); 0: discard unsent data and reset; positive: linger that long.
     *
     * @param seconds seconds
     * @throws IOException a {@link NetError} with Go's text
     */
    void setLinger(int seconds) throws IOException;

    /**
     * Sets the socket's receive buffer size (SO_RCVBUF), which the system may round; Go's {@code SetReadBuffer}.
     *
     * @param bytes the size in bytes
     * @throws IOException a {@link NetError} with Go's text
     */
    void setReadBuffer(int bytes) throws IOException;

    /**
     * Sets the socket's send buffer size (SO_SNDBUF), which the system may round; Go's {@code SetWriteBuffer}.
     *
     * @param bytes the size in bytes
     * @throws IOException a {@link NetError} with Go's text
     */
    void setWriteBuffer(int bytes) throws IOException;

    /**
     * Writes everything {@code src} holds, until its end, to this connection; returns the count.
     * Go's {@code ReadFrom}. {@code src} must be in blocking mode. From a TCP or stream Unix connection,
     * a provider that can (epoll) moves the bytes inside the kernel ({@code splice}), as Go does on Linux.
     *
     * @param src the bytes to write, from its position to its limit
     * @return the count written
     * @throws IOException a {@link NetError} with Go's text
     */
    long transferFrom(ReadableByteChannel src) throws IOException;

    /**
     * Reads this connection until end of stream into {@code dst}; returns the count. Go's
     * {@code WriteTo}. {@code dst} must be in blocking mode. Into a stream Unix connection, a provider
     * that can (epoll) moves the bytes inside the kernel ({@code splice}), as Go does on Linux.
     *
     * @param dst the buffer to read into, from its position up to its limit
     * @return the count read
     * @throws IOException a {@link NetError} with Go's text
     */
    long transferTo(WritableByteChannel dst) throws IOException;

    /**
     * The socket, for its options; Go's {@code SyscallConn}.
     *
     * @return the socket
     */
    RawConn syscallConn();
}
