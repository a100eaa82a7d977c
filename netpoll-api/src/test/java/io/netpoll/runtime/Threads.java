package io.netpoll.runtime;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The two kinds of thread every blocking behaviour is tested on, and small waiting helpers. */
enum Threads {
    PLATFORM {
        @Override
        Thread start(Runnable r) {
            return Thread.ofPlatform().daemon().start(r);
        }
    },
    VIRTUAL {
        @Override
        Thread start(Runnable r) {
            return Thread.ofVirtual().start(r);
        }
    };

    /** Generous bound for anything that must happen "at once" on a busy 2-core machine. */
    static final Duration PATIENCE = Duration.ofSeconds(5);

    abstract Thread start(Runnable r);

    /** Runs {@code c} on a new thread of this kind. */
    <T> Call<T> call(Callable<T> c) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread t = start(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return new Call<>(t, f);
    }

    /** A call running on its own thread. */
    record Call<T>(Thread thread, CompletableFuture<T> future) {

        T get() throws Exception {
            try {
                return future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Exception x) {
                    throw x;
                }
                throw e;
            } catch (TimeoutException e) {
                throw new AssertionError("call did not end within " + PATIENCE, e);
            }
        }

        /** The exception the call ended with; fails if it returned. */
        Throwable failure() throws Exception {
            try {
                T v = future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
                return fail("expected a failure, got " + v);
            } catch (ExecutionException e) {
                return e.getCause();
            } catch (TimeoutException e) {
                throw new AssertionError("call did not end within " + PATIENCE, e);
            }
        }

        boolean isDone() {
            return future.isDone();
        }
    }

    static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("not within " + PATIENCE + ": " + what);
            }
            Thread.sleep(1);
        }
    }

    /** Waits until {@code n} threads are parked on {@code server}'s descriptors. */
    static void awaitWaiters(PollServer server, int n) throws InterruptedException {
        eventually(n + " waiter(s) parked, have " + server.waiters(), () -> server.waiters() == n);
    }

    static void assertStillBlocked(Call<?> call, Duration forAtLeast) throws InterruptedException {
        Thread.sleep(forAtLeast.toMillis());
        assertTrue(!call.isDone(), "expected the call to still be blocked, but it ended: " + call.future());
    }
}
