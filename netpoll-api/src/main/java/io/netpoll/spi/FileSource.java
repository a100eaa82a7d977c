package io.netpoll.spi;

import java.io.Closeable;
import java.io.IOException;

/**
 * A regular file opened by a socket layer so that its bytes go into sockets without passing through
 * user space: the source of Go's {@code sendfile} ({@code src/internal/poll/sendfile_unix.go}). The
 * runtime sends it in steps, waiting for the destination socket's write readiness between them.
 *
 * <p>As everywhere in the SPI, "would block" is {@link Sockets#WOULD_BLOCK}, never an exception; other
 * failures are {@link SyscallException}s named {@code "sendfile"}. No method parks or retries, and none
 * moves a file position: every send names its offset.
 */
public interface FileSource extends Closeable {

    /**
     * Sends up to {@code max} (positive) bytes of the file, starting at {@code offset}, into the stream
     * socket {@code dst}. Returns the count sent (positive), 0 at end of file, {@link Sockets#WOULD_BLOCK}
     * when {@code dst} cannot take more now, or {@link Sockets#UNSUPPORTED} when the system cannot send
     * from this file into this socket (Go's ENOSYS, EINVAL, EOPNOTSUPP), in which case nothing was sent.
     *
     * @param dst    the stream socket to send into
     * @param offset where in the file to start; the file's own position is neither used nor moved
     * @param max    the most bytes to send, positive
     * @return the count sent, 0 at end of file, {@link Sockets#WOULD_BLOCK} or {@link Sockets#UNSUPPORTED}
     * @throws IOException a {@link SyscallException} named {@code "sendfile"} when the system call fails
     */
    long send(Handle dst, long offset, long max) throws IOException;

    /** Closes the file. */
    @Override
    void close() throws IOException;
}
