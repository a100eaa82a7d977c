package io.netpoll.kqueue;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

import io.netpoll.posix.internal.JnaErrno;

/** {@link Kqueue} through JNA direct mapping: the {@code static native} methods of {@link C}. */
final class JnaKqueue extends Kqueue.KqueueBinding {

    JnaKqueue() {
        C.register();
    }

    @Override
    int kqueue() {
        return JnaErrno.result(C.kqueue());
    }

    @Override
    int kevent(int kq, long changelist, int nchanges, long eventlist, int nevents, long timeout) {
        return JnaErrno.result(C.kevent(kq, changelist, nchanges, eventlist, nevents, timeout));
    }

    @Override
    int close(int fd) {
        return JnaErrno.result(C.close(fd));
    }

    private static final class C {

        static {
            Native.register(C.class, NativeLibrary.getInstance(KqueueProvider.Target.current().library()));
        }

        private C() {
        }

        /** Runs the static initializer: registration errors surface when the binding is made. */
        static void register() {
        }

        static native int kqueue();

        static native int kevent(int kq, long changelist, int nchanges, long eventlist, int nevents, long timeout);

        static native int close(int fd);
    }
}
