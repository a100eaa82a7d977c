package io.netpoll.kqueue;

import io.netpoll.posix.internal.NativeBinding;

import java.lang.invoke.MethodHandles;

/**
 * kqueue(2) and kevent(2), through the binding {@link NativeBinding} chose, like
 * {@link io.netpoll.posix.internal.Libc}: all arguments are ints and native addresses, and a failed
 * call returns minus errno. Bound to the library of
 * {@link KqueueProvider.Target#current()}: the C library, or the test shim named by
 * {@code -Dnetpoll.kqueue.library}.
 *
 * <p>{@code close} is bound here too, from the same library, and closes the kqueue descriptor: a
 * library that provides {@code kqueue} also decides what closing one means.
 */
final class Kqueue {

    private static final KqueueBinding CALLS =
            NativeBinding.load(MethodHandles.lookup(), KqueueBinding.class, "Kqueue");

    private Kqueue() {
    }

    /** Binds the calls now, so that a library without them fails here rather than at first use. */
    static void bind() {
    }

    static int kqueue() {
        return CALLS.kqueue();
    }

    /**
     * {@code changelist} and {@code eventlist} are addresses of {@code struct kevent} arrays (0 when
     * the count is 0); {@code timeout} is the address of a {@code struct timespec}, or 0 to wait
     * without a limit.
     */
    static int kevent(int kq, long changelist, int nchanges, long eventlist, int nevents, long timeout) {
        return CALLS.kevent(kq, changelist, nchanges, eventlist, nevents, timeout);
    }

    static int close(int fd) {
        return CALLS.close(fd);
    }

    /** The calls behind {@link Kqueue}, one implementation per binding ({@link JnaKqueue}, {@code FfmKqueue}). */
    abstract static class KqueueBinding {

        abstract int kqueue();

        abstract int kevent(int kq, long changelist, int nchanges, long eventlist, int nevents, long timeout);

        abstract int close(int fd);
    }
}
