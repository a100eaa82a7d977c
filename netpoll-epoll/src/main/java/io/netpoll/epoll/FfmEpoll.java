package io.netpoll.epoll;

import io.netpoll.posix.internal.Libc;

import java.lang.invoke.MethodHandle;

import static java.lang.invoke.MethodType.methodType;

/**
 * {@link Epoll} through {@code java.lang.foreign} (JDK 22+), with handles from {@link Libc#function}:
 * they return minus errno on failure like every FFM call here, and this class needs no
 * {@code java.lang.foreign} type, so it compiles with the rest of the module for JDK 21 and is only
 * loaded when the FFM binding runs.
 */
final class FfmEpoll extends Epoll.EpollBinding {

    private static final MethodHandle EPOLL_CREATE1 = Libc.function(null, "epoll_create1",
            methodType(int.class, int.class));
    private static final MethodHandle EPOLL_CTL = Libc.function(null, "epoll_ctl",
            methodType(int.class, int.class, int.class, int.class, long.class));
    private static final MethodHandle EPOLL_WAIT = Libc.function(null, "epoll_wait",
            methodType(int.class, int.class, long.class, int.class, int.class));
    private static final MethodHandle EVENTFD = Libc.function(null, "eventfd",
            methodType(int.class, int.class, int.class));

    FfmEpoll() {
    }

    @Override
    int epoll_create1(int flags) {
        try {
            return (int) EPOLL_CREATE1.invokeExact(flags);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    int epoll_ctl(int epfd, int op, int fd, long event) {
        try {
            return (int) EPOLL_CTL.invokeExact(epfd, op, fd, event);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    int epoll_wait(int epfd, long events, int maxevents, int timeout) {
        try {
            return (int) EPOLL_WAIT.invokeExact(epfd, events, maxevents, timeout);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    int eventfd(int initval, int flags) {
        try {
            return (int) EVENTFD.invokeExact(initval, flags);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
