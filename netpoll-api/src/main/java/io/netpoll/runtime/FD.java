// Mirrors Go's src/internal/poll/fd_unix.go, fd_poll_runtime.go and fd_posix.go.
package io.netpoll.runtime;

import io.netpoll.spi.Errno;
import io.netpoll.spi.Family;
import io.netpoll.spi.FileSource;
import io.netpoll.spi.Handle;
import io.netpoll.spi.Poller;
import io.netpoll.spi.SocketType;
import io.netpoll.spi.Sockets;
import io.netpoll.spi.SplicePipe;
import io.netpoll.spi.SyscallException;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A non-blocking socket whose operations block the calling thread the way Go's do: try the call,
 * and only when it would block, park on the {@link PollDesc} until the poller reports readiness.
 *
 * <p><b>Every blocking operation</b> takes its lock from the {@link FdMutex} (reads serialize with
 * reads, writes with writes), then asks the descriptor whether it may proceed: closed beats an
 * expired deadline beats an event error, and that check comes before the call, so an expired deadline
 * fails even when data is waiting. Then it always tries the call: only a "would block" answer waits,
 * and after a wait it tries again. Other operations (options, addresses, deadlines, shutdown) hold a
 * plain reference.
 *
 * <p><b>Close</b> marks the descriptor closed and wakes every thread parked on it or queued for its
 * locks; they fail with {@link NetClosingException} ({@code whileBlocked} true). The socket itself is
 * deregistered from the poller and closed when the last operation in flight lets go, never earlier,
 * because a socket number closed under a running call could be reused by a new connection. Close
 * returns only after that real close, so the port can be bound again at once. Closing again has no
 * effect. Any operation started after close fails with {@link NetClosingException}
 * ({@code whileBlocked} false).
 *
 * <p><b>Interrupts</b> are treated as the JDK's interruptible channels treat them: a thread
 * interrupted while it waits in a blocking operation, or already interrupted when it starts one,
 * closes this FD and gets {@link ClosedByInterruptException}; its interrupt status stays set.
 *
 * <p><b>Deadlines</b> follow Go's {@code SetDeadline}: null is none, an instant at or before now has
 * already expired (and stays expired until set again), far instants saturate. Setting one takes
 * effect at once, also for a thread already waiting.
 */
public final class FD implements Closeable {

    private final PollServer server;
    private final Sockets sockets;
    private final Handle handle;
    private final SocketType type;
    private final PollDesc pd;
    private final FdMutex fdmu = new FdMutex();
    private final CountDownLatch destroyed = new CountDownLatch(1);
    private volatile Throwable destroyError;
    /** SO_LINGER was last set above 0: the real close may then block in the kernel ({@link #closeSocket}). */
    private volatile boolean lingers;

    private FD(PollServer server, Handle handle, SocketType type, PollDesc pd) {
        this.server = server;
        this.sockets = server.provider().sockets();
        this.handle = handle;
        this.type = type;
        this.pd = pd;
    }

    /**
     * Opens a socket of the given family/type through {@code server}'s provider and registers it.
     *
     * @param server the poll server
     * @param family the address family
     * @param type the socket type
     * @return the registered FD
     * @throws IOException the system call's {@link io.netpoll.spi.SyscallException}, or a failure to register
     */
    public static FD socket(PollServer server, Family family, SocketType type) throws IOException {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(type, "type");
        return open(server, server.provider().sockets().socket(family, type), type);
    }

    /**
     * Wraps an already-open handle of {@code server}'s provider and registers it. The FD owns the
     * handle from now on: if registration fails, the handle is closed before the error is thrown.
     *
     * @param server the poll server
     * @param handle the socket
     * @param type the socket type
     * @return the registered FD
     * @throws IOException the system call's {@link io.netpoll.spi.SyscallException}, or a failure to register
     */
    public static FD open(PollServer server, Handle handle, SocketType type) throws IOException {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(handle, "handle");
        Objects.requireNonNull(type, "type");
        PollDesc pd;
        try {
            pd = server.open(handle);
        } catch (Throwable t) {
            try {
                server.provider().sockets().close(handle);
            } catch (IOException e) {
                t.addSuppressed(e);
            }
            throw t;
        }
        return new FD(server, handle, type, pd);
    }

    /**
     * The socket this FD owns.
     *
     * @return the handle
     */
    public Handle handle() {
        return handle;
    }

    /**
     * The socket layer of the provider the handle comes from.
     *
     * @return the provider's sockets
     */
    public Sockets sockets() {
        return sockets;
    }

    /**
     * The poll server this FD is registered with.
     *
     * @return the server
     */
    public PollServer server() {
        return server;
    }

    /**
     * Reads into {@code dst}, waiting until at least one byte can be read. Returns the count read,
     * -1 at end of stream, or 0 at once, with no deadline check and no system call, when {@code dst}
     * is full (on a datagram socket no datagram is consumed). Only an interrupted caller is refused
     * then, as by every other operation, and as the JDK's channels refuse it.
     *
     * @param dst the buffer to read into, from its position up to its limit
     * @return the count read, -1 at end of stream, or 0 for a buffer with no room
     * @throws IOException {@link NetClosingException} once the FD is closing, {@link DeadlineExceededException} when the
     *                     deadline passes, or the system call's {@link io.netpoll.spi.SyscallException}
     */
    public int read(ByteBuffer dst) throws IOException {
        readLock();
        try {
            if (!dst.hasRemaining()) {
                if (Thread.currentThread().isInterrupted()) {
                    throw closedByInterrupt();
                }
                return 0;
            }
            begin(Poller.READ);
            if (pd.drained()) {
                waitFor(Poller.READ, 0);
            }
            for (;;) {
                int asked = Math.min(dst.remaining(), Sockets.MIN_STREAM_READ);
                int n;
                try {
                    n = sockets.read(handle, dst);
                } catch (SyscallException e) {
                    if (isEintr(e)) {
                        continue;
                    }
                    throw e;
                }
                if (n != Sockets.WOULD_BLOCK) {
                    if (n > 0 && n < asked && type == SocketType.STREAM) {
                        pd.readShort();
                    }
                    return n;
                }
                waitFor(Poller.READ, 0);
            }
        } finally {
            readUnlock();
        }
    }

    /**
     * Writes all of {@code src}, waiting whenever the socket cannot take more; returns the count
     * written. A write of nothing still makes one system call (an empty datagram on a datagram
     * socket). When the deadline expires part way, the {@link DeadlineExceededException} says in
     * {@code bytesTransferred} how much was written.
     *
     * @param src the bytes to write, from its position to its limit
     * @return the count written, all of {@code src}
     * @throws IOException {@link NetClosingException} once the FD is closing, {@link DeadlineExceededException} when the
     *                     deadline passes, or the system call's {@link io.netpoll.spi.SyscallException}
     */
    public int write(ByteBuffer src) throws IOException {
        writeLock();
        try {
            int start = src.position();
            begin(Poller.WRITE);
            for (;;) {
                int before = src.remaining();
                int n;
                try {
                    n = sockets.write(handle, src);
                } catch (SyscallException e) {
                    if (isEintr(e)) {
                        continue;
                    }
                    throw e;
                }
                if (n == Sockets.WOULD_BLOCK) {
                    waitFor(Poller.WRITE, src.position() - start);
                    continue;
                }
                if (n < 0 || n > before) {
                    throw new IllegalStateException("invalid return from write: got " + n + " from a write of " + before);
                }
                if (!src.hasRemaining()) {
                    return src.position() - start;
                }
                if (n == 0) {
                    throw new IOException("unexpected EOF");
                }
            }
        } finally {
            writeUnlock();
        }
    }

    /**
     * Accepts one connection, waiting until one is queued, and registers it on the same server.
     * A connection reset while it was queued ({@code ECONNABORTED}) is skipped.
     *
     * @return the new connection's FD
     * @throws IOException {@link NetClosingException} once the FD is closing, {@link DeadlineExceededException} when the
     *                     deadline passes, or the system call's {@link io.netpoll.spi.SyscallException}
     */
    public FD accept() throws IOException {
        readLock();
        try {
            begin(Poller.READ);
            for (;;) {
                Handle h;
                try {
                    h = sockets.accept(handle);
                } catch (SyscallException e) {
                    if (isEintr(e) || Errno.ECONNABORTED.equals(e.errno())) {
                        continue;
                    }
                    throw e;
                }
                if (h != null) {
                    return open(server, h, type);
                }
                waitFor(Poller.READ, 0);
            }
        } finally {
            readUnlock();
        }
    }

    /**
     * Connects, waiting until the attempt ends. The wait honours the write deadline: set it from the
     * dial timeout before, and clear it after.
     *
     * @param remote the peer's address
     * @throws IOException {@link NetClosingException} once the FD is closing, {@link DeadlineExceededException} when the
     *                     deadline passes, or the system call's {@link io.netpoll.spi.SyscallException}
     */
    public void connect(SocketAddress remote) throws IOException {
        Objects.requireNonNull(remote, "remote");
        writeLock();
        try {
            begin(Poller.WRITE);
            boolean connected;
            try {
                connected = sockets.connect(handle, remote);
            } catch (SyscallException e) {
                if (isEintr(e)) {
                    connected = false; // the attempt goes on in the background, as with EINPROGRESS
                } else if (Errno.EISCONN.equals(e.errno())) {
                    connected = true;
                } else {
                    throw e;
                }
            }
            while (!connected) {
                waitFor(Poller.WRITE, 0);
                connected = sockets.finishConnect(handle);
            }
        } finally {
            writeUnlock();
        }
    }

    /**
     * Receives one datagram into {@code dst}, waiting until one arrives; returns its sender.
     *
     * @param dst the buffer to read into, from its position up to its limit
     * @return the sender
     * @throws IOException {@link NetClosingException} once the FD is closing, {@link DeadlineExceededException} when the
     *                     deadline passes, or the system call's {@link io.netpoll.spi.SyscallException}
     */
    public SocketAddress receive(ByteBuffer dst) throws IOException {
        readLock();
        try {
            begin(Poller.READ);
            for (;;) {
                SocketAddress from;
                try {
                    from = sockets.receive(handle, dst);
                } catch (SyscallException e) {
                    if (isEintr(e)) {
                        continue;
                    }
                    throw e;
                }
                if (from != null) {
                    return from;
                }
                waitFor(Poller.READ, 0);
            }
        } finally {
            readUnlock();
        }
    }

    /**
     * Sends {@code src} as one datagram to {@code target} (null when connected), waiting for room; returns the count sent.
     *
     * @param src the bytes to write, from its position to its limit
     * @param target the target
     * @return the count sent
     * @throws IOException {@link NetClosingException} once the FD is closing, {@link DeadlineExceededException} when the
     *                     deadline passes, or the system call's {@link io.netpoll.spi.SyscallException}
     */
    public int send(ByteBuffer src, SocketAddress target) throws IOException {
        writeLock();
        try {
            begin(Poller.WRITE);
            for (;;) {
                int n;
                try {
                    n = sockets.send(handle, src, target);
                } catch (SyscallException e) {
                    if (isEintr(e)) {
                        continue;
                    }
                    throw e;
                }
                if (n != Sockets.WOULD_BLOCK) {
                    return n;
                }
                waitFor(Poller.WRITE, 0);
            }
        } finally {
            writeUnlock();
        }
    }

    /**
     * Returned by {@link #splice} and {@link #sendFile} when the provider cannot do the transfer inside
     * the kernel: Go's {@code handled == false}.
     */
    public static final long UNHANDLED = -1;

    /** Go's {@code maxSpliceSize}: the most one drain puts into the pipe (and the pipe's size). */
    private static final int MAX_SPLICE_SIZE = 1 << 20;

    /**
     * The most one {@code sendfile} call is asked for: Go's {@code maxRW}, which the BSDs need and which
     * keeps every count in an {@code int}.
     */
    private static final int MAX_SENDFILE_SIZE = 1 << 30;

    /**
     * Go's {@code poll.Splice}: moves up to {@code remain} bytes from {@code src} to {@code dst} inside
     * the kernel, until {@code src} ends or {@code remain} is reached, and returns the count moved, which
     * {@code moved} also counts as the bytes reach {@code dst} (so that it still tells after a failure).
     * Each step drains what {@code src} has (at most 1 MiB) into a pipe under {@code src}'s read lock,
     * waiting for it to be readable, then pumps all of it into {@code dst} under {@code dst}'s write
     * lock, waiting for it to be writable; each side's deadline and close apply to its own wait.
     *
     * <p>Returns {@link #UNHANDLED}, having consumed nothing, when the two sockets belong to different
     * providers, the provider has no {@link SplicePipe}, or the system refuses to splice from
     * {@code src}: the caller then copies, as Go does when {@code Splice} is not handled.
     *
     * @param dst    the socket to write into
     * @param src    the socket to read from
     * @param remain the most bytes to move
     * @param moved  counts the bytes as they reach {@code dst}
     * @return the count moved, or {@link #UNHANDLED} when nothing was moved and the caller must copy
     * @throws IOException {@link NetClosingException} once either FD is closing, {@link DeadlineExceededException} when a
     *                     deadline passes, or the system call's {@link io.netpoll.spi.SyscallException}
     */
    public static long splice(FD dst, FD src, long remain, Progress moved) throws IOException {
        Objects.requireNonNull(moved, "moved");
        if (dst.sockets != src.sockets) {
            return UNHANDLED;
        }
        SplicePipe pipe = dst.sockets.openSplicePipe();
        if (pipe == null) {
            return UNHANDLED;
        }
        try (pipe) {
            long written = 0;
            while (remain > 0) {
                int inPipe = src.spliceDrain(pipe, (int) Math.min(MAX_SPLICE_SIZE, remain));
                if (inPipe == Sockets.UNSUPPORTED) {
                    if (written == 0) {
                        return UNHANDLED;
                    }
                    throw new SyscallException("splice", Errno.EINVAL);
                }
                if (inPipe == 0) {
                    break;
                }
                dst.splicePump(pipe, inPipe, moved);
                written += inPipe;
                remain -= inPipe;
            }
            return written;
        }
    }

    /**
     * Go's {@code poll.SendFile}: sends up to {@code size} bytes of {@code src} from {@code offset} into
     * this socket inside the kernel, until the file ends or {@code size} is reached, and returns the
     * count sent, which {@code moved} also counts. Under the write lock: each step sends what the socket
     * takes, and waits for write readiness when it takes nothing, so the write deadline and close apply.
     *
     * <p>Returns {@link #UNHANDLED}, having sent nothing, when the system cannot send from this file into
     * this socket: the caller then copies, as Go does when {@code SendFile} is not handled.
     *
     * @param src    the file to send from; the caller opened it and closes it
     * @param offset where in the file to start
     * @param size   the most bytes to send
     * @param moved  counts the bytes as they are sent, so that it still tells after a failure
     * @return the count sent, less than {@code size} only when the file ended first, or {@link #UNHANDLED}
     *         when nothing was sent and the caller must copy
     * @throws IOException {@link NetClosingException} once the FD is closing, {@link DeadlineExceededException} when the
     *                     write deadline passes, or the system call's {@link io.netpoll.spi.SyscallException}
     */
    public long sendFile(FileSource src, long offset, long size, Progress moved) throws IOException {
        writeLock();
        try {
            begin(Poller.WRITE);
            long written = 0;
            while (written < size) {
                long n;
                try {
                    n = src.send(handle, offset + written, Math.min(size - written, MAX_SENDFILE_SIZE));
                } catch (SyscallException e) {
                    if (isEintr(e)) {
                        continue;
                    }
                    throw e;
                }
                if (n == Sockets.WOULD_BLOCK) {
                    waitFor(Poller.WRITE, saturatedInt(written));
                } else if (n == Sockets.UNSUPPORTED) {
                    if (written == 0) {
                        return UNHANDLED;
                    }
                    throw new SyscallException("sendfile", Errno.EINVAL);
                } else if (n == 0) {
                    break;
                } else if (n > 0 && n <= size - written) {
                    written += n;
                    moved.add(n);
                } else {
                    throw new IllegalStateException("invalid return from sendfile: got " + n + " from a send of "
                            + Math.min(size - written, MAX_SENDFILE_SIZE));
                }
            }
            return written;
        } finally {
            writeUnlock();
        }
    }

    private static int saturatedInt(long n) {
        return (int) Math.min(n, Integer.MAX_VALUE);
    }

    /** Go's {@code spliceDrain}: fills the pipe from this socket once it is readable. */
    private int spliceDrain(SplicePipe pipe, int max) throws IOException {
        readLock();
        try {
            begin(Poller.READ);
            for (;;) {
                int n;
                try {
                    n = pipe.drain(handle, max);
                } catch (SyscallException e) {
                    if (isEintr(e)) {
                        continue;
                    }
                    throw e;
                }
                if (n != Sockets.WOULD_BLOCK) {
                    return n;
                }
                waitFor(Poller.READ, 0);
            }
        } finally {
            readUnlock();
        }
    }

    /** Go's {@code splicePump}: empties {@code inPipe} bytes of the pipe into this socket. */
    private void splicePump(SplicePipe pipe, int inPipe, Progress moved) throws IOException {
        writeLock();
        try {
            begin(Poller.WRITE);
            int written = 0;
            while (written < inPipe) {
                int n;
                try {
                    n = pipe.pump(handle, inPipe - written);
                } catch (SyscallException e) {
                    if (isEintr(e)) {
                        continue;
                    }
                    throw e;
                }
                if (n == Sockets.WOULD_BLOCK) {
                    waitFor(Poller.WRITE, written);
                } else if (n > 0 && n <= inPipe - written) {
                    written += n;
                    moved.add(n);
                } else {
                    throw new IllegalStateException("invalid return from splice: got " + n + " from a pump of " + (inPipe - written));
                }
            }
        } finally {
            writeUnlock();
        }
    }

    /**
     * Binds the socket ({@code bind(2)}).
     *
     * @param local the local address
     * @throws IOException {@link NetClosingException} once the FD is closing, or the system call's
     *                     {@link io.netpoll.spi.SyscallException}
     */
    public void bind(SocketAddress local) throws IOException {
        incref();
        try {
            sockets.bind(handle, local);
        } finally {
            decref();
        }
    }

    /**
     * Makes the socket listen ({@code listen(2)}).
     *
     * @param backlog the length of the queue of pending connections
     * @throws IOException {@link NetClosingException} once the FD is closing, or the system call's
     *                     {@link io.netpoll.spi.SyscallException}
     */
    public void listen(int backlog) throws IOException {
        incref();
        try {
            sockets.listen(handle, backlog);
        } finally {
            decref();
        }
    }

    /**
     * Joins multicast {@code group} on {@code ifi} (null: the system's choice); see {@link Sockets#joinGroup}.
     *
     * @param group the group's address
     * @param ifi   the interface, or null for the system's choice
     * @throws IOException {@link NetClosingException} once the FD is closing, or the system call's
     *                     {@link io.netpoll.spi.SyscallException}
     */
    public void joinGroup(InetAddress group, NetworkInterface ifi) throws IOException {
        Objects.requireNonNull(group, "group");
        incref();
        try {
            sockets.joinGroup(handle, group, ifi);
        } finally {
            decref();
        }
    }

    /**
     * Shuts down reading, writing or both ({@code shutdown(2)}).
     *
     * @param read  true to shut down reading
     * @param write true to shut down writing
     * @throws IOException {@link NetClosingException} once the FD is closing, or the system call's
     *                     {@link io.netpoll.spi.SyscallException}
     */
    public void shutdown(boolean read, boolean write) throws IOException {
        incref();
        try {
            sockets.shutdown(handle, read, write);
        } finally {
            decref();
        }
    }

    /**
     * Sets a socket option.
     *
     * @param <T>    the option's value type
     * @param option the option
     * @param value  its value
     * @throws IOException {@link NetClosingException} once the FD is closing, or the system call's
     *                     {@link io.netpoll.spi.SyscallException}
     */
    public <T> void setOption(SocketOption<T> option, T value) throws IOException {
        incref();
        try {
            sockets.setOption(handle, option, value);
            if (option == StandardSocketOptions.SO_LINGER) {
                lingers = value instanceof Integer seconds && seconds > 0;
            }
        } finally {
            decref();
        }
    }

    /**
     * The value of a socket option.
     *
     * @param <T>    the option's value type
     * @param option the option
     * @return its value
     * @throws IOException {@link NetClosingException} once the FD is closing, or the system call's
     *                     {@link io.netpoll.spi.SyscallException}
     */
    public <T> T getOption(SocketOption<T> option) throws IOException {
        incref();
        try {
            return sockets.getOption(handle, option);
        } finally {
            decref();
        }
    }

    /**
     * The bound address ({@code getsockname}).
     *
     * @return the local address
     * @throws IOException {@link NetClosingException} once the FD is closing, or the system call's
     *                     {@link io.netpoll.spi.SyscallException}
     */
    public SocketAddress localAddress() throws IOException {
        incref();
        try {
            return sockets.localAddress(handle);
        } finally {
            decref();
        }
    }

    /**
     * The connected peer ({@code getpeername}).
     *
     * @return the peer's address, or null when not connected
     * @throws IOException {@link NetClosingException} once the FD is closing, or the system call's
     *                     {@link io.netpoll.spi.SyscallException}
     */
    public SocketAddress remoteAddress() throws IOException {
        incref();
        try {
            return sockets.remoteAddress(handle);
        } finally {
            decref();
        }
    }

    /**
     * Sets the read and write deadlines; null means none.
     *
     * @param t the deadline, or null for none
     * @throws IOException {@link NetClosingException} once the FD is closing
     */
    public void setDeadline(Instant t) throws IOException {
        setDeadline(t, Poller.READ | Poller.WRITE);
    }

    /**
     * Sets the read deadline; null means none.
     *
     * @param t the deadline, or null for none
     * @throws IOException {@link NetClosingException} once the FD is closing
     */
    public void setReadDeadline(Instant t) throws IOException {
        setDeadline(t, Poller.READ);
    }

    /**
     * Sets the write deadline; null means none.
     *
     * @param t the deadline, or null for none
     * @throws IOException {@link NetClosingException} once the FD is closing
     */
    public void setWriteDeadline(Instant t) throws IOException {
        setDeadline(t, Poller.WRITE);
    }

    /** Go's {@code setDeadlineImpl}: the time left until {@code t}, with "exactly now" as expired. */
    private void setDeadline(Instant t, int mode) throws IOException {
        long d = 0;
        if (t != null) {
            Duration left = Duration.between(Instant.now(), t);
            d = left.isZero() ? -1 : saturatedNanos(left);
        }
        incref();
        try {
            pd.setDeadline(d, mode);
        } finally {
            decref();
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException overflow) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /**
     * False once {@link #close} (or an interrupt) began closing this FD.
     *
     * @return true until closing began
     */
    public boolean isOpen() {
        return !fdmu.isClosed();
    }

    /**
     * Closes: wakes every waiter, and returns once the socket has been deregistered and closed, which
     * happens when the last operation in flight lets go. Throws the error of that close or of the
     * deregistration before it (an unchecked one as it came), if any; the socket is closed either way.
     * Closing again has no effect.
     */
    @Override
    public void close() throws IOException {
        boolean first = evictAndRelease();
        awaitDestroyed();
        Throwable e = destroyError;
        if (first && e != null) {
            switch (e) {
                case IOException io -> throw io;
                case RuntimeException re -> throw re;
                case Error err -> throw err;
                default -> throw new IOException(e);
            }
        }
    }

    /**
     * The part of close that never waits ({@code increfAndClose}, {@code pd.evict}, {@code decref}),
     * also used by a thread that holds a lock of this FD. False when already closed.
     */
    private boolean evictAndRelease() {
        if (!fdmu.increfAndClose()) {
            return false;
        }
        pd.evict();
        if (fdmu.decref()) {
            destroy();
        }
        return true;
    }

    private void awaitDestroyed() {
        boolean interrupted = false;
        for (;;) {
            try {
                destroyed.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs once, for the last reference of a closed FD: deregister, then the real close. As Go's
     * {@code FD.destroy}, the socket is closed and waiting closers are released whatever deregistration
     * throws (a provider's poller is third-party code behind a public SPI): the failure is kept for the
     * first {@link #close} to throw, never thrown here, where the caller may be an operation letting go.
     */
    private void destroy() {
        Throwable error = null;
        try {
            pd.close();
        } catch (Throwable t) {
            error = t;
        }
        try {
            closeSocket();
        } catch (Throwable t) {
            if (error == null) {
                error = t;
            } else {
                error.addSuppressed(t);
            }
        } finally {
            destroyError = error;
            destroyed.countDown();
        }
    }

    /**
     * The real close. A close that can block in the kernel (SO_LINGER above 0: close(2) waits up to the
     * linger time for unsent data, even on a non-blocking socket) must not hold a virtual thread's
     * carrier, or every other virtual thread could stop for that long: it runs on a platform thread of
     * its own while the caller parks, as Go hands its P away for a system call that blocks. Lingering
     * closes are rare, so one thread per close keeps ordinary closes inline and leaves no thread idle.
     */
    private void closeSocket() throws IOException {
        if (!lingers || !Thread.currentThread().isVirtual()) {
            sockets.close(handle);
            return;
        }
        FutureTask<Void> close = new FutureTask<>(() -> {
            sockets.close(handle);
            return null;
        });
        try {
            Thread.ofPlatform().daemon().name("netpoll-lingering-close").start(close);
        } catch (OutOfMemoryError noThread) {
            close.run(); // no thread to be had: the socket must be closed all the same
        }
        boolean interrupted = false;
        try {
            for (;;) {
                try {
                    close.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true; // the close goes on; this thread still waits for it, as close(2) would
                } catch (ExecutionException e) {
                    switch (e.getCause()) {
                        case IOException io -> throw io;
                        case RuntimeException re -> throw re;
                        case Error err -> throw err;
                        default -> throw new IOException(e.getCause());
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Go's {@code prepareRead}/{@code prepareWrite}, after the interrupt check of a blocking
     * operation.
     */
    private void begin(int mode) throws IOException {
        if (Thread.currentThread().isInterrupted()) {
            throw closedByInterrupt();
        }
        check(pd.prepare(mode), 0);
    }

    /** Go's {@code waitRead}/{@code waitWrite}; {@code written} is the progress of a write so far. */
    private void waitFor(int mode, int written) throws IOException {
        check(pd.await(mode), written);
    }

    /** Go's {@code convertErr}: turns a descriptor status into the exception the caller gets. */
    private void check(int status, int written) throws IOException {
        switch (status) {
            case PollDesc.OK -> {
            }
            case PollDesc.ERR_CLOSING -> throw new NetClosingException(true);
            case PollDesc.ERR_TIMEOUT -> {
                DeadlineExceededException e = new DeadlineExceededException();
                e.bytesTransferred = written;
                throw e;
            }
            case PollDesc.ERR_NOT_POLLABLE -> throw new IOException("not pollable");
            case PollDesc.ERR_INTERRUPTED -> throw closedByInterrupt();
            default -> throw new IllegalStateException("unreachable: poll status " + status);
        }
    }

    /** Closes this FD from inside an operation (which still holds its lock) after an interrupt. */
    private ClosedByInterruptException closedByInterrupt() {
        evictAndRelease();
        return new ClosedByInterruptException();
    }

    private static boolean isEintr(SyscallException e) {
        return Errno.EINTR.equals(e.errno());
    }

    private void readLock() throws IOException {
        lock(true);
    }

    private void writeLock() throws IOException {
        lock(false);
    }

    private void lock(boolean read) throws IOException {
        boolean locked;
        try {
            locked = fdmu.rwlock(read);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            evictAndRelease();
            throw new ClosedByInterruptException();
        }
        if (!locked) {
            throw new NetClosingException(false);
        }
    }

    private void readUnlock() {
        if (fdmu.rwunlock(true)) {
            destroy();
        }
    }

    private void writeUnlock() {
        if (fdmu.rwunlock(false)) {
            destroy();
        }
    }

    private void incref() throws IOException {
        if (!fdmu.incref()) {
            throw new NetClosingException(false);
        }
    }

    private void decref() {
        if (fdmu.decref()) {
            destroy();
        }
    }

    @Override
    public String toString() {
        return "FD[" + handle + ", " + type + (isOpen() ? "]" : ", closed]");
    }
}
