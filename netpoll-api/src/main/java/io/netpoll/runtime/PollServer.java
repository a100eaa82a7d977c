// Mirrors the provider-independent half of Go's src/runtime/netpoll.go: netpollGenericInit,
// poll_runtime_pollOpen/pollClose, netpollready, netpollWaiters, and the scheduler's call to netpoll.
package io.netpoll.runtime;

import io.netpoll.spi.EventSink;
import io.netpoll.spi.Handle;
import io.netpoll.spi.NetpollProvider;
import io.netpoll.spi.Poller;

import java.io.Closeable;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One provider's pollers and the threads that drive them: handles are registered here, and
 * readiness found by the pollers wakes the threads parked on their {@link PollDesc}s.
 *
 * <p>The pollers are opened, and their loops started, by the first {@link #open}, all or nothing
 * (Go's {@code netpollGenericInit}): a server whose poller or thread cannot start publishes nothing,
 * and the next {@link #open} tries again. Deadlines are enforced by the waiting threads themselves,
 * and pollers that need arming are armed by the waiter, so nothing else needs a loop to wake up. If a
 * poller ever fails, every waiter and every later {@link #open} gets an {@link IOException} with the
 * cause, rather than waiting forever.
 *
 * <p><b>Modes</b> ({@code -Dnetpoll.pollerMode}, read when a server is made):
 * <pre>
 *   vthread   (the default, where the provider's pollers are {@linkplain Poller#nestable() nestable};
 *             the JDK's VTHREAD_POLLERS shape) sub-pollers are virtual threads, each with its own
 *             poller; a handle is registered in one of them (by its slot), once. A sub-poller polls
 *             without waiting and readies what it found from its carrier, so the woken threads go to
 *             that carrier's local queue instead of the scheduler's shared one; then it yields. After
 *             {@link #SPINS} empty polls in a row it parks. The master, one daemon platform thread
 *             named netpoll-NAME-poller, has each sub-poller nested in its own poller, registered once,
 *             edge-triggered, so parking costs no system call. It polls only while some sub-poller is
 *             parked, and only unparks sub-pollers; while none is parked it sleeps, so the edges that
 *             running sub-pollers raise with every event wake nobody. A sub-poller about to park
 *             takes those stale edges first (while it still counts as running, so they are ignored),
 *             then wakes a sleeping master. Since a virtual thread is never preempted, a carrier kept
 *             busy by CPU-bound virtual threads could hold a runnable sub-poller back for ever: while
 *             any sub-poller is not parked the master wakes at least every {@link #BACKSTOP_NANOS}
 *             and polls itself, from its platform thread, for a sub-poller that has not polled for
 *             that long. Readiness is thus delivered within about twice that bound whatever the
 *             carriers do (to a platform thread at once; a virtual one still needs a free carrier).
 *   platform  one daemon platform thread named netpoll-NAME-poller polls with no timeout and readies
 *             every event itself (a native wait on a virtual thread would pin its carrier). The mode of
 *             providers whose pollers cannot be nested (nio).
 * </pre>
 * Sub-poller states, moved by the sub-poller and, for PARKED to RUNNING only, by the master:
 * <pre>
 *   RUNNING  polling, yielding between polls, or unparked and about to run
 *   PARKED   published before one last poll, then parked: the master unparks it on the next edge of
 *            its poller. An edge after that last poll reaches the master after PARKED is visible; an
 *            event before it is found by the poll. So none is lost. The master is watching by
 *            then: a sub-poller reads masterSleeps after publishing PARKED and wakes a sleeping
 *            master, and the master reads the states after publishing masterSleeps, so one of
 *            the two sees the other.
 * </pre>
 *
 * <p>{@link #of} gives the process-wide server of a provider, which net-core uses and which is never
 * closed. {@link #create} gives a private one, with its own pollers and threads, for a framework that
 * wants no shared state; {@link #close} stops it once its descriptors are closed.
 */
public final class PollServer implements Closeable {

    /** The system property that selects the mode: {@value}={@code vthread} or {@code platform}. */
    static final String MODE_PROPERTY = "netpoll.pollerMode";
    /** Sub-pollers per server in vthread mode ({@code -Dnetpoll.subPollers}, default 1). */
    static final int SUB_POLLERS = Math.max(1, Integer.getInteger("netpoll.subPollers", 1));
    /**
     * Empty polls in a row after which a sub-poller parks ({@code -Dnetpoll.pollerSpins}, default 1: at
     * the first, as the JDK's own sub-pollers do). More would be Go's spinning Ms, but here each empty
     * poll is followed by a {@code Thread.yield()} with nothing queued behind it, which the JDK's
     * scheduler turns into an external submission that wakes another carrier: measured in the peer
     * harness, 8 spins cost more CPU per round trip than 1 in 12 of 15 paired rounds.
     */
    static final int SPINS = Math.max(1, Integer.getInteger("netpoll.pollerSpins", 1));
    /** How long a sub-poller that is not parked may go without polling before the master polls for it. */
    static final long BACKSTOP_NANOS = 10_000_000L;

    private static final ConcurrentHashMap<NetpollProvider, PollServer> SHARED = new ConcurrentHashMap<>();

    private final NetpollProvider provider;
    private final boolean shared;
    private final boolean vthreads;
    private final ThreadFactory platformThreads;
    private final PollCache cache = new PollCache();
    private final EventSink sink = this::netpollready;
    private final ReentrantLock startLock = new ReentrantLock();
    /** Published only once every poller is open and every thread running. */
    private volatile Loops loops;
    private volatile boolean needsArm;
    private volatile Throwable failure;
    private volatile boolean closed;

    private PollServer(NetpollProvider provider, boolean shared, ThreadFactory platformThreads) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.shared = shared;
        this.vthreads = vthreadMode();
        this.platformThreads = platformThreads;
    }

    /**
     * The shared server of {@code provider}, created on first use; its poller starts with the first {@link #open}.
     *
     * @param provider the provider to use
     * @return the shared server
     */
    public static PollServer of(NetpollProvider provider) {
        return SHARED.computeIfAbsent(Objects.requireNonNull(provider, "provider"),
                p -> new PollServer(p, true, Thread.ofPlatform().factory()));
    }

    /**
     * A private server with its own pollers and threads (started by the first {@link #open}); close it when done.
     *
     * @param provider the provider to use
     * @return a new server
     */
    public static PollServer create(NetpollProvider provider) {
        return create(provider, Thread.ofPlatform().factory());
    }

    /** A private server whose platform thread comes from {@code platformThreads} (tests make it fail). */
    static PollServer create(NetpollProvider provider, ThreadFactory platformThreads) {
        return new PollServer(provider, false, platformThreads);
    }

    private static boolean vthreadMode() {
        String mode = System.getProperty(MODE_PROPERTY, "vthread");
        return switch (mode) {
            case "vthread" -> true;
            case "platform" -> false;
            default -> throw new IllegalArgumentException("-D" + MODE_PROPERTY + "=" + mode
                    + ": the poller mode is vthread or platform");
        };
    }

    /**
     * The provider whose poller and sockets this server uses.
     *
     * @return the provider
     */
    public NetpollProvider provider() {
        return provider;
    }

    /**
     * How many threads are parked on this server's descriptors now (Go's {@code netpollWaiters}).
     * Counted when asked, from the descriptors' slots, so that waiting costs nothing extra.
     *
     * @return the number of parked threads
     */
    public int waiters() {
        int[] n = new int[1];
        cache.forEach(pd -> n[0] += pd.waiting());
        return n[0];
    }

    /**
     * Registers {@code handle}, which must come from this server's provider, and returns its
     * descriptor ({@code poll_runtime_pollOpen}). On failure nothing stays registered; the handle is
     * the caller's to close.
     *
     * @throws IllegalStateException when this server is closed
     * @param handle the socket
     * @return the descriptor
     * @throws IOException when the poller cannot be opened or started, or fails to register the handle
     */
    public PollDesc open(Handle handle) throws IOException {
        Objects.requireNonNull(handle, "handle");
        Loops l = started();
        PollDesc pd = cache.alloc(this, handle);
        try {
            l.pollerOf(pd).register(handle, pd.token());
        } catch (Throwable t) {
            cache.free(pd);
            throw t;
        }
        return pd;
    }

    /**
     * Stops a private server: its loops end and its pollers are closed. Idempotent.
     *
     * @throws IllegalStateException when descriptors are still open (close their FDs first)
     * @throws UnsupportedOperationException for the shared server of {@link #of}, which lives as long
     *                                       as the process
     */
    @Override
    public void close() throws IOException {
        if (shared) {
            throw new UnsupportedOperationException("the shared poll server of provider " + provider.name()
                    + " is never closed");
        }
        Loops l;
        startLock.lock();
        try {
            if (closed) {
                return;
            }
            cache.shutdown();
            closed = true;
            l = loops;
        } finally {
            startLock.unlock();
        }
        if (l != null) {
            l.stop();
        }
    }

    /** Opens the pollers and starts the loops once ({@code netpollGenericInit}), all or nothing. */
    private Loops started() throws IOException {
        Loops l = loops;
        if (l != null) {
            checkAlive();
            return l;
        }
        startLock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("poll server of provider " + provider.name() + " is closed");
            }
            if (loops == null) {
                loops = start();
            }
            return loops;
        } finally {
            startLock.unlock();
        }
    }

    private Loops start() throws IOException {
        Poller first = provider.openPoller();
        Loops l = new Loops(first);
        try {
            String name = "netpoll-" + provider.name() + "-poller";
            if (vthreads && first.nestable()) {
                for (int i = 0; i < SUB_POLLERS; i++) {
                    l.subs[i] = new SubPoller(provider.openPoller());
                    first.nest(l.subs[i].poller, i);
                }
                l.masterThread = platform(name, () -> master(l));
                l.start(l.masterThread);
                for (int i = 0; i < SUB_POLLERS; i++) {
                    SubPoller s = l.subs[i];
                    s.thread = Thread.ofVirtual().name(name + "-" + i).unstarted(() -> subPoll(l, s));
                    l.start(s.thread);
                }
            } else {
                l.start(platform(name, () -> run(l, first)));
            }
        } catch (IOException e) {
            l.stop();
            throw e;
        } catch (Throwable t) {
            l.stop();
            throw new IOException("netpoll: cannot start the " + provider.name() + " poller: " + t, t);
        }
        needsArm = first.needsArm();
        return l;
    }

    private Thread platform(String name, Runnable loop) {
        Thread t = platformThreads.newThread(loop);
        t.setName(name);
        t.setDaemon(true);
        return t;
    }

    /** Whether the loops of {@code l} should go on. */
    private boolean live(Loops l) {
        return !l.stopped && failure == null;
    }

    /** The platform mode's loop. */
    private void run(Loops l, Poller p) {
        try {
            while (live(l)) {
                p.poll(-1, sink);
            }
        } catch (Throwable t) {
            fail(l, t);
        }
    }

    /** The master of vthread mode: unparks parked sub-pollers that have events, and backs up starved ones. */
    private void master(Loops l) {
        try {
            while (live(l)) {
                if (l.any(SubPoller.PARKED)) {
                    l.pollMaster(l.any(SubPoller.RUNNING) ? BACKSTOP_NANOS : -1);
                } else {
                    l.masterSleeps = true;
                    if (!l.any(SubPoller.PARKED) && live(l)) {
                        LockSupport.parkNanos(l, BACKSTOP_NANOS);
                    }
                    l.masterSleeps = false;
                }
                if (l.any(SubPoller.RUNNING)) {
                    l.backstop(sink);
                }
            }
        } catch (Throwable t) {
            fail(l, t);
        }
    }

    /** A sub-poller's loop, on a virtual thread. */
    private void subPoll(Loops l, SubPoller s) {
        try {
            int empty = 0;
            while (live(l)) {
                if (s.poll(sink) != 0 || ++empty < SPINS) {
                    Thread.yield();
                    continue;
                }
                empty = 0;
                l.drainEdges();
                s.state = SubPoller.PARKED;
                if (s.poll(sink) == 0 && live(l)) {
                    if (l.masterSleeps) {
                        LockSupport.unpark(l.masterThread);
                    }
                    LockSupport.park(s);
                }
                s.state = SubPoller.RUNNING;
            }
        } catch (Throwable t) {
            fail(l, t);
        }
    }

    /** A poller failed: the other loops stop, every waiter wakes and finds the failure. */
    private void fail(Loops l, Throwable t) {
        if (l.stopped) {
            return; // a poller closed under a stopping loop
        }
        synchronized (this) {
            if (failure == null) {
                failure = t;
            }
        }
        l.wakeAll();
        cache.forEach(PollDesc::nudge);
        if (t instanceof Error e) {
            throw e;
        }
    }

    /** Go's {@code netpollready} for one event, with the token check of its tagged pointers. */
    private void netpollready(long token, int mode, boolean error) {
        PollDesc pd = cache.lookup(token);
        if (pd != null) {
            pd.setEventErr(error);
            pd.ready(mode);
        }
    }

    /** Go's {@code netpollarm}, for level-triggered pollers only. */
    void arm(PollDesc pd, int mode) throws IOException {
        if (needsArm) {
            loops.pollerOf(pd).arm(pd.token(), mode);
        }
    }

    /** Deregisters and frees a closing descriptor ({@code poll_runtime_pollClose}). */
    void release(PollDesc pd) throws IOException {
        try {
            loops.pollerOf(pd).deregister(pd.handle());
        } finally {
            cache.free(pd);
        }
    }

    /** Whether the pollers are edge-triggered (they need no {@link Poller#arm}); known once started. */
    boolean edgeTriggered() {
        return !needsArm;
    }

    boolean alive() {
        return failure == null;
    }

    /** Throws the poller's failure, if it failed. */
    void checkAlive() throws IOException {
        Throwable f = failure;
        if (f != null) {
            throw new IOException("netpoll: the " + provider.name() + " poller failed: " + f, f);
        }
    }

    /** How many descriptors are open here. */
    int descriptors() {
        return cache.open();
    }

    /** Whether the pollers run in vthread mode (for tests). */
    boolean subPolled() {
        Loops l = loops;
        return l != null && l.subs.length > 0;
    }

    @Override
    public String toString() {
        return "PollServer[" + provider.name() + (shared ? ", shared" : ", private") + (closed ? ", closed]" : "]");
    }

    /** The pollers and threads of one start. */
    private final class Loops {
        /** The platform mode's only poller, or vthread mode's master. */
        final Poller poller;
        /** Empty in platform mode. */
        final SubPoller[] subs;
        final List<Thread> threads = new ArrayList<>();
        /** Delivers the master's edges: a parked sub-poller runs again. */
        final EventSink edges;
        /** Held by whoever polls the master's poller: the master thread, or a sub-poller draining it. */
        final ReentrantLock masterPolling = new ReentrantLock();
        volatile Thread masterThread;
        /** The master sleeps (no sub-poller is parked, so it has nothing to watch) rather than polling. */
        volatile boolean masterSleeps;
        volatile boolean stopped;

        Loops(Poller poller) {
            this.poller = poller;
            this.subs = vthreads && poller.nestable() ? new SubPoller[SUB_POLLERS] : new SubPoller[0];
            this.edges = (token, mode, error) -> subs[(int) token].notifyEvents();
        }

        void start(Thread t) {
            t.start();
            threads.add(t);
        }

        /** The poller where {@code pd}'s handle is registered: spread over the sub-pollers by slot. */
        Poller pollerOf(PollDesc pd) {
            SubPoller[] s = subs;
            return s.length == 0 ? poller : s[(int) ((pd.token() >>> 32) % s.length)].poller;
        }

        /** Whether some sub-poller is in {@code state}. */
        boolean any(int state) {
            for (SubPoller s : subs) {
                if (s.state == state) {
                    return true;
                }
            }
            return false;
        }

        /** The master thread's wait for edges. */
        void pollMaster(long timeoutNanos) throws IOException {
            masterPolling.lock();
            try {
                poller.poll(timeoutNanos, edges);
            } finally {
                masterPolling.unlock();
            }
        }

        /**
         * Called by a sub-poller about to park, while it is still RUNNING: takes the edges that its
         * own events raised while it ran (and the master slept), so that they do not wake it at once.
         * An edge for a parked sub-poller unparks it, as the master would. Skipped when the master is
         * polling: then no edge waits unread.
         */
        void drainEdges() throws IOException {
            if (masterPolling.tryLock()) {
                try {
                    poller.poll(0, edges);
                } finally {
                    masterPolling.unlock();
                }
            }
        }

        /** Polls, from the master, for each sub-poller that is not parked and has not polled for a while. */
        void backstop(EventSink sink) throws IOException {
            long now = System.nanoTime();
            for (SubPoller s : subs) {
                long polls = s.polls;
                if (s.state != SubPoller.RUNNING || polls != s.seenPolls) {
                    s.seenPolls = polls;
                    s.seenAt = now;
                } else if (now - s.seenAt >= BACKSTOP_NANOS) {
                    s.poll(sink);
                    s.seenAt = now;
                }
            }
        }

        /** Makes every loop re-check whether it should go on. */
        void wakeAll() {
            try {
                poller.wakeup();
            } catch (IOException | RuntimeException e) {
                // The loop that owns it failed or stopped already.
            }
            for (SubPoller s : subs) {
                if (s != null && s.thread != null) {
                    LockSupport.unpark(s.thread);
                }
            }
            if (masterThread != null) {
                LockSupport.unpark(masterThread);
            }
        }

        /** Stops the loops, waits for them to end, and closes the pollers. */
        void stop() throws IOException {
            stopped = true;
            wakeAll();
            for (Thread t : threads) {
                joinUninterruptibly(t);
            }
            IOException error = null;
            for (SubPoller s : subs) {
                if (s != null) {
                    error = closeCollecting(s.poller, error);
                }
            }
            error = closeCollecting(poller, error);
            if (error != null) {
                throw error;
            }
        }
    }

    private static IOException closeCollecting(Poller p, IOException error) {
        try {
            p.close();
        } catch (IOException e) {
            if (error == null) {
                return e;
            }
            error.addSuppressed(e);
        }
        return error;
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        for (;;) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** One sub-poller of vthread mode (states in the class comment). */
    private static final class SubPoller {
        static final int RUNNING = 0;
        static final int PARKED = 1;
        private static final VarHandle STATE;

        static {
            try {
                STATE = MethodHandles.lookup().findVarHandle(SubPoller.class, "state", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final Poller poller;
        /** Who polls now: the sub-poller, or the master backing it up. */
        private final AtomicBoolean polling = new AtomicBoolean();
        volatile Thread thread;
        volatile int state;
        /** Polls made so far; written under {@link #polling}. */
        volatile long polls;
        /** The master's last look at {@link #polls}, and when it changed. */
        long seenPolls;
        long seenAt;

        SubPoller(Poller poller) {
            this.poller = poller;
        }

        /** Polls without waiting; the number of events, or -1 when the other side is polling. */
        int poll(EventSink sink) throws IOException {
            if (!polling.compareAndSet(false, true)) {
                return -1;
            }
            try {
                int n = poller.poll(0, sink);
                polls = polls + 1;
                return n;
            } finally {
                polling.set(false);
            }
        }

        /** The master saw an edge: a parked sub-poller runs again. */
        void notifyEvents() {
            if (state == PARKED && STATE.compareAndSet(this, PARKED, RUNNING)) {
                LockSupport.unpark(thread);
            }
        }
    }
}
