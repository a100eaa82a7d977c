package io.netpoll.posix.internal;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A small lock-free bag of reusable native resources: {@link Scratch}es and FFM errno capture
 * segments, held only inside one system call, and idle splice pipes. For the first two there may be
 * millions of virtual threads, but only as many holders at once as threads actually inside a call,
 * so a pool sized by processors serves them all, where a {@code ThreadLocal} would keep one per
 * thread, parked ones included. Slots are taken with {@code getAndSet(null)} and refilled with a CAS,
 * starting at a slot chosen by thread id so that threads rarely meet. Taking from an empty pool gives
 * null (the caller makes a new one); giving to a full one refuses (the caller drops or closes it).
 */
public final class Pool<T> {

    private final AtomicReferenceArray<T> slots;

    /** A pool of {@code 4 ×} the processors slots, at least 8. */
    public Pool() {
        this(Math.max(8, 4 * Runtime.getRuntime().availableProcessors()));
    }

    /** A pool of {@code size} slots; 0 keeps nothing. */
    public Pool(int size) {
        slots = new AtomicReferenceArray<>(size);
    }

    /** A pooled thing, or null when none is free. */
    public T take() {
        int n = slots.length();
        long start = Thread.currentThread().threadId();
        for (int i = 0; i < n; i++) {
            int k = (int) ((start + i) % n);
            if (slots.getPlain(k) != null) {
                T t = slots.getAndSet(k, null);
                if (t != null) {
                    return t;
                }
            }
        }
        return null;
    }

    /** Puts {@code t} back; false when every slot is full, and {@code t} is the caller's again. */
    public boolean give(T t) {
        int n = slots.length();
        long start = Thread.currentThread().threadId();
        for (int i = 0; i < n; i++) {
            int k = (int) ((start + i) % n);
            if (slots.getPlain(k) == null && slots.compareAndSet(k, null, t)) {
                return true;
            }
        }
        return false;
    }
}
