package io.netpoll.net;

import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
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
     * For a file, {@link #transferFrom(Path)} sends it inside the kernel; a {@code FileChannel} here is
     * copied through a buffer, because it does not show its descriptor.
     *
     * <p>A failure part way is an {@link IOException} implementing {@link NetError}, whose
     * {@link NetError#bytesTransferred()} tells how many bytes reached this connection.
     *
     * @param src the channel to read from until its end
     * @return the count written
     * @throws IOException a {@link NetError} with Go's text
     */
    long transferFrom(ReadableByteChannel src) throws IOException;

    /**
     * Like {@link #transferFrom(ReadableByteChannel)}, but stops after {@code limit} bytes: Go's
     * {@code ReadFrom} of an {@code io.LimitedReader}. No byte past the limit is read from {@code src},
     * whichever path moves them (splice or copy), so {@code src} can be read on afterwards. A limit of 0
     * returns 0 at once.
     *
     * @param src   the channel to read from, until its end or the limit
     * @param limit the most bytes to move
     * @return the count written
     * @throws IOException a {@link NetError} with Go's text
     * @throws IllegalArgumentException when {@code limit} is negative
     */
    long transferFrom(ReadableByteChannel src, long limit) throws IOException;

    /**
     * Sends all of {@code file} to this connection; returns the count. Go's {@code ReadFrom} of an
     * {@code *os.File}: the provider opens the file itself and sends it inside the kernel where it can
     * ({@code sendfile(2)} on Linux, macOS and FreeBSD; {@code FileChannel.transferTo} on the nio
     * provider), else it is copied through a buffer. Same as {@code transferFrom(file, 0, Long.MAX_VALUE)}.
     *
     * @param file the file to send, which is opened and closed here
     * @return the count sent: every byte the file had
     * @throws IOException a {@link NetError} with Go's text, as for {@link #transferFrom(Path, long, long)}
     */
    long transferFrom(Path file) throws IOException;

    /**
     * Sends up to {@code count} bytes of {@code file}, from byte {@code offset}, to this connection, as
     * {@code FileChannel.transferTo(offset, count, target)} does; returns the count sent, which is less
     * than {@code count} when the file ends first (0 when {@code offset} is at or past its end). The
     * write deadline and a close apply as to any write: a send that waits for the peer to read ends
     * with a timeout or a closed error whose {@link NetError#bytesTransferred()} tells how much was
     * sent. A file that cannot be opened fails with Go's text, {@code "readfrom tcp A->B: open PATH: no
     * such file or directory"}.
     *
     * @param file   the file to send, which is opened and closed here
     * @param offset the first byte of the file to send
     * @param count  the most bytes to send
     * @return the count sent
     * @throws IOException a {@link NetError} with Go's text
     * @throws IllegalArgumentException when {@code offset} or {@code count} is negative
     */
    long transferFrom(Path file, long offset, long count) throws IOException;

    /**
     * Reads this connection until end of stream into {@code dst}; returns the count. Go's
     * {@code WriteTo}. {@code dst} must be in blocking mode. Into a stream Unix connection, a provider
     * that can (epoll) moves the bytes inside the kernel ({@code splice}), as Go does on Linux. A failure
     * part way tells in {@link NetError#bytesTransferred()} how many bytes reached {@code dst}.
     *
     * @param dst the channel to write into
     * @return the count read
     * @throws IOException a {@link NetError} with Go's text
     */
    long transferTo(WritableByteChannel dst) throws IOException;

    /**
     * Like {@link #transferTo(WritableByteChannel)}, but stops after {@code limit} bytes, reading no byte
     * of this connection past it. A limit of 0 returns 0 at once.
     *
     * @param dst   the channel to write into
     * @param limit the most bytes to move
     * @return the count read
     * @throws IOException a {@link NetError} with Go's text
     * @throws IllegalArgumentException when {@code limit} is negative
     */
    long transferTo(WritableByteChannel dst, long limit) throws IOException;

    /**
     * The socket, for its options; Go's {@code SyscallConn}.
     *
     * @return the socket
     */
    RawConn syscallConn();
}
