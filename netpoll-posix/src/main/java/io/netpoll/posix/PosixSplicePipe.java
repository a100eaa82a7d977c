// Mirrors Go's pipe half of src/internal/poll/splice_linux.go (newPipe, getPipe/putPipe and splicePipePool, splice,
// spliceDrain/splicePump's calls).
package io.netpoll.posix;

import io.netpoll.posix.internal.Libc;
import io.netpoll.posix.internal.OsTable;
import io.netpoll.posix.internal.Pool;
import io.netpoll.posix.internal.Scratch;
import io.netpoll.spi.Handle;
import io.netpoll.spi.Sockets;
import io.netpoll.spi.SplicePipe;
import io.netpoll.spi.SyscallException;

import java.io.IOException;
import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;

import static io.netpoll.posix.internal.Scratch.VALUE;

/**
 * A non-blocking, close-on-exec pipe of 1 MiB ({@code F_SETPIPE_SZ}, as Go sizes it) between two
 * sockets, for one transfer at a time. Every {@code splice(2)} passes {@code SPLICE_F_NONBLOCK}, so the
 * pipe never blocks; the sockets are non-blocking themselves, so EAGAIN means "that socket would block".
 * The runtime drains at most what it then pumps, so the pipe is empty between steps and a drain never
 * finds it full. EINVAL or ENOSYS on a drain means this socket (or this kernel) cannot splice: the
 * caller falls back, and nothing was read.
 *
 * <p><b>The pool</b> (Go's {@code splicePipePool}): a transfer takes a pipe from it ({@link #open}) and
 * gives it back when done ({@link #close}), so many small transfers cost no {@code pipe2}, {@code fcntl}
 * and two {@code close} each. Only an empty pipe goes back, so the next transfer never receives another
 * one's bytes; one that still holds some (a transfer that failed between drain and pump) is closed, as
 * Go destroys it. The pool holds at most {@link #POOL_SIZE} pipes ({@value #POOL_SIZE_PROPERTY}) and
 * more are closed on release. Like
 * Go's {@code sync.Pool}, whose contents the garbage collector drops, the pool is only weakly reachable:
 * after a collection that finds it idle, its pipes are unreachable and a {@link Cleaner} closes them, so
 * a process that stops splicing does not keep pipes open for ever.
 *
 * <p>SIGPIPE: a pump into a socket whose peer is gone fails with EPIPE and, unlike {@code send(2)}
 * with {@code MSG_NOSIGNAL} or {@code sendmsg(2)}, also raises SIGPIPE: {@code splice(2)} has no flag
 * to suppress it, and Linux has no {@code SO_NOSIGPIPE}. HotSpot installs a handler for SIGPIPE
 * whatever the options ({@code -Xrs} included) and ignores the signal after giving it to any chained
 * handler ({@code src/hotspot/os/posix/signals_posix.cpp}, {@code JVM_handle_linux_signal}: "Ignore
 * SIGPIPE and SIGXFSZ"), so the caller sees only EPIPE (Go's "broken pipe") and the process lives on.
 * Only native code that replaces HotSpot's SIGPIPE handler with the default action, outside libjsig,
 * could make it fatal; Go's runtime likewise ignores SIGPIPE on descriptors other than 1 and 2.
 */
final class PosixSplicePipe implements SplicePipe {

    private static final OsTable OS = OsTable.current();

    /** Go's {@code maxSpliceSize}. */
    private static final int PIPE_SIZE = 1 << 20;

    /**
     * The system property that sets the most idle pipes kept (0: none, every transfer makes and closes
     * its own pipe).
     */
    static final String POOL_SIZE_PROPERTY = "netpoll.splicePipePool";

    /** The most idle pipes kept: by default enough for two transfers per processor, and at least 4. */
    static final int POOL_SIZE = Math.max(0, Integer.getInteger(POOL_SIZE_PROPERTY,
            Math.max(4, 2 * Runtime.getRuntime().availableProcessors())));

    private static final Cleaner CLEANER = Cleaner.create();

    private static volatile WeakReference<Pool<PosixSplicePipe>> pool = new WeakReference<>(null);

    private final int readFd;
    private final int writeFd;
    private final Cleaner.Cleanable closer;
    /** Bytes drained in and not yet pumped out: Go's {@code splicePipe.data}. Used by one transfer at a time. */
    private long data;

    private PosixSplicePipe(int readFd, int writeFd) {
        this.readFd = readFd;
        this.writeFd = writeFd;
        this.closer = CLEANER.register(this, () -> {
            Libc.close(readFd);
            Libc.close(writeFd);
        });
    }

    /**
     * Go's {@code getPipe}: an idle pipe from the pool, else a new one ({@code newPipe}), or null when
     * the system has no splice or cannot make a pipe now (Go then reports the splice as not handled and
     * copies).
     */
    static PosixSplicePipe open() {
        OsTable.Splice sp = OS.splice();
        if (sp == null) {
            return null;
        }
        PosixSplicePipe idle = pool().take();
        if (idle != null) {
            return idle;
        }
        return create(sp);
    }

    /** Go's {@code newPipe}. A pipe the system will not enlarge works at its default size, as in Go. */
    private static PosixSplicePipe create(OsTable.Splice sp) {
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
        int n = result(splice(PosixSockets.posix(src).fd(), writeFd, max), true);
        if (n > 0) {
            data += n;
        }
        return n;
    }

    @Override
    public int pump(Handle dst, int max) throws IOException {
        int n = result(splice(readFd, PosixSockets.posix(dst).fd(), max), false);
        if (n > 0) {
            data -= n;
        }
        return n;
    }

    /** One {@code splice(2)}, EINTR retried: the count moved, or minus the errno. */
    private static long splice(int in, int out, int len) {
        for (;;) {
            long n = Libc.Splice.splice(in, 0, out, 0, len, OS.splice().SPLICE_F_NONBLOCK());
            if (n != -OS.EINTR()) {
                return n;
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

    /** Go's {@code putPipe}: back to the pool when empty and the pool has room, else closed. */
    @Override
    public void close() {
        if (data != 0 || !pool().give(this)) {
            closer.clean();
        }
    }

    /** The current pool, or a new one when the garbage collector dropped the last (two racing threads may each make one). */
    private static Pool<PosixSplicePipe> pool() {
        Pool<PosixSplicePipe> p = pool.get();
        if (p == null) {
            p = new Pool<>(POOL_SIZE);
            pool = new WeakReference<>(p);
        }
        return p;
    }
}
