package io.netpoll.tck;

import io.netpoll.runtime.PollDesc;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A body running on its own thread — the kit's goroutine — whose outcome the test inspects later.
 * Waits are bounded ({@link #MAX_WAIT}) so a wedged implementation fails a test instead of hanging it.
 */
final class Task<T> {

    /** How long a test waits for something that should happen promptly. Generous: the build box is noisy. */
    static final Duration MAX_WAIT = Duration.ofSeconds(10);

    @FunctionalInterface
    interface Body<T> {
        T call() throws Exception;
    }

    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    private static final AtomicInteger SEQ = new AtomicInteger();

    private final CompletableFuture<T> outcome = new CompletableFuture<>();
    private volatile long finishedAt;
    private final Thread thread;

    private Task(ThreadKind kind, Body<T> body) {
        thread = kind.start("tck-" + kind.name().toLowerCase(Locale.ROOT) + "-" + SEQ.incrementAndGet(), () -> {
            try {
                T value = body.call();
                finishedAt = System.nanoTime();
                outcome.complete(value);
            } catch (Throwable t) {
                finishedAt = System.nanoTime();
                outcome.completeExceptionally(t);
            }
        });
    }

    static <T> Task<T> call(ThreadKind kind, Body<T> body) {
        return new Task<>(kind, body);
    }

    static Task<Void> run(ThreadKind kind, Action action) {
        return new Task<>(kind, () -> {
            action.run();
            return null;
        });
    }

    /** Go's {@code go f()}: a virtual thread. */
    static Task<Void> go(Action action) {
        return run(ThreadKind.VIRTUAL, action);
    }

    Thread thread() {
        return thread;
    }

    boolean isDone() {
        return outcome.isDone();
    }

    /** {@link System#nanoTime()} when the body returned or threw. */
    long finishedAt() {
        return finishedAt;
    }

    /** Whether the body ends within {@code max}. */
    boolean finishesWithin(Duration max) {
        try {
            outcome.get(max.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + thread, e);
        }
        return true;
    }

    /** The body's value; fails the test when the body threw or is still running after {@link #MAX_WAIT}. */
    T get() {
        return get(MAX_WAIT);
    }

    T get(Duration max) {
        awaitDone(max);
        try {
            return outcome.join();
        } catch (RuntimeException e) {
            throw new AssertionError(thread.getName() + " failed: " + e.getCause(), e.getCause());
        }
    }

    /** What the body threw; fails the test when it returned normally or is still running after {@link #MAX_WAIT}. */
    Throwable failure() {
        awaitDone(MAX_WAIT);
        try {
            T value = outcome.join();
            return fail(thread.getName() + " returned " + value + "; want an exception");
        } catch (RuntimeException e) {
            return e.getCause();
        }
    }

    /**
     * Waits until the body is parked in the poller — its thread waits on a {@link PollDesc}, the one
     * place where a netpoll operation blocks — or has finished, so that a close, a deadline or an
     * interrupt lands while the operation waits rather than before it starts. A thread state of
     * WAITING alone proves nothing: on its way the body may wait on a lock or a class's
     * initialization. Fails after {@link #MAX_WAIT}, a bound for a busy box, showing where the body is.
     */
    Task<T> awaitParked() {
        return awaitParkedOn(PollDesc.class);
    }

    /** {@link #awaitParked()} for a body that waits on something else: its thread parks on a {@code blocker}. */
    Task<T> awaitParkedOn(Class<?> blocker) {
        long start = System.nanoTime();
        long end = start + MAX_WAIT.toNanos();
        while (!isDone()) {
            Thread.State s = thread.getState();
            if ((s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING)
                    && blocker.isInstance(LockSupport.getBlocker(thread))) {
                return this;
            }
            if (System.nanoTime() - end > 0) {
                AssertionError e = new AssertionError(thread.getName() + " did not park on a " + blocker.getSimpleName()
                        + " within " + MAX_WAIT + " (state " + s + ", blocker " + LockSupport.getBlocker(thread)
                        + "); its stack is this error's stack");
                e.setStackTrace(thread.getStackTrace());
                throw e;
            }
            Sleep.millis(1);
        }
        return this;
    }

    /** Fails, showing how the body ended, when it ends within {@code d}: it was meant to stay blocked. */
    void assertBlockedFor(Duration d, String what) {
        if (finishesWithin(d)) {
            Throwable cause = null;
            Object value = null;
            try {
                value = outcome.join();
            } catch (RuntimeException e) {
                cause = e.getCause();
            }
            throw new AssertionError(what + ": it ended within " + d + " with "
                    + (cause != null ? cause : "result " + value), cause);
        }
    }

    private void awaitDone(Duration max) {
        if (!finishesWithin(max)) {
            AssertionError e = new AssertionError(thread.getName() + " still running after " + max
                    + " (state " + thread.getState() + "); its stack is this error's stack");
            e.setStackTrace(thread.getStackTrace());
            throw e;
        }
    }
}
