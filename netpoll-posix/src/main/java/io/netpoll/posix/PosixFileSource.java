// Mirrors the system-call half of Go's src/internal/poll/sendfile_unix.go (sendFileChunk and the errnos sendFile branches on).
package io.netpoll.posix;

import io.netpoll.posix.internal.Libc;
import io.netpoll.posix.internal.OsTable;
import io.netpoll.posix.internal.Scratch;
import io.netpoll.spi.FileSource;
import io.netpoll.spi.Handle;
import io.netpoll.spi.Sockets;
import io.netpoll.spi.SyscallException;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import static io.netpoll.posix.internal.Scratch.DATA;
import static io.netpoll.posix.internal.Scratch.DATA_SIZE;
import static io.netpoll.posix.internal.Scratch.VALUE;

/**
 * A file opened with {@code open(2)} ({@code O_RDONLY|O_CLOEXEC}) and sent into sockets with the
 * system's {@code sendfile(2)} ({@link OsTable#sendFile()}). Every call passes the offset explicitly,
 * so the descriptor's own position never moves. The BSDs can report bytes sent together with EAGAIN or
 * EINTR; those bytes are returned first, and the next call meets the condition again, so nothing is
 * counted twice or lost.
 */
final class PosixFileSource implements FileSource {

    private static final OsTable OS = OsTable.current();

    private final OsTable.SendFile sf;
    private final int fd;

    private PosixFileSource(OsTable.SendFile sf, int fd) {
        this.sf = sf;
        this.fd = fd;
    }

    /** Opens {@code file}, or returns null where the system has no sendfile. */
    static PosixFileSource open(Path file) throws SyscallException {
        OsTable.SendFile sf = OS.sendFile();
        if (sf == null) {
            return null;
        }
        byte[] name = file.toAbsolutePath().toString().getBytes(Sockaddr.PATH_CHARSET);
        Scratch s = Scratch.acquire();
        try {
            // A name longer than the scratch (far past PATH_MAX) goes to the kernel anyway, to be refused there.
            ByteBuffer b = name.length < DATA_SIZE ? null : ByteBuffer.allocateDirect(name.length + 1);
            long address = b == null ? s.address + DATA : Libc.address(b);
            ByteBuffer target = b == null ? s.buffer : b;
            int at = b == null ? DATA : 0;
            target.put(at, name).put(at + name.length, (byte) 0);
            for (;;) {
                int fd = Libc.open(address, OS.O_RDONLY() | OS.O_CLOEXEC());
                if (fd >= 0) {
                    return new PosixFileSource(sf, fd);
                }
                int e = -fd;
                if (e != OS.EINTR()) {
                    throw new SyscallException("open", OS.errno(e));
                }
            }
        } finally {
            s.release();
        }
    }

    @Override
    public long send(Handle dst, long offset, long max) throws SyscallException {
        int out = PosixSockets.posix(dst).fd();
        Scratch s = Scratch.acquire();
        try {
            for (;;) {
                long sent;
                int e;
                switch (sf.abi()) {
                    case LINUX -> {
                        s.buffer.putLong(VALUE, offset);
                        long n = Libc.SendFile.Linux.sendfile(out, fd, s.address + VALUE, max);
                        if (n >= 0) {
                            return n;
                        }
                        e = (int) -n;
                        sent = 0;
                    }
                    case FREEBSD -> {
                        s.buffer.putLong(VALUE, 0);
                        int r = Libc.SendFile.FreeBsd.sendfile(fd, out, offset, max, 0, s.address + VALUE, 0);
                        if (r == 0) {
                            return s.buffer.getLong(VALUE);
                        }
                        e = -r;
                        sent = s.buffer.getLong(VALUE);
                    }
                    case DARWIN -> {
                        s.buffer.putLong(VALUE, max);
                        int r = Libc.SendFile.Darwin.sendfile(fd, out, offset, s.address + VALUE, 0, 0);
                        if (r == 0) {
                            return s.buffer.getLong(VALUE);
                        }
                        e = -r;
                        sent = s.buffer.getLong(VALUE);
                    }
                    default -> throw new AssertionError(sf.abi());
                }
                if (sent > 0) {
                    return sent;
                }
                if (e == OS.EINTR()) {
                    continue;
                }
                if (e == OS.EAGAIN()) {
                    return Sockets.WOULD_BLOCK;
                }
                if (e == OS.EINVAL() || e == sf.ENOSYS() || e == sf.EOPNOTSUPP() || e == sf.ENOTSUP()) {
                    return Sockets.UNSUPPORTED;
                }
                throw new SyscallException("sendfile", OS.errno(e));
            }
        } finally {
            s.release();
        }
    }

    @Override
    public void close() {
        Libc.close(fd);
    }
}
