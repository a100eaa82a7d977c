package io.netpoll.epoll;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

import io.netpoll.posix.internal.JnaErrno;

/** {@link Epoll} through JNA direct mapping: the {@code static native} methods of {@link C}. */
final class JnaEpoll extends Epoll.EpollBinding {

    JnaEpoll() {
        C.register();
    }

    @Override
    int epoll_create1(int flags) {
        return JnaErrno.result(C.epoll_create1(flags));
    }

    @Override
    int epoll_ctl(int epfd, int op, int fd, long event) {
        return JnaErrno.result(C.epoll_ctl(epfd, op, fd, event));
    }

    @Override
    int epoll_wait(int epfd, long events, int maxevents, int timeout) {
        return JnaErrno.result(C.epoll_wait(epfd, events, maxevents, timeout));
    }

    @Override
    int eventfd(int initval, int flags) {
        return JnaErrno.result(C.eventfd(initval, flags));
    }

    private static final class C {

        static {
            Native.register(C.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
        }

        private C() {
        }

        /** Runs the static initializer: registration errors surface when the binding is made. */
        static void register() {
        }

        static native int epoll_create1(int flags);

        static native int epoll_ctl(int epfd, int op, int fd, long event);

        static native int epoll_wait(int epfd, long events, int maxevents, int timeout);

        static native int eventfd(int initval, int flags);
    }
}
