package io.netpoll.kqueue;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * kqueue(2) and kevent(2), direct-mapped like {@link io.netpoll.posix.internal.Libc}: all arguments
 * are ints and native addresses, errno is read with {@code Libc.errno()} right after a call returns
 * -1. Bound to the library of {@link KqueueProvider.Target#current()}: the C library, or the test shim
 * named by {@code -Dnetpoll.kqueue.library}.
 *
 * <p>{@code close} is bound here too, from the same library, and closes the kqueue descriptor: a
 * library that provides {@code kqueue} also decides what closing one means.
 */
final class Kqueue {

    static {
        Native.register(Kqueue.class, NativeLibrary.getInstance(KqueueProvider.Target.current().library()));
    }

    private Kqueue() {
    }

    static native int kqueue();

    /**
     * {@code changelist} and {@code eventlist} are addresses of {@code struct kevent} arrays (0 when
     * the count is 0); {@code timeout} is the address of a {@code struct timespec}, or 0 to wait
     * without a limit.
     */
    static native int kevent(int kq, long changelist, int nchanges, long eventlist, int nevents, long timeout);

    static native int close(int fd);
}
