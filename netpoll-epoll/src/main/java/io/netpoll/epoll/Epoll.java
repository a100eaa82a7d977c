package io.netpoll.epoll;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * epoll and eventfd, direct-mapped like {@link io.netpoll.posix.internal.Libc}: all arguments are ints
 * and native addresses, errno is read with {@code Libc.errno()} right after a call returns -1.
 */
final class Epoll {

    static {
        Native.register(Epoll.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private Epoll() {
    }

    static native int epoll_create1(int flags);

    /** {@code event} is the address of a {@code struct epoll_event}, or 0 for EPOLL_CTL_DEL. */
    static native int epoll_ctl(int epfd, int op, int fd, long event);

    /** {@code events} is the address of an array of {@code maxevents} {@code struct epoll_event}. */
    static native int epoll_wait(int epfd, long events, int maxevents, int timeout);

    static native int eventfd(int initval, int flags);
}
