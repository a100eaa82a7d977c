// Mirrors Go's src/internal/poll/fd_mutex.go.
package io.netpoll.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Semaphore;

/**
 * The reference lock of an {@link FD}: it counts the operations in flight, serializes reads with
 * reads and writes with writes, and decides who closes the socket for real.
 *
 * <p>One packed 64-bit word holds everything, so every transition is a single CAS:
 * <pre>
 *   bit  0      closed: once set, every lock attempt fails
 *   bit  1      read lock held
 *   bit  2      write lock held
 *   bits 3-22   references: read + write + misc operations in flight (20 bits)
 *   bits 23-42  threads queued for the read lock (20 bits)
 *   bits 43-62  threads queued for the write lock (20 bits)
 * </pre>
 * A thread that finds its lock taken adds itself to the queue count and sleeps on that mode's
 * semaphore. Whoever unlocks takes one off the count and releases one permit; the woken thread
 * starts again from the top (no hand-off). {@link #increfAndClose} empties both counts and releases a
 * permit per queued thread: they wake, see the closed bit and fail. The operation that drops the last
 * reference of a closed mutex learns it from the return value and destroys the descriptor.
 *
 * <p>Reads (read, receive, accept) take {@code rwlock(true)}; writes (write, send, connect) take
 * {@code rwlock(false)}; everything else (options, deadlines, shutdown, addresses) takes
 * {@code incref}; close takes {@code increfAndClose}. A read and a write proceed concurrently.
 */
final class FdMutex {

    private static final long CLOSED = 1L;
    private static final long RLOCK = 1L << 1;
    private static final long WLOCK = 1L << 2;
    private static final long REF = 1L << 3;
    private static final long REF_MASK = ((1L << 20) - 1) << 3;
    private static final long RWAIT = 1L << 23;
    private static final long RMASK = ((1L << 20) - 1) << 23;
    private static final long WWAIT = 1L << 43;
    private static final long WMASK = ((1L << 20) - 1) << 43;

    static final String OVERFLOW = "too many concurrent operations on a single file or socket (max 1048575)";
    static final String INCONSISTENT = "inconsistent poll.fdMutex";

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(FdMutex.class, "state", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The packed word: a field with a {@code VarHandle}, not an {@code AtomicLong}, one object less per socket. */
    private volatile long state;
    private final Semaphore rsema = new Semaphore(0);
    private final Semaphore wsema = new Semaphore(0);

    /** Adds a reference; false when closed. */
    boolean incref() {
        for (;;) {
            long old = state;
            if ((old & CLOSED) != 0) {
                return false;
            }
            long next = old + REF;
            if ((next & REF_MASK) == 0) {
                throw new IllegalStateException(OVERFLOW);
            }
            if (STATE.compareAndSet(this, old, next)) {
                return true;
            }
        }
    }

    /**
     * Marks the mutex closed and adds a reference, waking every queued locker so that it fails.
     * False when it was already closed.
     */
    boolean increfAndClose() {
        for (;;) {
            long old = state;
            if ((old & CLOSED) != 0) {
                return false;
            }
            long next = (old | CLOSED) + REF;
            if ((next & REF_MASK) == 0) {
                throw new IllegalStateException(OVERFLOW);
            }
            next &= ~(RMASK | WMASK);
            if (STATE.compareAndSet(this, old, next)) {
                rsema.release((int) ((old & RMASK) / RWAIT));
                wsema.release((int) ((old & WMASK) / WWAIT));
                return true;
            }
        }
    }

    /** Drops a reference; true when that was the last one of a closed mutex (the caller destroys). */
    boolean decref() {
        for (;;) {
            long old = state;
            if ((old & REF_MASK) == 0) {
                throw new IllegalStateException(INCONSISTENT);
            }
            long next = old - REF;
            if (STATE.compareAndSet(this, old, next)) {
                return (next & (CLOSED | REF_MASK)) == CLOSED;
            }
        }
    }

    /**
     * Takes the read ({@code read == true}) or write lock plus a reference, queueing while another
     * thread holds it. False when the mutex is closed, before or while queued.
     *
     * @throws InterruptedException when the thread is interrupted while queued; it then holds nothing
     *                              and is no longer counted as queued
     */
    boolean rwlock(boolean read) throws InterruptedException {
        long bit = read ? RLOCK : WLOCK;
        long waitOne = read ? RWAIT : WWAIT;
        long waitMask = read ? RMASK : WMASK;
        Semaphore sema = read ? rsema : wsema;
        for (;;) {
            long old = state;
            if ((old & CLOSED) != 0) {
                return false;
            }
            long next;
            if ((old & bit) == 0) {
                next = (old | bit) + REF;
                if ((next & REF_MASK) == 0) {
                    throw new IllegalStateException(OVERFLOW);
                }
            } else {
                next = old + waitOne;
                if ((next & waitMask) == 0) {
                    throw new IllegalStateException(OVERFLOW);
                }
            }
            if (STATE.compareAndSet(this, old, next)) {
                if ((old & bit) == 0) {
                    return true;
                }
                try {
                    sema.acquire();
                } catch (InterruptedException e) {
                    leaveQueue(waitOne, waitMask, sema);
                    throw e;
                }
                // The releaser has already taken this thread off the queue count.
            }
        }
    }

    /**
     * Undoes this thread's place in a queue after an interrupt. Queued threads equal the queue count
     * plus the permits released but not yet taken. While the count is non-zero, taking one off it
     * keeps that balance. When it is zero, a releaser has already counted this thread out and a permit
     * for it is on its way or there: take it, so that no later locker finds a stray permit.
     */
    private void leaveQueue(long waitOne, long waitMask, Semaphore sema) {
        for (;;) {
            long old = state;
            if ((old & waitMask) == 0) {
                sema.acquireUninterruptibly();
                return;
            }
            if (STATE.compareAndSet(this, old, old - waitOne)) {
                return;
            }
        }
    }

    /**
     * Releases the read or write lock and its reference, waking one queued locker of that mode.
     * True when that was the last reference of a closed mutex (the caller destroys).
     */
    boolean rwunlock(boolean read) {
        long bit = read ? RLOCK : WLOCK;
        long waitOne = read ? RWAIT : WWAIT;
        long waitMask = read ? RMASK : WMASK;
        for (;;) {
            long old = state;
            if ((old & bit) == 0 || (old & REF_MASK) == 0) {
                throw new IllegalStateException(INCONSISTENT);
            }
            long next = (old & ~bit) - REF;
            if ((old & waitMask) != 0) {
                next -= waitOne;
            }
            if (STATE.compareAndSet(this, old, next)) {
                if ((old & waitMask) != 0) {
                    (read ? rsema : wsema).release();
                }
                return (next & (CLOSED | REF_MASK)) == CLOSED;
            }
        }
    }

    /** True once {@link #increfAndClose} succeeded. */
    boolean isClosed() {
        return (state & CLOSED) != 0;
    }
}
