package io.netpoll.posix;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

import java.util.concurrent.Callable;

/**
 * Tells whether a call raised SIGPIPE on the calling thread. HotSpot catches SIGPIPE and ignores it,
 * so a test cannot see it arrive; blocked on the thread, the signal stays pending instead, where
 * {@code sigpending(2)} sees it. Linux only (the {@code pthread_sigmask} constants are Linux's).
 */
final class Sigpipe {

    private interface C extends Library {
        C LIB = Native.load(Platform.C_LIBRARY_NAME, C.class);

        int sigemptyset(Pointer set);

        int sigaddset(Pointer set, int sig);

        int sigismember(Pointer set, int sig);

        int sigpending(Pointer set);

        int pthread_sigmask(int how, Pointer set, Pointer oldset);

        int sigtimedwait(Pointer set, Pointer info, Pointer timeout);
    }

    private static final int SIGPIPE = 13;
    private static final int SIG_BLOCK = 0;
    private static final int SIG_SETMASK = 2;
    /** glibc's sigset_t. */
    private static final int SIZEOF_SIGSET = 128;
    private static final int SIZEOF_SIGINFO = 128;

    private Sigpipe() {
    }

    record Outcome<T>(T value, Exception failure, boolean raised) {
    }

    /** Runs {@code call} with SIGPIPE blocked on this thread; reports whether it left SIGPIPE pending (and clears it). */
    static <T> Outcome<T> during(Callable<T> call) {
        Memory set = new Memory(SIZEOF_SIGSET);
        Memory old = new Memory(SIZEOF_SIGSET);
        C.LIB.sigemptyset(set);
        C.LIB.sigaddset(set, SIGPIPE);
        if (C.LIB.pthread_sigmask(SIG_BLOCK, set, old) != 0) {
            throw new IllegalStateException("pthread_sigmask failed");
        }
        try {
            T value = null;
            Exception failure = null;
            try {
                value = call.call();
            } catch (Exception e) {
                failure = e;
            }
            Memory pending = new Memory(SIZEOF_SIGSET);
            C.LIB.sigpending(pending);
            boolean raised = C.LIB.sigismember(pending, SIGPIPE) == 1;
            if (raised) {
                Memory zero = new Memory(16);
                zero.clear();
                C.LIB.sigtimedwait(set, new Memory(SIZEOF_SIGINFO), zero); // takes it, so unblocking delivers nothing
            }
            return new Outcome<>(value, failure, raised);
        } finally {
            C.LIB.pthread_sigmask(SIG_SETMASK, old, null);
        }
    }
}
