// Mirrors pollCache and pollDesc.fdseq of Go's src/runtime/netpoll.go.
package io.netpoll.runtime;

import io.netpoll.spi.Handle;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The table from poller tokens to the open {@link PollDesc}s of one {@link PollServer}.
 *
 * <p>A kernel poller stores 64 bits of user data per registration, not a Java reference, and can hand
 * back an event after the descriptor it was meant for has been closed, perhaps with the slot already
 * given to a new one. So a token is {@code slot << 32 | seq}: the slot indexes this table, and the
 * slot's sequence number moves on each time the slot is freed. A lookup matches the whole token, so an
 * event from a previous user of the slot finds nothing and is dropped (Go tags its pointers with
 * {@code fdseq} for the same reason). Freed slots are reused last-in first-out, as Go's free list is.
 *
 * <p>Allocation and freeing take a lock; lookups, done by the poller thread for every event, read a
 * published array without locking.
 */
final class PollCache {

    private final ReentrantLock lock = new ReentrantLock();
    private volatile AtomicReferenceArray<PollDesc> descs = new AtomicReferenceArray<>(64);
    private int[] seqs = new int[64];
    private int[] free = new int[64];
    private int nfree;
    private int used;
    private int open;
    private boolean closed;

    /** A new descriptor in a free slot, with the slot's current sequence number in its token. */
    PollDesc alloc(PollServer server, Handle handle) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("poll server is closed");
            }
            int slot;
            if (nfree > 0) {
                slot = free[--nfree];
            } else {
                if (used == seqs.length) {
                    grow();
                }
                slot = used++;
            }
            PollDesc pd = new PollDesc(server, handle, ((long) slot << 32) | (seqs[slot] & 0xFFFF_FFFFL));
            descs.set(slot, pd);
            open++;
            return pd;
        } finally {
            lock.unlock();
        }
    }

    private void grow() {
        int n = seqs.length * 2;
        AtomicReferenceArray<PollDesc> bigger = new AtomicReferenceArray<>(n);
        for (int i = 0; i < used; i++) {
            bigger.set(i, descs.get(i));
        }
        descs = bigger;
        seqs = Arrays.copyOf(seqs, n);
        free = Arrays.copyOf(free, n);
    }

    /** Frees the slot of {@code pd}; its sequence number moves on so that late events miss. */
    void free(PollDesc pd) {
        lock.lock();
        try {
            int slot = (int) (pd.token() >>> 32);
            if (slot >= used || descs.get(slot) != pd) {
                throw new IllegalStateException("netpoll: free of a polldesc that is not open: " + pd);
            }
            descs.set(slot, null);
            seqs[slot]++;
            free[nfree++] = slot;
            open--;
        } finally {
            lock.unlock();
        }
    }

    /** The open descriptor registered with exactly {@code token}, or null for a stale or unknown one. */
    PollDesc lookup(long token) {
        AtomicReferenceArray<PollDesc> a = descs;
        long slot = token >>> 32;
        if (slot >= a.length()) {
            return null;
        }
        PollDesc pd = a.get((int) slot);
        return pd != null && pd.token() == token ? pd : null;
    }

    /** How many descriptors are open. */
    int open() {
        lock.lock();
        try {
            return open;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Refuses further allocations.
     *
     * @throws IllegalStateException when descriptors are still open; nothing changes then
     */
    void shutdown() {
        lock.lock();
        try {
            if (open > 0) {
                throw new IllegalStateException("poll server still has " + open + " open descriptor(s)");
            }
            closed = true;
        } finally {
            lock.unlock();
        }
    }

    /** Calls {@code action} for every open descriptor. */
    void forEach(Consumer<PollDesc> action) {
        AtomicReferenceArray<PollDesc> a = descs;
        for (int i = 0; i < a.length(); i++) {
            PollDesc pd = a.get(i);
            if (pd != null) {
                action.accept(pd);
            }
        }
    }
}
