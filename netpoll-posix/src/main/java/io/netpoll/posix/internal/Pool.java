package io.netpoll.posix.internal;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A small lock-free bag of reusable native memory ({@link Scratch}es, FFM errno capture segments),
 * for things held only inside one system call: there may be millions of virtual threads, but only as
 * many holders at once as threads actually inside a call, so a pool sized by processors serves them
 * all, where a {@code ThreadLocal} would keep one per thread, parked ones included. Slots are taken
 * with {@code getAndSet(null)} and refilled with a CAS, starting at a slot chosen by thread id so
 * that threads rarely meet. Taking from an empty pool gives null (the caller makes a new one);
 * giving to a full one drops the thing given.
 */
final class Pool<T> {

    private final AtomicReferenceArray<T> slots;

    /** A pool of {@code 4 ×} the processors slots, at least 8. */
    Pool() {
        slots = new AtomicReferenceArray<>(Math.max(8, 4 * Runtime.getRuntime().availableProcessors()));
    }

    /** A pooled thing, or null when none is free. */
    T take() {
        int n = slots.length();
        int start = (int) (Thread.currentThread().threadId() % n);
        for (int i = 0; i < n; i++) {
            int k = (start + i) % n;
            if (slots.getPlain(k) != null) {
                T t = slots.getAndSet(k, null);
                if (t != null) {
                    return t;
                }
            }
        }
        return null;
    }

    /** Puts {@code t} back, or drops it when every slot is full. */
    void give(T t) {
        int n = slots.length();
        int start = (int) (Thread.currentThread().threadId() % n);
        for (int i = 0; i < n; i++) {
            int k = (start + i) % n;
            if (slots.getPlain(k) == null && slots.compareAndSet(k, null, t)) {
                return;
            }
        }
    }
}
