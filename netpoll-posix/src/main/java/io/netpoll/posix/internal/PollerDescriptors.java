package io.netpoll.posix.internal;

import io.netpoll.posix.PosixHandle;
import io.netpoll.spi.Handle;
import io.netpoll.spi.SyscallException;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The descriptors a native poller owns (the epoll instance and its eventfd, or the kqueue), and the
 * reference count that decides when they are closed.
 *
 * <p>Every poller method that uses a descriptor holds a reference while it does ({@link #enter()} or
 * {@link #tryEnter()}, then {@link #exit()}). {@link #close(Wakeup)} sets the {@code CLOSED} bit, so no
 * new reference is taken, and wakes a poll blocked on another thread; the last reference to leave
 * closes the descriptors. A descriptor number is thus never used after it could have been reused by
 * another open. The count and the bit share one atomic int, so entering and closing never race.
 */
public final class PollerDescriptors {

    private static final OsTable OS = OsTable.current();
    private static final int CLOSED = 1 << 30;

    /** Wakes a poll blocked on the poller: the poller's own {@code netpollBreak}. */
    @FunctionalInterface
    public interface Wakeup {
        void wake() throws IOException;
    }

    private final String poller;
    private final IntConsumer closeFd;
    private final int[] fds;
    /** {@link #CLOSED} once closed, plus the count of calls using the descriptors. */
    private final AtomicInteger refs = new AtomicInteger();

    /**
     * @param poller  the poller's name in the error of a call after close, e.g. {@code "epoll poller"}
     * @param closeFd close(2) from the library the descriptors came from
     * @param fds     the descriptors, closed in this order
     */
    public PollerDescriptors(String poller, IntConsumer closeFd, int... fds) {
        this.poller = poller;
        this.closeFd = closeFd;
        this.fds = fds.clone();
    }

    /** Whether {@code handle} is one of these descriptors. */
    public boolean owns(Handle handle) {
        if (handle instanceof PosixHandle h && h.fd() >= 0) {
            for (int fd : fds) {
                if (h.fd() == fd) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Takes a reference unless closed; false when closed. */
    public boolean tryEnter() {
        for (;;) {
            int s = refs.get();
            if ((s & CLOSED) != 0) {
                return false;
            }
            if (refs.compareAndSet(s, s + 1)) {
                return true;
            }
        }
    }

    /** Takes a reference, or fails because the poller is closed. */
    public void enter() throws IOException {
        if (!tryEnter()) {
            throw new IOException(poller + " is closed");
        }
    }

    /** Lets go of a reference; the last one to leave after close closes the descriptors. */
    public void exit() {
        if (refs.decrementAndGet() == CLOSED) {
            for (int fd : fds) {
                closeFd.accept(fd);
            }
        }
    }

    /**
     * Marks the descriptors closed and, on the first close only, wakes a blocked poll so that it
     * leaves; the descriptors are closed at once when no call is in flight.
     */
    public void close(Wakeup wakeup) throws IOException {
        if (!tryEnter()) {
            return;
        }
        try {
            int s;
            do {
                s = refs.get();
                if ((s & CLOSED) != 0) {
                    return;
                }
            } while (!refs.compareAndSet(s, s | CLOSED));
            wakeup.wake();
        } finally {
            exit();
        }
    }

    /** The descriptor of a socket handle passed to register or deregister. */
    public static int fd(Handle handle) {
        if (handle instanceof PosixHandle h) {
            return h.fd();
        }
        throw new IllegalArgumentException("not a POSIX socket handle: " + handle);
    }

    /** A poller system call's failure, with the errno named by this OS's table. */
    public static SyscallException error(String syscall, int errno) {
        return new SyscallException(syscall, OS.errno(errno));
    }
}
