package io.netpoll.posix;

import io.netpoll.spi.Family;
import io.netpoll.spi.Handle;
import io.netpoll.spi.SocketType;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.SocketAddress;

/**
 * A POSIX socket: its file descriptor, with the family and type it was made with (the codecs and the
 * end-of-stream rule need them), and, for an accepted socket, the peer's address as {@code accept}
 * returned it. After {@link PosixSockets#close} the descriptor reads as -1, so a
 * stray late call fails with EBADF from the kernel instead of reaching whatever socket next gets the
 * same number.
 */
public final class PosixHandle implements Handle {

    private static final VarHandle FD;

    static {
        try {
            FD = MethodHandles.lookup().findVarHandle(PosixHandle.class, "fd", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile int fd;
    private final Family family;
    private final SocketType type;
    /** The peer's address from {@code accept}, or null (not accepted: ask the kernel). */
    private final SocketAddress peer;

    PosixHandle(int fd, Family family, SocketType type, SocketAddress peer) {
        this.fd = fd;
        this.family = family;
        this.type = type;
        this.peer = peer;
    }

    /**
     * The file descriptor, or -1 once closed.
     *
     * @return the descriptor, or -1
     */
    public int fd() {
        return fd;
    }

    /**
     * The address family the socket was made with.
     *
     * @return the family
     */
    public Family family() {
        return family;
    }

    /**
     * The socket's type.
     *
     * @return the type
     */
    public SocketType type() {
        return type;
    }

    /** The peer's address as {@code accept} returned it, or null for a socket that was not accepted. */
    SocketAddress acceptedPeer() {
        return peer;
    }

    /** Marks the handle closed and returns the descriptor to close, or -1 when it already was. */
    int takeFd() {
        return (int) FD.getAndSet(this, -1);
    }

    @Override
    public String toString() {
        return "PosixHandle[fd=" + fd + ", " + family + ", " + type + "]";
    }
}
