package io.netpoll.posix.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * {@code fcntl(2)}, which is variadic and so cannot be direct-mapped: on Darwin/arm64 variadic
 * arguments go on the stack, and a fixed-arity binding would pass them in registers. JNA's interface
 * mapping builds a variadic call. It is slow (a proxy, boxing) and is only used to set up sockets on the
 * systems without {@code SOCK_NONBLOCK}/{@code SOCK_CLOEXEC} ({@link OsTable#hasSockFlags()}) and to
 * size a splice pipe, once per transfer.
 */
public interface Fcntl extends Library {

    Fcntl INSTANCE = Native.load(Platform.C_LIBRARY_NAME, Fcntl.class);

    int fcntl(int fd, int cmd, Object... args);
}
