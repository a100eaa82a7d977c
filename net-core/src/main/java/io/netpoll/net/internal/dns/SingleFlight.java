// Mirrors Go's src/internal/singleflight/singleflight.go as src/net/lookup.go uses it.
package io.netpoll.net.internal.dns;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Concurrent identical lookups share one: the first caller for a key starts the work on a
 * virtual thread of its own, and every caller for that key, the first included, waits for its
 * result. A caller interrupted while waiting stops waiting; when it was the last one waiting, the
 * work is interrupted too (Go's {@code ForgetUnshared}), so one caller giving up never fails
 * the others. Results must be immutable: they are handed to every caller as is.
 */
public final class SingleFlight<V> {

    @FunctionalInterface
    public interface Work<V, E extends Exception> {
        V run() throws E;
    }

    private static final class Call<V> {
        final CompletableFuture<V> done = new CompletableFuture<>();
        int waiters; // changed only inside ConcurrentHashMap.compute for the call's key
        volatile Thread worker;
    }

    private final ConcurrentHashMap<String, Call<V>> calls = new ConcurrentHashMap<>();

    /**
     * The result of {@code work} run once for all concurrent callers with this key.
     *
     * @throws InterruptedException when this caller was interrupted while waiting
     */
    public <E extends Exception> V run(String key, Class<E> failure, Work<V, E> work) throws E, InterruptedException {
        boolean[] created = new boolean[1];
        Call<V> call = calls.compute(key, (k, c) -> {
            if (c == null) {
                c = new Call<>();
                created[0] = true;
            }
            c.waiters++;
            return c;
        });
        if (created[0]) {
            call.worker = Thread.ofVirtual().name("netpoll-dns " + key.replace('\0', ' ')).unstarted(() -> {
                V value = null;
                Throwable failed = null;
                try {
                    value = work.run();
                } catch (Throwable t) {
                    failed = t;
                }
                // Leave the map before completing: a caller arriving after the result must start afresh.
                calls.remove(key, call);
                if (failed == null) {
                    call.done.complete(value);
                } else {
                    call.done.completeExceptionally(failed);
                }
            });
            call.worker.start();
        }
        try {
            return call.done.get();
        } catch (InterruptedException e) {
            forget(key, call);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (failure.isInstance(cause)) {
                throw failure.cast(cause);
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw (Error) cause;
        }
    }

    private void forget(String key, Call<V> call) {
        calls.computeIfPresent(key, (k, c) -> {
            if (c != call) {
                return c;
            }
            if (--c.waiters == 0) {
                c.worker.interrupt();
                return null;
            }
            return c;
        });
    }
}
