// Mirrors the provider-independent half of Go's src/runtime/netpoll.go: netpollGenericInit,
// poll_runtime_pollOpen/pollClose, netpollready, netpollWaiters, and the scheduler's call to netpoll.
package io.netpoll.runtime;

import io.netpoll.spi.EventSink;
import io.netpoll.spi.Handle;
import io.netpoll.spi.NetpollProvider;
import io.netpoll.spi.Poller;

import java.io.Closeable;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One provider's {@link Poller} and the thread that drives it: handles are registered here, and
 * readiness found by the poller wakes the threads parked on their {@link PollDesc}s.
 *
 * <p>The poller is opened, and its loop started, by the first {@link #open}. The loop runs on one
 * daemon platform thread named {@code netpoll-<provider>-poller} (a native wait on a virtual thread
 * would pin its carrier): it calls {@code poll} with no timeout and, for each event, finds the
 * descriptor by its token and readies it ({@code netpollready}). Nothing else needs the loop to wake
 * up: deadlines are enforced by the waiting threads themselves, and pollers that need arming are
 * armed by the waiter. If the poller ever fails, every waiter and every later {@link #open} gets an
 * {@link IOException} with the cause, rather than waiting forever.
 *
 * <p>{@link #of} gives the process-wide server of a provider, which net-core uses and which is never
 * closed. {@link #create} gives a private one, with its own poller and thread, for a framework that
 * wants no shared state; {@link #close} stops it once its descriptors are closed.
 */
public final class PollServer implements Closeable {

    private static final ConcurrentHashMap<NetpollProvider, PollServer> SHARED = new ConcurrentHashMap<>();

    private final NetpollProvider provider;
    private final boolean shared;
    private final PollCache cache = new PollCache();
    private final AtomicInteger waiters = new AtomicInteger();
    private final EventSink sink = this::netpollready;
    private final ReentrantLock startLock = new ReentrantLock();
    private volatile Poller poller;
    private volatile boolean needsArm;
    private volatile Throwable failure;
    private volatile boolean closed;
    private Thread loop;

    private PollServer(NetpollProvider provider, boolean shared) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.shared = shared;
    }

    /**
     * The shared server of {@code provider}, created on first use; its poller starts with the first {@link #open}.
     *
     * @param provider the provider to use
     * @return the shared server
     */
    public static PollServer of(NetpollProvider provider) {
        return SHARED.computeIfAbsent(Objects.requireNonNull(provider, "provider"), p -> new PollServer(p, true));
    }

    /**
     * A private server with its own poller and thread (started by the first {@link #open}); close it when done.
     *
     * @param provider the provider to use
     * @return a new server
     */
    public static PollServer create(NetpollProvider provider) {
        return new PollServer(provider, false);
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
     *
     * @return the number of parked threads
     */
    public int waiters() {
        return waiters.get();
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
        Poller p = started();
        PollDesc pd = cache.alloc(this, handle);
        try {
            p.register(handle, pd.token());
        } catch (Throwable t) {
            cache.free(pd);
            throw t;
        }
        return pd;
    }

    /**
     * Stops a private server: its loop ends and its poller is closed. Idempotent.
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
        Poller p;
        Thread t;
        startLock.lock();
        try {
            if (closed) {
                return;
            }
            cache.shutdown();
            closed = true;
            p = poller;
            t = loop;
        } finally {
            startLock.unlock();
        }
        if (p == null) {
            return;
        }
        try {
            p.wakeup();
            joinUninterruptibly(t);
        } finally {
            p.close();
        }
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

    /** Opens the poller and starts the loop once ({@code netpollGenericInit}). */
    private Poller started() throws IOException {
        Poller p = poller;
        if (p != null) {
            checkAlive();
            return p;
        }
        startLock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("poll server of provider " + provider.name() + " is closed");
            }
            if (poller == null) {
                Poller opened = provider.openPoller();
                needsArm = opened.needsArm();
                loop = Thread.ofPlatform().daemon().name("netpoll-" + provider.name() + "-poller")
                        .unstarted(() -> run(opened));
                poller = opened;
                loop.start();
            }
            return poller;
        } finally {
            startLock.unlock();
        }
    }

    private void run(Poller p) {
        try {
            while (!closed) {
                p.poll(-1, sink);
            }
        } catch (Throwable t) {
            if (!closed) {
                failure = t;
                cache.forEach(PollDesc::nudge);
                if (t instanceof Error e) {
                    throw e;
                }
            }
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
            poller.arm(pd.token(), mode);
        }
    }

    /** Deregisters and frees a closing descriptor ({@code poll_runtime_pollClose}). */
    void release(PollDesc pd) throws IOException {
        try {
            poller.deregister(pd.handle());
        } finally {
            cache.free(pd);
        }
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

    void parked() {
        waiters.incrementAndGet();
    }

    void unparked() {
        waiters.decrementAndGet();
    }

    /** How many descriptors are open here. */
    int descriptors() {
        return cache.open();
    }

    @Override
    public String toString() {
        return "PollServer[" + provider.name() + (shared ? ", shared" : ", private") + (closed ? ", closed]" : "]");
    }
}
