package io.netpoll.kqueue;

// Mirrors Go's src/runtime/netpoll_kqueue.go and src/runtime/netpoll_kqueue_event.go.

import io.netpoll.posix.internal.Libc;
import io.netpoll.posix.internal.OsTable;
import io.netpoll.posix.internal.PollerDescriptors;
import io.netpoll.posix.internal.Scratch;
import io.netpoll.spi.Errno;
import io.netpoll.spi.EventSink;
import io.netpoll.spi.Handle;
import io.netpoll.spi.Poller;
import io.netpoll.spi.SyscallException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.netpoll.kqueue.KqueueTable.EVFILT_READ;
import static io.netpoll.kqueue.KqueueTable.EVFILT_WRITE;
import static io.netpoll.kqueue.KqueueTable.EV_ADD;
import static io.netpoll.kqueue.KqueueTable.EV_CLEAR;
import static io.netpoll.kqueue.KqueueTable.EV_DELETE;
import static io.netpoll.kqueue.KqueueTable.EV_EOF;
import static io.netpoll.kqueue.KqueueTable.EV_ERROR;
import static io.netpoll.kqueue.KqueueTable.EV_RECEIPT;
import static io.netpoll.kqueue.KqueueTable.NOTE_TRIGGER;
import static io.netpoll.posix.internal.PollerDescriptors.error;
import static io.netpoll.posix.internal.PollerDescriptors.fd;

/**
 * A kqueue and its EVFILT_USER wakeup: the platform half of Go's netpoller on macOS and FreeBSD.
 *
 * <p><b>Registration</b> ({@code netpollopen}) happens once per socket, for its whole life: two
 * changes in one kevent call, {@code EVFILT_READ} and {@code EVFILT_WRITE}, both
 * {@code EV_ADD|EV_CLEAR} (edge-triggered) with the caller's 64-bit token as {@code udata}. Readiness
 * is reported when it changes, and the runtime always tries the system call before it waits, so
 * nothing is lost and no kevent is paid per wait. {@code deregister} deletes both knotes
 * ({@code EV_DELETE}) before the runtime closes the socket; it asks for a receipt per change
 * ({@code EV_RECEIPT}) so that both are attempted and kevent returns at once without taking events
 * from the queue, and the first failure is reported.
 *
 * <p><b>Polling</b> ({@code netpoll(delay)}): one kevent for at most {@value #MAX_EVENTS} events into
 * one native array, read through a native-order {@code ByteBuffer} view with the OS's
 * {@code struct kevent} layout ({@link KqueueTable}); nothing is allocated per event. A negative
 * timeout passes no timespec, zero a zero one, a positive one at most {@value #MAX_TIMEOUT_SECONDS}
 * seconds (Darwin refuses longer with EINVAL). EINTR (and ETIMEDOUT, which Darwin has been seen to
 * return) ends a timed poll early, for the caller to recompute its sleep, and is retried otherwise.
 * {@code EVFILT_READ} makes a socket readable, and writable as well when it carries {@code EV_EOF}:
 * some systems never report {@code EVFILT_WRITE} on a pipe whose reader has gone, and a woken writer
 * simply retries and meets EPIPE, EAGAIN or success. {@code EVFILT_WRITE} makes it writable. The
 * event is an error only when its flags are exactly {@code EV_ERROR}.
 *
 * <p><b>Wakeup</b> ({@code netpollBreak}): one {@code EVFILT_USER} knote with Go's ident
 * {@code 0xee1eb9f4}, added with {@code EV_ADD|EV_CLEAR} and triggered with
 * {@code NOTE_TRIGGER}. It is recognised by its filter and ident, never by {@code udata}: FreeBSD
 * overwrites {@code udata} on every change, a trigger included. {@link #wakeup()} triggers only when
 * it wins the {@code wakeSig} flag (false to true), so a burst of wakeups costs one kevent. A
 * blocking poll that receives it clears the flag; a non-blocking poll that receives it has consumed
 * a wakeup meant for a blocking poller (EV_CLEAR delivers it once), so it triggers it again, as Go's
 * {@code processWakeupEvent} does.
 *
 * <p><b>Closing</b>: every method that uses the kqueue descriptor holds a reference while it does
 * ({@link PollerDescriptors}). {@link #close()} marks the poller closed and wakes a blocked poll; the
 * last reference to leave closes the descriptor, so its number is never used after it could have been
 * reused.
 */
final class KqueuePoller implements Poller {

    /** Events per kevent, as Go. */
    static final int MAX_EVENTS = 64;

    /** Go's {@code kqIdent}: the ident of the wakeup knote. */
    static final long WAKE_IDENT = 0xee1eb9f4L;

    /** Go caps a poll's timespec here: Darwin returns EINVAL for a longer sleep. */
    static final long MAX_TIMEOUT_SECONDS = 1_000_000L;

    private static final OsTable OS = OsTable.current();
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** Offsets in {@link #fixed}: the poll's timespec, then the wakeup's trigger change. */
    private static final int TIMESPEC = 0;
    private static final int TRIGGER = 16;

    private final KqueueTable abi;
    /** The kqueue descriptor; package-private for tests. */
    final int kq;
    /** The event array; package-private for tests of the decoding. */
    final ByteBuffer events;
    private final long eventsAddress;
    /** The timespec (written by the poll thread only) and the trigger change (written once). */
    private final ByteBuffer fixed;
    private final long fixedAddress;

    /** Go's {@code netpollWakeSig}: a wakeup is in flight. */
    private final AtomicBoolean wakeSig = new AtomicBoolean();
    /** The kqueue descriptor and the calls using it. */
    private final PollerDescriptors descriptors;

    private KqueuePoller(KqueueTable abi, int kq) {
        this.abi = abi;
        this.kq = kq;
        this.descriptors = new PollerDescriptors("kqueue poller", Kqueue::close, kq);
        this.events = ByteBuffer.allocateDirect(MAX_EVENTS * abi.size()).order(ByteOrder.nativeOrder());
        this.eventsAddress = Libc.address(events);
        this.fixed = ByteBuffer.allocateDirect(TRIGGER + abi.size()).order(ByteOrder.nativeOrder());
        this.fixedAddress = Libc.address(fixed);
        abi.put(fixed, TRIGGER, WAKE_IDENT, abi.evfiltUser(), 0, NOTE_TRIGGER, 0L);
    }

    /** Go's {@code netpollinit}: kqueue, close-on-exec, and the wakeup knote ({@code addWakeupEvent}). */
    static KqueuePoller open(KqueueTable abi) throws IOException {
        int kq = Kqueue.kqueue();
        if (kq < 0) {
            throw error("kqueue", -kq);
        }
        KqueuePoller p = new KqueuePoller(abi, kq);
        try {
            int r = Libc.fcntl(kq, OS.F_SETFD(), OS.FD_CLOEXEC());
            if (r < 0) {
                throw error("fcntl", -r);
            }
            Scratch s = Scratch.acquire();
            try {
                abi.put(s.buffer, Scratch.DATA, WAKE_IDENT, abi.evfiltUser(), EV_ADD | EV_CLEAR, 0, 0L);
                p.change(s.address + Scratch.DATA, 1);
            } finally {
                s.release();
            }
        } catch (IOException | RuntimeException e) {
            Kqueue.close(kq);
            throw e;
        }
        return p;
    }

    @Override
    public void register(Handle handle, long token) throws IOException {
        int fd = fd(handle);
        descriptors.enter();
        Scratch s = Scratch.acquire();
        try {
            int size = abi.size();
            abi.put(s.buffer, Scratch.DATA, fd, EVFILT_READ, EV_ADD | EV_CLEAR, 0, token);
            abi.put(s.buffer, Scratch.DATA + size, fd, EVFILT_WRITE, EV_ADD | EV_CLEAR, 0, token);
            change(s.address + Scratch.DATA, 2);
        } finally {
            s.release();
            descriptors.exit();
        }
    }

    @Override
    public boolean nestable() {
        return true;
    }

    /**
     * Adds the inner poller's kqueue to this one as {@code EVFILT_READ} with {@code EV_CLEAR}: a kqueue
     * is readable while it has pending events, and the knote fires again whenever a new one is queued.
     * Registered once; closing the inner kqueue removes it.
     */
    @Override
    public void nest(Poller inner, long token) throws IOException {
        if (!(inner instanceof KqueuePoller k) || k == this) {
            throw new IllegalArgumentException("not another kqueue poller: " + inner);
        }
        descriptors.enter();
        try {
            k.descriptors.enter();
            Scratch s = Scratch.acquire();
            try {
                abi.put(s.buffer, Scratch.DATA, k.kq, EVFILT_READ, EV_ADD | EV_CLEAR, 0, token);
                change(s.address + Scratch.DATA, 1);
            } finally {
                s.release();
                k.descriptors.exit();
            }
        } finally {
            descriptors.exit();
        }
    }

    @Override
    public void deregister(Handle handle) throws IOException {
        int fd = fd(handle);
        descriptors.enter();
        Scratch s = Scratch.acquire();
        try {
            int size = abi.size();
            int receipts = Scratch.DATA + 2 * size;
            abi.put(s.buffer, Scratch.DATA, fd, EVFILT_READ, EV_DELETE | EV_RECEIPT, 0, 0L);
            abi.put(s.buffer, Scratch.DATA + size, fd, EVFILT_WRITE, EV_DELETE | EV_RECEIPT, 0, 0L);
            s.buffer.putLong(Scratch.VALUE, 0L); // a zero timespec: never wait here
            s.buffer.putLong(Scratch.VALUE + 8, 0L);
            int n;
            do {
                n = Kqueue.kevent(kq, s.address + Scratch.DATA, 2, s.address + receipts, 2,
                        s.address + Scratch.VALUE);
            } while (n == -OS.EINTR());
            if (n < 0) {
                throw error("kevent", -n);
            }
            for (int i = 0; i < n; i++) {
                long errno = abi.data(s.buffer, receipts + i * size);
                if (errno != 0) {
                    throw error("kevent", (int) errno);
                }
            }
        } finally {
            s.release();
            descriptors.exit();
        }
    }

    /** Applies {@code n} changes at {@code changes} with no event list; EINTR retried as Go does. */
    private void change(long changes, int n) throws SyscallException {
        for (;;) {
            int r = Kqueue.kevent(kq, changes, n, 0, 0, 0);
            if (r >= 0) {
                return;
            }
            int e = -r;
            if (e != OS.EINTR()) {
                throw error("kevent", e);
            }
        }
    }

    @Override
    public int poll(long timeoutNanos, EventSink sink) throws IOException {
        descriptors.enter();
        try {
            long timespec = 0;
            if (timeoutNanos >= 0) {
                fixed.putLong(TIMESPEC, timeoutSeconds(timeoutNanos));
                fixed.putLong(TIMESPEC + 8, timeoutNanos % NANOS_PER_SECOND);
                timespec = fixedAddress + TIMESPEC;
            }
            int n;
            for (;;) {
                n = Kqueue.kevent(kq, 0, 0, eventsAddress, MAX_EVENTS, timespec);
                if (n >= 0) {
                    break;
                }
                int e = -n;
                if (e != OS.EINTR() && !Errno.ETIMEDOUT.equals(OS.errno(e))) {
                    throw error("kevent", e);
                }
                if (timeoutNanos > 0) {
                    return 0; // the caller recomputes how long to sleep
                }
            }
            return deliver(n, timeoutNanos != 0, sink);
        } finally {
            descriptors.exit();
        }
    }

    /** The seconds of a poll's timespec, capped as Go caps them. */
    static long timeoutSeconds(long timeoutNanos) {
        return Math.min(timeoutNanos / NANOS_PER_SECOND, MAX_TIMEOUT_SECONDS);
    }

    /** Hands the first {@code n} events of the array to the sink; see the class comment for the rules. */
    int deliver(int n, boolean blocking, EventSink sink) throws IOException {
        int size = abi.size();
        int delivered = 0;
        for (int i = 0; i < n; i++) {
            int off = i * size;
            short filter = abi.filter(events, off);
            if (filter == abi.evfiltUser()) {
                long ident = abi.ident(events, off);
                if (ident != WAKE_IDENT) {
                    throw new IOException("netpoll: EVFILT_USER event for an unexpected ident 0x"
                            + Long.toHexString(ident));
                }
                if (blocking) {
                    wakeSig.set(false);
                } else {
                    trigger(); // a non-blocking poll took a wakeup meant for the blocking one: relay it
                }
                continue;
            }
            int flags = abi.flags(events, off);
            int mode = 0;
            if (filter == EVFILT_READ) {
                mode = (flags & EV_EOF) != 0 ? READ | WRITE | HANGUP : READ;
            } else if (filter == EVFILT_WRITE) {
                mode = WRITE;
            }
            if (mode != 0) {
                sink.ready(abi.udata(events, off), mode, flags == EV_ERROR);
                delivered++;
            }
        }
        return delivered;
    }

    @Override
    public void wakeup() throws IOException {
        if (!wakeSig.compareAndSet(false, true)) {
            return;
        }
        if (!descriptors.tryEnter()) {
            return; // closed: there is no poll left to wake
        }
        try {
            trigger();
        } finally {
            descriptors.exit();
        }
    }

    /** Go's {@code wakeNetpoll}: NOTE_TRIGGER on the wakeup knote, from the change built once. */
    private void trigger() throws SyscallException {
        change(fixedAddress + TRIGGER, 1);
    }

    @Override
    public boolean needsArm() {
        return false;
    }

    /** Never needed: registrations are edge-triggered for both directions. */
    @Override
    public void arm(long token, int mode) {
        throw new UnsupportedOperationException("kqueue is edge-triggered: arm is never needed (needsArm() is false)");
    }

    @Override
    public boolean isPollerDescriptor(Handle handle) {
        return descriptors.owns(handle);
    }

    /**
     * Closes the poller. A poll blocked on another thread returns; the descriptor is closed when the
     * last call using it has left (at once when none is in flight). Later calls fail, except
     * {@link #wakeup()}, which has nothing to wake and returns.
     */
    @Override
    public void close() throws IOException {
        descriptors.close(this::trigger);
    }

    @Override
    public String toString() {
        return "KqueuePoller[kq=" + kq + ", " + abi.os() + " struct kevent]";
    }
}
