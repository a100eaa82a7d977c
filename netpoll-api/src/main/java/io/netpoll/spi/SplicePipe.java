package io.netpoll.spi;

import java.io.Closeable;
import java.io.IOException;

/**
 * A kernel pipe that moves bytes from one socket to another without copying them through user space:
 * Go's {@code splice} pipe ({@code src/internal/poll/splice_linux.go}). The runtime drains the source
 * socket into the pipe, then pumps what the pipe holds into the destination, as two separate calls so
 * that each side waits on its own socket's readiness.
 *
 * <p>As everywhere in the SPI, "would block" is {@link Sockets#WOULD_BLOCK}, never an exception; other
 * failures are {@link SyscallException}s named {@code "splice"}. Neither method parks or retries.
 */
public interface SplicePipe extends Closeable {

    /**
     * Moves up to {@code max} (positive) bytes from the socket {@code src} into this pipe. Returns the
     * count moved, 0 at end of stream, {@link Sockets#WOULD_BLOCK} when {@code src} has nothing to read,
     * or {@link Sockets#UNSUPPORTED} when the system cannot splice from this socket, in which case
     * nothing was consumed.
     *
     * @param src the bytes to write, from its position to its limit
     * @param max the most bytes to move
     * @return the count moved, 0 at end of stream, or {@link Sockets#WOULD_BLOCK}
     * @throws IOException a {@link SyscallException} when the system call fails
     */
    int drain(Handle src, int max) throws IOException;

    /**
     * Moves up to {@code max} (positive, at most what the last drains put in) bytes from this pipe into
     * the socket {@code dst}. Returns the count moved (positive) or {@link Sockets#WOULD_BLOCK} when
     * {@code dst} cannot take more.
     *
     * @param dst the buffer to read into, from its position up to its limit
     * @param max the most bytes to move
     * @return the count moved, or {@link Sockets#WOULD_BLOCK}
     * @throws IOException a {@link SyscallException} when the system call fails
     */
    int pump(Handle dst, int max) throws IOException;

    /**
     * Ends this transfer's use of the pipe. The provider may keep an empty pipe for the next transfer
     * (Go's pool of splice pipes) and closes one that still holds bytes, which are lost.
     */
    @Override
    void close() throws IOException;
}
