package io.netpoll.kqueue;

import io.netpoll.posix.internal.Libc;

import java.lang.invoke.MethodHandle;

import static java.lang.invoke.MethodType.methodType;

/**
 * {@link Kqueue} through {@code java.lang.foreign} (JDK 22+), with handles from {@link Libc#function}
 * into the library of {@link KqueueProvider.Target#current()}: they return minus errno on failure
 * like every FFM call here, and this class needs no {@code java.lang.foreign} type.
 */
final class FfmKqueue extends Kqueue.KqueueBinding {

    private static final String LIBRARY = library(KqueueProvider.Target.current().library());
    private static final MethodHandle KQUEUE = Libc.function(LIBRARY, "kqueue", methodType(int.class));
    private static final MethodHandle KEVENT = Libc.function(LIBRARY, "kevent",
            methodType(int.class, int.class, long.class, int.class, long.class, int.class, long.class));
    private static final MethodHandle CLOSE = Libc.function(LIBRARY, "close", methodType(int.class, int.class));

    FfmKqueue() {
    }

    /** {@link Libc#function}'s name for the library: null for the C library. */
    private static String library(String name) {
        return name.equals(KqueueProvider.C_LIBRARY) ? null : name;
    }

    @Override
    int kqueue() {
        try {
            return (int) KQUEUE.invokeExact();
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    int kevent(int kq, long changelist, int nchanges, long eventlist, int nevents, long timeout) {
        try {
            return (int) KEVENT.invokeExact(kq, changelist, nchanges, eventlist, nevents, timeout);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    int close(int fd) {
        try {
            return (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
