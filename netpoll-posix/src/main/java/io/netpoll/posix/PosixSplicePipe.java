// Mirrors Go's pipe half of src/internal/poll/splice_linux.go (newPipe, splice, spliceDrain/splicePump's calls).
package io.netpoll.posix;

import io.netpoll.posix.internal.Libc;
import io.netpoll.posix.internal.OsTable;
import io.netpoll.posix.internal.Scratch;
import io.netpoll.spi.Handle;
import io.netpoll.spi.Sockets;
import io.netpoll.spi.SplicePipe;
import io.netpoll.spi.SyscallException;

import java.io.IOException;

import static io.netpoll.posix.internal.Scratch.VALUE;

/**
 * A non-blocking, close-on-exec pipe of 1 MiB ({@code F_SETPIPE_SZ}, as Go sizes it) between two
 * sockets, one per transfer. Every {@code splice(2)} passes {@code SPLICE_F_NONBLOCK}, so the pipe never
 * blocks; the sockets are non-blocking themselves, so EAGAIN means "that socket would block". The
 * runtime drains at most what it then pumps, so the pipe is empty between steps and a drain never finds
 * it full. EINVAL or ENOSYS on a drain means this socket (or this kernel) cannot splice: the caller
 * falls back, and nothing was read.
 */
final class PosixSplicePipe implements SplicePipe {

    private static final OsTable OS = OsTable.current();

    /** Go's {@code maxSpliceSize}. */
    private static final int PIPE_SIZE = 1 << 20;

    private final int readFd;
    private final int writeFd;

    private PosixSplicePipe(int readFd, int writeFd) {
        this.readFd = readFd;
        this.writeFd = writeFd;
    }

    /**
     * Go's {@code newPipe}: a pipe, or null when the system has no splice or cannot make a pipe now
     * (Go then reports the splice as not handled and copies). A pipe the system will not enlarge works
     * at its default size, as in Go.
     */
    static PosixSplicePipe open() {
        OsTable.Splice sp = OS.splice();
        if (sp == null) {
            return null;
        }
        int r;
        int w;
        Scratch s = Scratch.acquire();
        try {
            if (Libc.Splice.pipe2(s.address + VALUE, OS.O_NONBLOCK() | sp.O_CLOEXEC()) < 0) {
                return null;
            }
            r = s.buffer.getInt(VALUE);
            w = s.buffer.getInt(VALUE + 4);
        } finally {
            s.release();
        }
        Libc.fcntl(w, sp.F_SETPIPE_SZ(), PIPE_SIZE);
        return new PosixSplicePipe(r, w);
    }

    @Override
    public int drain(Handle src, int max) throws IOException {
        return result(splice(PosixSockets.posix(src).fd(), writeFd, max), true);
    }

    @Override
    public int pump(Handle dst, int max) throws IOException {
        return result(splice(readFd, PosixSockets.posix(dst).fd(), max), false);
    }

    /** One {@code splice(2)}, EINTR retried: the count moved, or minus the errno. */
    private static long splice(int in, int out, int len) {
        for (;;) {
            long n = Libc.Splice.splice(in, 0, out, 0, len, OS.splice().SPLICE_F_NONBLOCK());
            if (n >= 0) {
                return n;
            }
            int e = Libc.errno();
            if (e != OS.EINTR()) {
                return -e;
            }
        }
    }

    private static int result(long n, boolean drain) throws SyscallException {
        if (n >= 0) {
            return (int) n;
        }
        int e = (int) -n;
        if (e == OS.EAGAIN()) {
            return Sockets.WOULD_BLOCK;
        }
        if (drain && (e == OS.EINVAL() || e == OS.splice().ENOSYS())) {
            return Sockets.UNSUPPORTED;
        }
        throw new SyscallException("splice", OS.errno(e));
    }

    @Override
    public void close() {
        Libc.close(readFd);
        Libc.close(writeFd);
    }
}
