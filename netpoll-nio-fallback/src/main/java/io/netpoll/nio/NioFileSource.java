package io.netpoll.nio;

import io.netpoll.spi.Errno;
import io.netpoll.spi.FileSource;
import io.netpoll.spi.Handle;
import io.netpoll.spi.Sockets;
import io.netpoll.spi.SyscallException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A file sent with {@link FileChannel#transferTo}, which the JDK does with the system's
 * {@code sendfile} where it has one. Into a non-blocking socket, {@code transferTo} sends what the
 * socket takes; nothing sent with bytes left in the file means the socket is full (would block).
 *
 * <p>A file whose size reads 0 is refused as unsupported: files such as Linux's {@code /proc} ones say
 * 0 and still have bytes, and the caller then reads them through a buffer to their real end.
 */
final class NioFileSource implements FileSource {

    private final FileChannel file;

    private NioFileSource(FileChannel file) {
        this.file = file;
    }

    static NioFileSource open(Path path) throws SyscallException {
        try {
            return new NioFileSource(FileChannel.open(path));
        } catch (NoSuchFileException e) {
            throw new SyscallException("open", Errno.ENOENT, e);
        } catch (AccessDeniedException e) {
            throw new SyscallException("open", Errno.EACCES, e);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            throw NioErrors.syscallError("open", e);
        }
    }

    @Override
    public long send(Handle dst, long offset, long max) throws IOException {
        NioHandle h = NioSockets.nio(dst);
        if (!(h.channel() instanceof SocketChannel sc)) {
            return Sockets.UNSUPPORTED;
        }
        if (h.outputShut()) {
            throw new SyscallException("sendfile", Errno.EPIPE);
        }
        try {
            long size = file.size();
            if (size == 0) {
                return Sockets.UNSUPPORTED;
            }
            if (offset >= size) {
                return 0;
            }
            long n = file.transferTo(offset, max, sc);
            return n == 0 ? Sockets.WOULD_BLOCK : n;
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            throw NioErrors.syscallError("sendfile", e);
        }
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
