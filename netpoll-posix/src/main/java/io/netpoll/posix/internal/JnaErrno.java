package io.netpoll.posix.internal;

import com.sun.jna.Native;

/**
 * The JNA bindings' half of the errno convention ({@link Libc}): a result of -1 becomes minus errno,
 * read from JNA's copy at once, in the binding's own method, while the calling virtual thread is
 * still on the carrier whose copy it is.
 */
public final class JnaErrno {

    private JnaErrno() {
    }

    /** {@code result}, or minus errno when it is -1. */
    public static int result(int result) {
        return result == -1 ? -Native.getLastError() : result;
    }

    /** {@code result}, or minus errno when it is -1. */
    public static long result(long result) {
        return result == -1 ? -Native.getLastError() : result;
    }
}
