package io.netpoll.spi;

import java.io.Closeable;
import java.io.IOException;

/**
 * The platform half of Go's netpoller ({@code netpoll_epoll.go}, {@code netpoll_kqueue.go}, the
 * level-triggered ports). Public so that event-loop frameworks can drive one directly.
 *
 * <p>A poller starts no threads of its own. One thread at a time calls {@link #poll}; every other
 * method may be called from any thread.
 */
public interface Poller extends Closeable {

    /** Mode bit: readable (or acceptable, or connection closed by the peer). */
    int READ = 1;
    /** Mode bit: writable (or connected). */
    int WRITE = 2;
    /**
     * Mode bit, delivered with {@link #READ}: the peer hung up ({@code EPOLLRDHUP}/{@code EPOLLHUP},
     * {@code EV_EOF}). Reads will see end of stream or an error with no further edge, so a reader of
     * an edge-triggered poller must not wait for one after a short read.
     */
    int HANGUP = 4;

    /**
     * The one token a poller may keep for itself (its wakeup's, say) and refuse in {@link #register}
     * with an {@link IllegalArgumentException}; every other value travels whole.
     */
    long RESERVED_TOKEN = -1L;

    /**
     * Registers a handle for read and write readiness for the rest of its life ({@code netpollopen}):
     * edge-triggered where the OS allows. Events for it carry {@code token}.
     *
     * @param handle the socket
     * @param token  the token every event for this handle carries: any value but {@link #RESERVED_TOKEN}
     * @throws IOException a {@link SyscallException} when the system call fails
     * @throws IllegalArgumentException for a handle of another provider, or a token the poller reserves
     */
    void register(Handle handle, long token) throws IOException;

    /**
     * Removes a registration ({@code netpollclose}); called before the handle is closed.
     *
     * @param handle the socket
     * @throws IOException a {@link SyscallException} when the system call fails
     */
    void deregister(Handle handle) throws IOException;

    /**
     * Waits for events and delivers each to {@code sink} ({@code netpoll(delay)}).
     *
     * @param timeoutNanos negative to wait until an event or a {@link #wakeup}, 0 not to wait at all,
     *                     positive to wait at most that long
     * @param sink         where the events go
     * @return the number of events delivered
     * @throws IOException a {@link SyscallException} when the system call fails
     */
    int poll(long timeoutNanos, EventSink sink) throws IOException;

    /**
     * Makes a blocked (or the next) {@link #poll} return ({@code netpollBreak}). Coalesced: many calls
     * before the poller wakes cost one kernel wakeup.
     *
     * @throws IOException a {@link SyscallException} when the system call fails
     */
    void wakeup() throws IOException;

    /**
     * True when the poller is level-triggered and needs {@link #arm} before each wait (Go's
     * {@code netpollarm} ports); edge-triggered pollers return false and never need arming.
     *
     * @return true when {@link #arm} is needed before each wait
     */
    boolean needsArm();

    /**
     * Asks for one notification of {@code mode} on the handle registered with {@code token}
     * ({@code netpollarm}). Only called when {@link #needsArm()} is true.
     *
     * @param token the token given when the handle was registered
     * @param mode which readiness: read or write
     * @throws IOException a {@link SyscallException} when the system call fails
     */
    void arm(long token, int mode) throws IOException;

    /**
     * True when this poller can be nested: registered with {@link #nest} in another poller of its
     * provider, which then reports it readable whenever it has events to deliver. Epoll and kqueue
     * can (their descriptors are themselves pollable); the default is false. A runtime uses this to
     * run many non-blocking pollers under one blocking one (see {@code PollServer}).
     *
     * @return true when {@link #nest} accepts this poller
     */
    default boolean nestable() {
        return false;
    }

    /**
     * Registers {@code inner}, a {@linkplain #nestable() nestable} poller of the same provider, once
     * for its whole life, edge-triggered: each time {@code inner} gains events, this poller's next
     * {@link #poll} delivers {@link #READ} under {@code token} (one delivery may stand for many
     * gains). Closing {@code inner} removes the registration.
     *
     * @param inner the poller to watch
     * @param token what this poller's events for {@code inner} carry
     * @throws IOException a {@link SyscallException} when the system call fails
     * @throws UnsupportedOperationException when either poller cannot be nested
     */
    default void nest(Poller inner, long token) throws IOException {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot be nested");
    }

    /**
     * True when {@code handle} is one of the poller's own descriptors (for fd-leak accounting).
     *
     * @param handle the socket
     * @return true for the poller's own descriptors
     */
    default boolean isPollerDescriptor(Handle handle) {
        return false;
    }
}
