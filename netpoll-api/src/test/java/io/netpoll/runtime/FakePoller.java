package io.netpoll.runtime;

import io.netpoll.spi.EventSink;
import io.netpoll.spi.Handle;
import io.netpoll.spi.Poller;

import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A poller whose {@link #poll} takes events from a queue that handles and tests put them in. An
 * edge-triggered one can be nested: each event queued in an inner poller also queues READ, under the
 * nesting token, in the outer one.
 */
final class FakePoller implements Poller {

    private record Event(long token, int mode, boolean error, Throwable failure) {
    }

    private static final Event WAKE = new Event(0, 0, false, null);

    private final FakeProvider provider;
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final AtomicBoolean wakePending = new AtomicBoolean();
    final ConcurrentHashMap<FakeHandle, Long> registered = new ConcurrentHashMap<>();
    final AtomicInteger wakeups = new AtomicInteger();
    final AtomicInteger arms = new AtomicInteger();
    volatile boolean closed;
    volatile Thread pollThread;
    /** The last thread that polled with a timeout (a loop's own wait, not a non-blocking look). */
    volatile Thread waitThread;
    /** The poller this one is nested in, and the token it has there. */
    private volatile FakePoller outer;
    private volatile long outerToken;

    FakePoller(FakeProvider provider) {
        this.provider = provider;
    }

    @Override
    public void register(Handle handle, long token) throws IOException {
        FakeHandle h = (FakeHandle) handle;
        if (h.failRegister) {
            throw new IOException("register refused");
        }
        registered.put(h, token);
        h.attach(this, token);
    }

    @Override
    public void deregister(Handle handle) {
        FakeHandle h = (FakeHandle) handle;
        if (h.failDeregister != null) {
            throw h.failDeregister;
        }
        registered.remove(h);
        h.detach();
        provider.log.add("deregister " + h.id);
    }

    /** Queues an event as the kernel would report it. */
    void inject(long token, int mode, boolean error) {
        add(new Event(token, mode, error, null));
    }

    /** Makes the blocked (or next) poll throw. */
    void fail(IOException e) {
        add(new Event(0, 0, false, e));
    }

    /** Makes the blocked (or next) poll throw, as a provider bug would. */
    void fail(Error e) {
        add(new Event(0, 0, false, e));
    }

    private void add(Event e) {
        events.add(e);
        FakePoller o = outer;
        if (o != null) {
            o.inject(outerToken, READ, false);
        }
    }

    @Override
    public boolean nestable() {
        return !provider.levelTriggered;
    }

    @Override
    public void nest(Poller inner, long token) {
        FakePoller f = (FakePoller) inner;
        f.outerToken = token;
        f.outer = this;
    }

    @Override
    public int poll(long timeoutNanos, EventSink sink) throws IOException {
        pollThread = Thread.currentThread();
        if (timeoutNanos != 0) {
            waitThread = pollThread;
        }
        Event e;
        try {
            e = timeoutNanos < 0 ? events.take()
                    : timeoutNanos == 0 ? events.poll() : events.poll(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IOException("poll interrupted");
        }
        int n = 0;
        while (e != null) {
            if (e.failure instanceof IOException io) {
                throw io;
            }
            if (e.failure != null) {
                throw (Error) e.failure;
            }
            if (e == WAKE) {
                wakePending.set(false);
            } else {
                sink.ready(e.token, e.mode, e.error);
                n++;
            }
            e = events.poll();
        }
        return n;
    }

    @Override
    public void wakeup() {
        if (wakePending.compareAndSet(false, true)) {
            wakeups.incrementAndGet();
            events.add(WAKE);
        }
    }

    @Override
    public boolean needsArm() {
        return provider.levelTriggered;
    }

    @Override
    public void arm(long token, int mode) {
        arms.incrementAndGet();
        registered.forEach((h, t) -> {
            if (t == token) {
                h.arm(mode);
            }
        });
    }

    @Override
    public void close() {
        closed = true;
    }
}
