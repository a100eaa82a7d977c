// Mirrors Go's TCPConn (src/net/tcpsock.go, tcpsock_posix.go).
package io.netpoll.net.internal;

import io.netpoll.net.RawConn;
import io.netpoll.net.TCPConn;
import io.netpoll.runtime.FD;
import io.netpoll.runtime.Progress;
import io.netpoll.spi.Errno;
import io.netpoll.spi.FileSource;
import io.netpoll.spi.SyscallException;

import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A TCP connection. A new one has Nagle's algorithm off (TCP_NODELAY) and, unless keep-alive is
 * switched off, Go's keep-alive probes (15 s idle, 15 s apart, 9 of them); options the provider or
 * the OS refuses at creation are left as they are, as Go ignores those errors too. Setters the caller
 * invokes report their failure as {@code "set tcp LOCAL->REMOTE: ..."}.
 *
 * <p>{@link #transferFrom} and {@link #transferTo} are Go's {@code ReadFrom} and {@code WriteTo}:
 * splice between two sockets where the provider can ({@link FD#splice}), sendfile from a file
 * ({@link FD#sendFile}), else Go's generic copy loop ({@link IOCopy}); a limit bounds each path alike,
 * as Go's {@code io.LimitedReader} does. A failure inside is nested in their own OpError, as Go nests
 * it: {@code "readfrom tcp A->B: write tcp A->B: write: broken pipe"} from the copy,
 * {@code "readfrom tcp A->B: splice: broken pipe"} from a splice, {@code "readfrom tcp A->B: sendfile:
 * broken pipe"} from a sendfile; its {@code bytesTransferred} is what the path moved before it.
 */
final class NetTCPConn extends NetConn implements TCPConn {

    private NetTCPConn(NetFD fd) {
        super(fd);
    }

    /**
     * Go's {@code newTCPConn}: {@code keepAliveIdle} zero for Go's default idle time, positive for
     * that idle time, negative to leave keep-alive off.
     */
    static NetTCPConn newTCPConn(NetFD fd, Duration keepAliveIdle) {
        ignoreFailure(() -> TCPSockOpt.setNoDelay(fd.pfd, true));
        if (!keepAliveIdle.isNegative()) {
            ignoreFailure(() -> TCPSockOpt.setKeepAliveConfig(fd.pfd, true, keepAliveIdle, Duration.ZERO, 0));
        }
        return new NetTCPConn(fd);
    }

    private interface SockOpt {
        void set() throws IOException;
    }

    private static void ignoreFailure(SockOpt opt) {
        try {
            opt.set();
        } catch (IOException | UnsupportedOperationException e) {
            // Go: "errors from these setsockopts at creation are ignored".
        }
    }

    private void set(SockOpt opt) throws IOException {
        try {
            opt.set();
        } catch (IOException | UnsupportedOperationException e) {
            throw opError("set", e);
        }
    }

    @Override
    public void closeRead() throws IOException {
        shutdown(true, false);
    }

    @Override
    public void closeWrite() throws IOException {
        shutdown(false, true);
    }

    @Override
    public void setNoDelay(boolean on) throws IOException {
        set(() -> TCPSockOpt.setNoDelay(fd.pfd, on));
    }

    @Override
    public void setKeepAlive(boolean on) throws IOException {
        set(() -> TCPSockOpt.setKeepAlive(fd.pfd, on));
    }

    /** Go's {@code SetKeepAlivePeriod}: the idle time before the first probe; 0 is Go's 15 s. */
    @Override
    public void setKeepAlivePeriod(Duration d) throws IOException {
        Objects.requireNonNull(d, "keep-alive period");
        set(() -> TCPSockOpt.setKeepAliveIdle(fd.pfd, d));
    }

    @Override
    public void setLinger(int seconds) throws IOException {
        set(() -> TCPSockOpt.setLinger(fd.pfd, seconds));
    }

    /** Go's {@code SetReadBuffer}: the socket's receive buffer (SO_RCVBUF), which the system may round. */
    @Override
    public void setReadBuffer(int bytes) throws IOException {
        setBuffer(StandardSocketOptions.SO_RCVBUF, bytes);
    }

    /** Go's {@code SetWriteBuffer}: the socket's send buffer (SO_SNDBUF), which the system may round. */
    @Override
    public void setWriteBuffer(int bytes) throws IOException {
        setBuffer(StandardSocketOptions.SO_SNDBUF, bytes);
    }

    private void setBuffer(SocketOption<Integer> option, int bytes) throws IOException {
        try {
            if (bytes < 0) {
                // The JDK's socket layers refuse a negative size; say so as the system would.
                throw new SyscallException("setsockopt", Errno.EINVAL);
            }
            fd.pfd.setOption(option, bytes);
        } catch (IOException | UnsupportedOperationException e) {
            throw OpErrors.wrap("set", fd.net, null, fd.laddr(), e); // Go names only the local address here
        }
    }

    /** Go's {@code SyscallConn}: the socket, for its options. */
    @Override
    public RawConn syscallConn() {
        return NetRawConn.of(fd);
    }

    @Override
    public long transferFrom(ReadableByteChannel src) throws IOException {
        return transferFrom(src, Long.MAX_VALUE);
    }

    /**
     * Go's {@code ReadFrom}: spliced inside the kernel when {@code src} is a TCP or stream Unix
     * connection of the same provider and the provider can splice (Go's {@code spliceFrom}), else
     * copied.
     */
    @Override
    public long transferFrom(ReadableByteChannel src, long limit) throws IOException {
        Objects.requireNonNull(src, "src");
        requireNotNegative(limit, "limit");
        if (limit == 0) {
            return 0;
        }
        Progress moved = new Progress();
        try {
            NetConn from = spliceSource(src);
            if (from != null) {
                long n = FD.splice(fd.pfd, from.fd.pfd, limit, moved);
                if (n != FD.UNHANDLED) {
                    return n;
                }
            }
            return IOCopy.copy(this, src, limit, moved);
        } catch (IOException | UnsupportedOperationException e) {
            throw OpErrors.nest("readfrom", fd.net, fd.laddr(), fd.raddr(), e, moved.count());
        }
    }

    @Override
    public long transferFrom(Path file) throws IOException {
        return transferFrom(file, 0, Long.MAX_VALUE);
    }

    /**
     * Go's {@code ReadFrom} of a file (Go's {@code sendFile}): sent inside the kernel when the provider
     * can open the file for it and send from it into this socket, else copied from a
     * {@link FileChannel}.
     */
    @Override
    public long transferFrom(Path file, long offset, long count) throws IOException {
        Objects.requireNonNull(file, "file");
        requireNotNegative(offset, "offset");
        requireNotNegative(count, "count");
        if (count == 0) {
            return 0;
        }
        Progress moved = new Progress();
        try {
            try (FileSource source = openFile(file)) {
                if (source != null) {
                    long n = fd.pfd.sendFile(source, offset, count, moved);
                    if (n != FD.UNHANDLED) {
                        return n;
                    }
                }
            }
            try (FileChannel fc = openChannel(file)) {
                return IOCopy.copy(this, fc.position(offset), count, moved);
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw OpErrors.nest("readfrom", fd.net, fd.laddr(), fd.raddr(), e, moved.count());
        }
    }

    /** The provider's sendfile source, or null; failing as Go's {@code os.Open} does ({@code PathError}). */
    private FileSource openFile(Path file) throws IOException {
        try {
            return fd.pfd.sockets().openFile(file);
        } catch (SyscallException e) {
            throw e.syscall().equals("open") ? pathError(file, e.errno(), e) : e;
        }
    }

    private static FileChannel openChannel(Path file) throws IOException {
        try {
            return FileChannel.open(file);
        } catch (NoSuchFileException e) {
            throw pathError(file, Errno.ENOENT, e);
        } catch (AccessDeniedException e) {
            throw pathError(file, Errno.EACCES, e);
        }
    }

    /** Go's {@code *fs.PathError} of an open: {@code "open PATH: no such file or directory"}. */
    private static IOException pathError(Path file, Errno errno, Exception cause) {
        return new IOException("open " + file + ": " + errno.text(), cause);
    }

    @Override
    public long transferTo(WritableByteChannel dst) throws IOException {
        return transferTo(dst, Long.MAX_VALUE);
    }

    /**
     * Go's {@code WriteTo}: spliced inside the kernel when {@code dst} is a stream Unix connection of
     * the same provider and the provider can splice (Go's {@code spliceTo} takes no TCP destination),
     * else copied.
     */
    @Override
    public long transferTo(WritableByteChannel dst, long limit) throws IOException {
        Objects.requireNonNull(dst, "dst");
        requireNotNegative(limit, "limit");
        if (limit == 0) {
            return 0;
        }
        Progress moved = new Progress();
        try {
            if (dst instanceof NetUnixConn to && isUnixStream(to)) {
                long n = FD.splice(to.fd.pfd, fd.pfd, limit, moved);
                if (n != FD.UNHANDLED) {
                    return n;
                }
            }
            return IOCopy.copy(dst, this, limit, moved);
        } catch (IOException | UnsupportedOperationException e) {
            throw OpErrors.nest("writeto", fd.net, fd.laddr(), fd.raddr(), e, moved.count());
        }
    }

    private static void requireNotNegative(long n, String what) {
        if (n < 0) {
            throw new IllegalArgumentException(what + " is negative: " + n);
        }
    }

    /** Go's {@code spliceFrom} sources: a TCP connection, or a Unix one of network "unix". */
    private static NetConn spliceSource(ReadableByteChannel src) {
        if (src instanceof NetTCPConn c) {
            return c;
        }
        return src instanceof NetUnixConn u && isUnixStream(u) ? u : null;
    }

    private static boolean isUnixStream(NetUnixConn c) {
        return c.fd.net.equals("unix");
    }
}
