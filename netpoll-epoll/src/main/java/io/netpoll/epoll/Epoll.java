package io.netpoll.epoll;

import io.netpoll.posix.internal.NativeBinding;

import java.lang.invoke.MethodHandles;

/**
 * epoll and eventfd, through the binding {@link NativeBinding} chose, like
 * {@link io.netpoll.posix.internal.Libc}: all arguments are ints and native addresses, a failed call
 * returns minus errno, and each method hands its arguments to a {@code static final} binding the JIT
 * folds to a constant.
 */
final class Epoll {

    private static final EpollBinding CALLS = NativeBinding.load(MethodHandles.lookup(), EpollBinding.class, "Epoll");

    private Epoll() {
    }

    static int epoll_create1(int flags) {
        return CALLS.epoll_create1(flags);
    }

    /** {@code event} is the address of a {@code struct epoll_event}, or 0 for EPOLL_CTL_DEL. */
    static int epoll_ctl(int epfd, int op, int fd, long event) {
        return CALLS.epoll_ctl(epfd, op, fd, event);
    }

    /** {@code events} is the address of an array of {@code maxevents} {@code struct epoll_event}. */
    static int epoll_wait(int epfd, long events, int maxevents, int timeout) {
        return CALLS.epoll_wait(epfd, events, maxevents, timeout);
    }

    static int eventfd(int initval, int flags) {
        return CALLS.eventfd(initval, flags);
    }

    /** The calls behind {@link Epoll}, one implementation per binding ({@link JnaEpoll}, {@code FfmEpoll}). */
    abstract static class EpollBinding {

        abstract int epoll_create1(int flags);

        abstract int epoll_ctl(int epfd, int op, int fd, long event);

        abstract int epoll_wait(int epfd, long events, int maxevents, int timeout);

        abstract int eventfd(int initval, int flags);
    }
}
