// Mirrors Go's level-triggered netpoll ports (src/runtime/netpoll_solaris.go, netpoll_aix.go): netpollarm.
package io.netpoll.nio;

import io.netpoll.spi.EventSink;
import io.netpoll.spi.Handle;
import io.netpoll.spi.Poller;

import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A {@link Selector} as Go's netpoller. A Selector is level-triggered, so it works the way Go's
 * Solaris and AIX ports do: a waiter arms the mode it waits for, and the poller clears that interest
 * when it reports it — one notification per arm. A spurious notification costs only a retried
 * syscall that says "would block" again, after which the waiter arms again.
 *
 * <pre>
 *   register(handle, token)  remember token &lt;-&gt; handle. A stream handle's channel can still change
 *                            (listen replaces it), so the SelectionKey is made by the first arm.
 *   arm(token, mode)         interestOps |= the mode's ops; if that added any, wakeup(), because a
 *                            select already in progress keeps the interest set it started with.
 *   poll(timeout, sink)      select; for each ready key: interestOps &amp;= ~the ready mode's ops, then
 *                            sink.ready(token, mode). Clearing before delivering matters: a waiter
 *                            that is woken, finds nothing and arms again must not have its new arm
 *                            cleared by the delivery that woke it.
 *   wakeup()                 selector.wakeup() unless one is already pending; poll clears the flag
 *                            after select returns, so every wakeup() is followed by a return of poll.
 *   deregister(handle)       cancel the key, then wait for a flush: a selectNow that began after the
 *                            cancel, which drops the key from the selector. Only then does closing
 *                            the channel release its descriptor at once: the JDK keeps the descriptor
 *                            of a channel whose key is still in a selector until that selector's next
 *                            select, and a listener's port with it. The polling thread flushes for
 *                            the waiters it sees before and after each select (a waiter wakes it);
 *                            when no poll is running, the waiter flushes itself.
 * </pre>
 *
 * <p>Interest changes from other threads are safe since JDK 11: they are queued and applied by the
 * next select. Selects run only while holding {@link #selecting}: in {@link #poll} and in a flush.
 *
 * <p>Events never carry the error flag: the JDK folds an error or hang-up into readiness of every
 * armed mode, and the retried syscall then reports the error itself. A thread interrupted while it
 * polls returns at once, as from a wakeup, and keeps its interrupt status (the Selector's rule).
 */
final class NioPoller implements Poller {

    /** What one registered handle is to this poller. */
    private static final class Registration {
        final NioHandle handle;
        final long token;
        /** Guards making the key, which two threads arming at once must not both do. */
        final ReentrantLock lock = new ReentrantLock();
        /** The key of the handle's current channel; null until the first arm. */
        volatile SelectionKey key;
        boolean deregistered;

        Registration(NioHandle handle, long token) {
            this.handle = handle;
            this.token = token;
        }
    }

    private static final int READ_OPS = SelectionKey.OP_READ | SelectionKey.OP_ACCEPT;
    private static final int WRITE_OPS = SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT;
    private static final Consumer<SelectionKey> IGNORE = key -> { };
    /** How often a thread waiting for a flush checks whether the polling thread stopped polling. */
    private static final long FLUSH_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final Selector selector;
    private final Map<Long, Registration> byToken = new ConcurrentHashMap<>();
    private final Map<NioHandle, Registration> byHandle = new ConcurrentHashMap<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    /** Held while selecting, by poll or by a flush. */
    private final ReentrantLock selecting = new ReentrantLock();
    /** Threads in deregister waiting for a flush. */
    private final AtomicInteger flushWaiters = new AtomicInteger();
    /** Flushes begun and finished, by number; written only while holding {@link #selecting}. */
    private volatile long flushesBegun;
    private volatile long flushesDone;
    private final ReentrantLock flushLock = new ReentrantLock();
    private final Condition flushed = flushLock.newCondition();
    /** The delivery callback, made once so that a poll allocates nothing. */
    private final Consumer<SelectionKey> onReady = this::deliver;
    /** The sink of the poll in progress and its count, touched only while holding {@link #selecting}. */
    private EventSink sink;
    private int delivered;

    private NioPoller(Selector selector) {
        this.selector = selector;
    }

    static NioPoller open() throws IOException {
        try {
            return new NioPoller(Selector.open());
        } catch (IOException e) {
            throw NioErrors.syscallError("selector", e);
        }
    }

    @Override
    public void register(Handle handle, long token) throws IOException {
        NioHandle h = NioSockets.nio(handle);
        if (!selector.isOpen()) {
            throw NioErrors.syscallError("register", new ClosedSelectorException());
        }
        Registration r = new Registration(h, token);
        if (byToken.putIfAbsent(token, r) != null) {
            throw new IllegalArgumentException("token " + token + " is already registered");
        }
        if (byHandle.putIfAbsent(h, r) != null) {
            byToken.remove(token, r);
            throw new IllegalArgumentException(h + " is already registered");
        }
    }

    @Override
    public void deregister(Handle handle) throws IOException {
        Registration r = byHandle.remove(NioSockets.nio(handle));
        if (r == null) {
            return;
        }
        byToken.remove(r.token, r);
        SelectionKey key;
        r.lock.lock();
        try {
            r.deregistered = true;
            key = r.key;
        } finally {
            r.lock.unlock();
        }
        if (key != null) {
            key.cancel();
            flushCancelledKeys();
        }
    }

    @Override
    public boolean needsArm() {
        return true;
    }

    @Override
    public void arm(long token, int mode) throws IOException {
        Registration r = byToken.get(token);
        if (r == null) {
            throw new IllegalArgumentException("no handle is registered with token " + token);
        }
        SelectableChannel ch = r.handle.channel();
        SelectionKey key = r.key;
        if (key == null || key.channel() != ch) {
            key = newKey(r, ch);
        }
        int ops = key.channel().validOps()
                & (((mode & READ) != 0 ? READ_OPS : 0) | ((mode & WRITE) != 0 ? WRITE_OPS : 0));
        if (ops == 0) {
            return; // WRITE on a listener: never ready, as with epoll
        }
        int old;
        try {
            old = key.interestOpsOr(ops);
        } catch (CancelledKeyException e) {
            throw NioErrors.syscallError("register", new ClosedChannelException());
        }
        if ((old & ops) != ops) {
            wakeup();
        }
    }

    private SelectionKey newKey(Registration r, SelectableChannel ch) throws IOException {
        r.lock.lock();
        try {
            if (r.deregistered) {
                throw new IllegalStateException(r.handle + " was deregistered");
            }
            SelectionKey key = r.key;
            if (key == null || key.channel() != ch) {
                key = ch.register(selector, 0, r);
                r.key = key;
            }
            return key;
        } catch (IOException | CancelledKeyException | ClosedSelectorException e) {
            throw NioErrors.syscallError("register", e);
        } finally {
            r.lock.unlock();
        }
    }

    @Override
    public int poll(long timeoutNanos, EventSink sink) throws IOException {
        selecting.lock();
        try {
            flushIfWaited();
            this.sink = sink;
            delivered = 0;
            if (timeoutNanos < 0) {
                selector.select(onReady);
            } else if (timeoutNanos == 0) {
                selector.selectNow(onReady);
            } else {
                selector.select(onReady, Math.ceilDiv(timeoutNanos, 1_000_000L));
            }
            wakeupPending.set(false);
            flushIfWaited();
            return delivered;
        } catch (IOException | ClosedSelectorException e) {
            throw NioErrors.syscallError("select", e);
        } finally {
            this.sink = null;
            selecting.unlock();
        }
    }

    private void deliver(SelectionKey key) {
        try {
            int ready = key.readyOps();
            int mode = 0;
            int clear = 0;
            if ((ready & READ_OPS) != 0) {
                mode |= READ;
                clear |= READ_OPS;
            }
            if ((ready & WRITE_OPS) != 0) {
                mode |= WRITE;
                clear |= WRITE_OPS;
            }
            if (mode == 0) {
                return;
            }
            key.interestOpsAnd(~clear);
            sink.ready(((Registration) key.attachment()).token, mode, false);
            delivered++;
        } catch (CancelledKeyException e) {
            // deregistered while this select ran: its handle is closing and wants no events
        }
    }

    /**
     * Waits until a flush that began after the caller's cancel has finished; does it itself when it
     * can take {@link #selecting} (no poll running). Called from inside {@link #poll} (a sink
     * deregistering) it returns at once and leaves the key to the next select: a select cannot run
     * inside another.
     */
    private void flushCancelledKeys() throws IOException {
        if (selecting.isHeldByCurrentThread()) {
            return;
        }
        boolean interrupted = false;
        flushWaiters.incrementAndGet();
        try {
            long after = flushesBegun; // any flush numbered above this began after the cancel
            while (flushesDone <= after) {
                if (selecting.tryLock()) {
                    try {
                        flush();
                    } finally {
                        selecting.unlock();
                    }
                    return;
                }
                wakeup(); // the polling thread flushes when its select returns
                flushLock.lock();
                try {
                    if (flushesDone <= after) {
                        flushed.awaitNanos(FLUSH_RECHECK_NANOS);
                    }
                } catch (InterruptedException e) {
                    interrupted = true; // a close must finish; the status is restored below
                } finally {
                    flushLock.unlock();
                }
            }
        } finally {
            flushWaiters.decrementAndGet();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** In poll, before and after its select: flushes for the threads waiting in deregister. */
    private void flushIfWaited() throws IOException {
        if (flushWaiters.get() > 0) {
            flush();
        }
    }

    /** A selectNow that drops every cancelled key; the caller holds {@link #selecting}. */
    private void flush() throws IOException {
        long n = flushesBegun + 1;
        flushesBegun = n;
        try {
            selector.selectNow(IGNORE);
            // That select may have consumed a wakeup meant for poll: pass it on.
            if (wakeupPending.get()) {
                selector.wakeup();
            }
        } catch (ClosedSelectorException e) {
            // closing the selector dropped every key
        }
        flushesDone = n;
        flushLock.lock();
        try {
            flushed.signalAll();
        } finally {
            flushLock.unlock();
        }
    }

    @Override
    public void wakeup() {
        if (!wakeupPending.get() && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            selector.close();
        } catch (IOException e) {
            throw NioErrors.syscallError("close", e);
        }
        byToken.clear();
        byHandle.clear();
    }
}
