// Mirrors Go's src/runtime/netpoll.go: pollDesc, netpollblock, netpollunblock, netpollcheckerr and
// the poll_runtime_poll* entry points.
package io.netpoll.runtime;

import io.netpoll.spi.Handle;
import io.netpoll.spi.Poller;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The poll descriptor of one registered handle: where a thread waits for the handle to become
 * readable or writable, and where the poller wakes it.
 *
 * <p><b>Slots.</b> Each mode (read, write) has one slot, moved only by atomic operations:
 * <pre>
 *   null    nothing happened and nobody waits
 *   READY   a readiness edge arrived while nobody waited; the next waiter consumes it and returns
 *   WAIT    a waiter is about to park
 *   Thread  that thread is parked
 * </pre>
 * A waiter ({@code block}) consumes READY, or moves null to WAIT, re-checks for close and deadline
 * (after WAIT is visible, because unblockers write those first and read the slot second), moves WAIT
 * to itself and parks until it is no longer in the slot. The poller ({@code ready}) moves null or WAIT
 * to READY and a parked thread to READY, unparking it. Close moves WAIT or a thread to null and
 * unparks. Because {@link LockSupport} permits are sticky, an unpark that lands before the park is
 * never lost. A second waiter in one mode finds WAIT or a thread: that is a bug in the caller ("double
 * wait"), reported with {@link IllegalStateException}. Only readiness is remembered in a slot; close
 * and timeouts live in their own fields and are checked before every attempt.
 *
 * <p><b>A short read ends the drain.</b> On an edge-triggered poller, a stream read that returned
 * fewer bytes than asked has emptied the socket (epoll(7)), so {@link #readShort} marks the read side
 * drained, and the next read waits for the next edge before its attempt instead of paying a read that
 * returns EAGAIN: {@link #prepare} keeps the slot, and the caller sees {@link #drained} and
 * {@linkplain #await awaits} first. No edge is lost: {@code prepare} empties the slot before the
 * attempt whose read came back short, and a drained {@code prepare} does not empty it again, so an edge
 * that arrives at any moment after that first emptying (before the short read returned, between it
 * and the park, or during the park) is in the slot as READY or wakes the parked thread. A READY that
 * stood for bytes the short read already took costs one read that returns EAGAIN, as without the rule.
 * The rule is off once an event said the peer hung up ({@link Poller#HANGUP}: end of stream or an error
 * follows with no further edge), and on level-triggered pollers, where a wait is armed and costs a
 * system call anyway. Every wait clears the mark, also one that ends in an error (deadline, close),
 * so the read after it tries first.
 *
 * <p><b>Deadlines</b> are instants of {@link #nanotime()}: 0 means none, a negative value means
 * expired, any other value expires when the clock reaches it (so "expired" is sticky until the
 * deadline is set again). The waiter enforces its own deadline with {@code parkNanos}: no timers. A
 * deadline moved earlier, or to the past, unparks the waiter, which re-reads it; a later or cleared
 * deadline needs no wakeup, since a waiter that wakes at the old instant re-reads it and parks again.
 *
 * <p><b>Errors</b> ({@link #checkErr}, Go's {@code netpollcheckerr}): closing beats an expired
 * deadline of the mode, which beats the sticky event error. The event error is set or cleared by each
 * event from the poller (set only when the kernel reported an error and nothing else) and reported on
 * reads only; a write finds the concrete error itself.
 *
 * <p><b>Tokens.</b> The poller knows a descriptor only by its 64-bit token, {@code slot << 32 | seq}
 * (see {@link PollCache}): an event carrying the token of a descriptor that has since been closed
 * finds no descriptor and is dropped.
 *
 * <p>Callers ({@link FD}, or a framework using a {@link PollServer} directly) serialize waiters per
 * mode, then for each operation: {@link #prepare}, try the non-blocking call, and on "would block"
 * {@link #await} and try again. Status codes are returned, not thrown, as Go's runtime returns them.
 */
public final class PollDesc {

    /** Go's {@code pollNoError}. */
    public static final int OK = 0;
    /** Go's {@code pollErrClosing}: the descriptor was {@linkplain #evict() evicted} (closed). */
    public static final int ERR_CLOSING = 1;
    /** Go's {@code pollErrTimeout}: the deadline of the mode expired. */
    public static final int ERR_TIMEOUT = 2;
    /** Go's {@code pollErrNotPollable}: the poller reported an error condition (reads only). */
    public static final int ERR_NOT_POLLABLE = 3;
    /** The waiting thread was interrupted (no Go counterpart); its interrupt status is still set. */
    public static final int ERR_INTERRUPTED = 4;

    private static final Object READY = new Marker("READY");
    private static final Object WAIT = new Marker("WAIT");

    private static final long ORIGIN = System.nanoTime() - 1;

    private static final VarHandle CLOSING;

    static {
        try {
            CLOSING = MethodHandles.lookup().findVarHandle(PollDesc.class, "closing", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final PollServer server;
    private final Handle handle;
    private final long token;

    /** Go's rg and rd. */
    private final Slot r = new Slot();
    /** Go's wg and wd. */
    private final Slot w = new Slot();
    private volatile boolean closing;
    private volatile boolean eventErr;
    /** An event said the peer hung up; sticky. */
    private volatile boolean hangup;
    /** The last read came back short (see the class comment); touched only by the serialized readers. */
    private boolean drained;

    PollDesc(PollServer server, Handle handle, long token) {
        this.server = server;
        this.handle = handle;
        this.token = token;
    }

    /**
     * The runtime's monotonic clock, in nanoseconds: always positive, so that deadlines can use 0 for
     * "none" and negative values for "expired" as Go's do.
     */
    static long nanotime() {
        return System.nanoTime() - ORIGIN;
    }

    /**
     * The token the handle is registered with in the poller.
     *
     * @return the token
     */
    public long token() {
        return token;
    }

    /**
     * The handle this descriptor watches.
     *
     * @return the handle
     */
    public Handle handle() {
        return handle;
    }

    /**
     * The server whose poller this descriptor is registered with.
     *
     * @return the server
     */
    public PollServer server() {
        return server;
    }

    /**
     * Before an attempt in {@code mode} ({@code poll_runtime_pollReset}): returns the error that
     * forbids it, or {@link #OK} after discarding a stale readiness, which the attempt itself will
     * observe. After a {@link #readShort}, readiness is kept for the wait that comes first.
     *
     * @param mode which readiness: read or write
     * @return {@link #OK}, or the error that forbids the attempt
     */
    public int prepare(int mode) {
        int err = checkErr(mode);
        if (err == OK && !(mode == Poller.READ && drained)) {
            slot(mode).waiter = null;
        }
        return err;
    }

    /**
     * True after a {@link #readShort}: the caller {@linkplain #await waits} before its read attempt.
     * The wait clears it.
     *
     * @return true when the next read waits first
     */
    public boolean drained() {
        return drained;
    }

    /**
     * After a stream read that returned fewer bytes than asked: on an edge-triggered poller, unless
     * the peer hung up, the next read waits for the next edge first (see the class comment).
     */
    public void readShort() {
        if (!hangup && server.edgeTriggered()) {
            drained = true;
        }
    }

    /**
     * After an attempt would block ({@code poll_runtime_pollWait}): parks until the handle is ready in
     * {@code mode} ({@link #OK}) or the descriptor is closed, the deadline expires or the thread is
     * interrupted (the code says which). A wakeup whose cause went away (a deadline moved earlier,
     * then later) parks again.
     *
     * @throws IOException when the poller cannot be asked for the notification or has failed
     * @throws IllegalStateException when another thread already waits in this mode
     * @param mode which readiness: read or write
     * @return {@link #OK} when ready, or the error that ended the wait
     */
    public int await(int mode) throws IOException {
        if (mode == Poller.READ) {
            drained = false;
        }
        int err = checkErr(mode);
        if (err != OK) {
            return err;
        }
        server.arm(this, mode);
        while (!block(mode)) {
            if (Thread.currentThread().isInterrupted()) {
                return ERR_INTERRUPTED;
            }
            server.checkAlive();
            err = checkErr(mode);
            if (err != OK) {
                return err;
            }
        }
        return OK;
    }

    /**
     * Sets the deadline of {@link Poller#READ}, {@link Poller#WRITE} or both
     * ({@code poll_runtime_pollSetDeadline}), relative to now: 0 clears it, a negative value expires it
     * at once, a positive one is added to the clock (saturating). Takes effect at once for a thread
     * already waiting. No effect once the descriptor is closing.
     *
     * @param nanos nanoseconds
     * @param mode which readiness: read or write
     */
    public void setDeadline(long nanos, int mode) {
        if ((mode & ~(Poller.READ | Poller.WRITE)) != 0 || mode == 0) {
            throw new IllegalArgumentException("bad poll mode " + mode);
        }
        if (closing) {
            return;
        }
        long d;
        if (nanos == 0) {
            d = 0;
        } else if (nanos < 0) {
            d = -1;
        } else {
            long now = nanotime();
            d = now + nanos;
            if (d < now) {
                d = Long.MAX_VALUE;
            }
        }
        if ((mode & Poller.READ) != 0) {
            r.moveDeadline(d);
        }
        if ((mode & Poller.WRITE) != 0) {
            w.moveDeadline(d);
        }
    }

    /**
     * Marks the descriptor closing and wakes both waiters, which return {@link #ERR_CLOSING}
     * ({@code poll_runtime_pollUnblock}). Every later {@link #prepare} and {@link #await} fails.
     *
     * @throws IllegalStateException when already evicted
     */
    public void evict() {
        if (!CLOSING.compareAndSet(this, false, true)) {
            throw new IllegalStateException("netpoll: unblock on closing polldesc");
        }
        LockSupport.unpark(r.unblock(false));
        LockSupport.unpark(w.unblock(false));
    }

    /**
     * Deregisters the handle from the poller and frees the descriptor ({@code poll_runtime_pollClose}),
     * before the handle itself is closed. The descriptor must have been evicted, with no thread left
     * waiting.
     *
     * @throws IOException when the poller fails to deregister the handle
     */
    public void close() throws IOException {
        if (!closing) {
            throw new IllegalStateException("netpoll: close polldesc w/o unblock");
        }
        if (r.waiter instanceof Thread || w.waiter instanceof Thread) {
            throw new IllegalStateException("netpoll: blocked read or write on closing polldesc");
        }
        server.release(this);
    }

    /** Go's {@code netpollcheckerr}: closing, then this mode's expired deadline, then the event error. */
    int checkErr(int mode) {
        if (closing) {
            return ERR_CLOSING;
        }
        long d = slot(mode).deadline;
        if (d != 0 && (d < 0 || nanotime() >= d)) {
            return ERR_TIMEOUT;
        }
        if (mode == Poller.READ && eventErr) {
            return ERR_NOT_POLLABLE;
        }
        return OK;
    }

    /** Go's {@code netpollready}: the poller saw {@code mode} (one or both bits) become ready. */
    void ready(int mode) {
        if ((mode & Poller.HANGUP) != 0 && !hangup) {
            hangup = true;
        }
        if ((mode & Poller.READ) != 0) {
            LockSupport.unpark(r.unblock(true));
        }
        if ((mode & Poller.WRITE) != 0) {
            LockSupport.unpark(w.unblock(true));
        }
    }

    /** Go's {@code setEventErr}: every event sets or clears it; the caller has matched the token. */
    void setEventErr(boolean error) {
        if (eventErr != error) {
            eventErr = error;
        }
    }

    /** How many threads are parked here (or about to park): 0, 1 or 2. */
    int waiting() {
        return (r.waiter instanceof Thread ? 1 : 0) + (w.waiter instanceof Thread ? 1 : 0);
    }

    /** Unparks parked waiters without changing their slots, so that they re-check the server's state. */
    void nudge() {
        if (r.waiter instanceof Thread t) {
            LockSupport.unpark(t);
        }
        if (w.waiter instanceof Thread t) {
            LockSupport.unpark(t);
        }
    }

    /**
     * Go's {@code netpollblock}: true when readiness was consumed, false when the thread gave up for
     * another reason, which the caller finds with {@link #checkErr} or the interrupt status.
     */
    private boolean block(int mode) {
        Slot slot = slot(mode);
        for (;;) {
            Object old = slot.waiter;
            if (old == READY) {
                if (slot.cas(READY, null)) {
                    return true;
                }
            } else if (old == null) {
                if (slot.cas(null, WAIT)) {
                    break;
                }
            } else {
                throw new IllegalStateException("netpoll: double wait");
            }
        }
        Thread me = Thread.currentThread();
        if (checkErr(mode) == OK && !me.isInterrupted() && server.alive() && slot.cas(WAIT, me)) {
            park(slot, me);
        }
        Object old = slot.take();
        if (old != null && old != READY && old != WAIT && old != me) {
            throw new IllegalStateException("netpoll: corrupted polldesc");
        }
        return old == READY;
    }

    /**
     * Parks while this thread is still in the slot and no reason to give up has appeared. The
     * deadline is read after the thread became visible in the slot, so a setter either sees the
     * thread (and unparks it) or this loop sees the new deadline.
     */
    private void park(Slot slot, Thread me) {
        while (slot.waiter == me && !closing && !me.isInterrupted() && server.alive()) {
            long d = slot.deadline;
            if (d == 0) {
                LockSupport.park(this);
            } else {
                long left = d - nanotime();
                if (d < 0 || left <= 0) {
                    return;
                }
                LockSupport.parkNanos(this, left);
            }
        }
    }

    private Slot slot(int mode) {
        if (mode == Poller.READ) {
            return r;
        }
        if (mode == Poller.WRITE) {
            return w;
        }
        throw new IllegalArgumentException("bad poll mode " + mode);
    }

    @Override
    public String toString() {
        return "PollDesc[token=" + Long.toHexString(token) + ", handle=" + handle + (closing ? ", closing]" : "]");
    }

    /**
     * One mode's half of the descriptor: the waiter slot (null, READY, WAIT or the parked thread) and
     * the deadline. Each field is reached through its own constant VarHandle, which the JIT compiles
     * to plain atomic instructions.
     */
    private static final class Slot {
        private static final VarHandle WAITER;
        private static final VarHandle DEADLINE;

        static {
            try {
                MethodHandles.Lookup l = MethodHandles.lookup();
                WAITER = l.findVarHandle(Slot.class, "waiter", Object.class);
                DEADLINE = l.findVarHandle(Slot.class, "deadline", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        volatile Object waiter;
        volatile long deadline;

        boolean cas(Object expected, Object value) {
            return WAITER.compareAndSet(this, expected, value);
        }

        Object take() {
            return WAITER.getAndSet(this, null);
        }

        /** Sets the deadline; a parked waiter is woken when the deadline moved earlier. */
        void moveDeadline(long d) {
            long old = (long) DEADLINE.getAndSet(this, d);
            if (sortKey(d) < sortKey(old) && waiter instanceof Thread t) {
                LockSupport.unpark(t);
            }
        }

        /** Orders deadlines by when they expire: expired first, none last. */
        private static long sortKey(long d) {
            return d == 0 ? Long.MAX_VALUE : d < 0 ? Long.MIN_VALUE : d;
        }

        /**
         * Go's {@code netpollunblock}. Readiness ({@code ioready}) is remembered as READY; anything else
         * just empties the slot. Returns the parked thread taken out of the slot, for the caller to
         * unpark, or null.
         */
        Thread unblock(boolean ioready) {
            for (;;) {
                Object old = waiter;
                if (old == READY || (old == null && !ioready)) {
                    return null;
                }
                if (cas(old, ioready ? READY : null)) {
                    return old instanceof Thread t ? t : null;
                }
            }
        }
    }

    private record Marker(String name) {
        @Override
        public String toString() {
            return name;
        }
    }
}
