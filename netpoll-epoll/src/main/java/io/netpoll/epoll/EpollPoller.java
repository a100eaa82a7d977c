package io.netpoll.epoll;

// Mirrors Go's src/runtime/netpoll_epoll.go.

import io.netpoll.posix.internal.Libc;
import io.netpoll.posix.internal.OsTable;
import io.netpoll.posix.internal.PollerDescriptors;
import io.netpoll.posix.internal.Scratch;
import io.netpoll.spi.EventSink;
import io.netpoll.spi.Handle;
import io.netpoll.spi.Poller;
import io.netpoll.spi.SyscallException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.netpoll.epoll.EpollTable.EFD_CLOEXEC;
import static io.netpoll.epoll.EpollTable.EFD_NONBLOCK;
import static io.netpoll.epoll.EpollTable.EPOLLERR;
import static io.netpoll.epoll.EpollTable.EPOLLET;
import static io.netpoll.epoll.EpollTable.EPOLLHUP;
import static io.netpoll.epoll.EpollTable.EPOLLIN;
import static io.netpoll.epoll.EpollTable.EPOLLOUT;
import static io.netpoll.epoll.EpollTable.EPOLLRDHUP;
import static io.netpoll.epoll.EpollTable.EPOLL_CLOEXEC;
import static io.netpoll.epoll.EpollTable.EPOLL_CTL_ADD;
import static io.netpoll.epoll.EpollTable.EPOLL_CTL_DEL;
import static io.netpoll.posix.internal.PollerDescriptors.error;
import static io.netpoll.posix.internal.PollerDescriptors.fd;

/**
 * An epoll instance and its eventfd wakeup: the platform half of Go's netpoller on Linux.
 *
 * <p><b>Registration</b> ({@code netpollopen}) happens once per socket, for its whole life:
 * {@code EPOLLIN|EPOLLOUT|EPOLLRDHUP|EPOLLET} with the caller's 64-bit token as {@code epoll_data}.
 * Edge-triggered, never modified: readiness is reported when it changes, and the runtime always tries
 * the system call before it waits, so nothing is lost and no {@code epoll_ctl} is paid per wait.
 * Registering a socket that is already ready queues an event at once. {@code deregister} is
 * {@code EPOLL_CTL_DEL} ({@code netpollclose}): needed before close(2), because a registration belongs
 * to the open file description, which outlives the descriptor if it was duplicated.
 *
 * <p><b>Polling</b> ({@code netpoll(delay)}): one {@code epoll_wait} into one native array of
 * {@value #INITIAL_EVENTS} events (as Go), which doubles whenever a poll fills it (as Netty's does), up
 * to {@value #MAX_EVENTS}, so that many ready sockets take few calls; the array is read through a native-order {@code ByteBuffer} view with the
 * architecture's {@code epoll_event} layout ({@link EpollTable}); nothing is allocated per event.
 * {@code EPOLLIN|EPOLLRDHUP|EPOLLHUP|EPOLLERR} make a socket readable and
 * {@code EPOLLOUT|EPOLLHUP|EPOLLERR} writable, and {@code EPOLLRDHUP|EPOLLHUP} add {@code HANGUP}; the event is an error only when {@code EPOLLERR} comes
 * alone, so an error that arrives with data does not poison the reads that can still succeed.
 *
 * <p><b>Wakeup</b> ({@code netpollBreak}): an eventfd registered level-triggered for {@code EPOLLIN}
 * only, under the reserved token {@link #WAKE_TOKEN}. {@link #wakeup()} writes to it only when it wins
 * the {@code wakeSig} flag (false to true), so a burst of wakeups costs one write. Only a blocking
 * poll drains it and clears the flag: a non-blocking poll that sees it leaves it readable, because a
 * poller blocked on another thread may still need to wake for it.
 *
 * <p><b>Closing</b>: every method that uses the epoll or eventfd descriptor holds a reference while it
 * does ({@link PollerDescriptors}). {@link #close()} marks the poller closed and wakes a blocked poll;
 * the last reference to leave closes both descriptors, so a descriptor number is never used after it
 * could have been reused.
 */
final class EpollPoller implements Poller {

    /** Events per epoll_wait at first, as Go. */
    static final int INITIAL_EVENTS = 128;
    /** The most events per epoll_wait the array grows to. */
    static final int MAX_EVENTS = 4096;

    /**
     * The token of the wakeup eventfd. {@link #register} refuses it, so no socket can be mistaken
     * for the wakeup; the runtime's tokens ({@code slot << 32 | seq}) never reach it.
     */
    static final long WAKE_TOKEN = RESERVED_TOKEN;

    private static final OsTable OS = OsTable.current();

    private final EpollTable layout;
    private final int epfd;
    /** Package-private for tests, which read its counter to see wakeups coalesce. */
    final int eventfd;
    /** The event array, touched only by the polling thread; package-private for tests of the decoding. */
    ByteBuffer events;
    private long eventsAddress;
    private int capacity;
    /** Eight bytes the poll thread drains the eventfd into. */
    private final long drainAddress;
    /** Eight bytes holding the value 1, written by wakeups from any thread; never changed. */
    private final long oneAddress;
    /** Keeps the native memory behind drainAddress and oneAddress alive. */
    private final ByteBuffer counters;

    /** Go's {@code netpollWakeSig}: a wakeup is in flight. */
    private final AtomicBoolean wakeSig = new AtomicBoolean();
    /** The epoll and eventfd descriptors and the calls using them. */
    private final PollerDescriptors descriptors;

    private EpollPoller(EpollTable layout, int epfd, int eventfd) {
        this.layout = layout;
        this.epfd = epfd;
        this.eventfd = eventfd;
        this.descriptors = new PollerDescriptors("epoll poller", Libc::close, eventfd, epfd);
        allocateEvents(INITIAL_EVENTS);
        this.counters = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder());
        long base = Libc.address(counters);
        this.drainAddress = base;
        this.oneAddress = base + 8;
        counters.putLong(8, 1L);
    }

    /** Go's {@code netpollinit}: epoll_create1, the eventfd, and its registration. */
    static EpollPoller open(EpollTable layout) throws IOException {
        int epfd = Epoll.epoll_create1(EPOLL_CLOEXEC);
        if (epfd < 0) {
            throw error("epoll_create1", -epfd);
        }
        int efd = Epoll.eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
        if (efd < 0) {
            Libc.close(epfd);
            throw error("eventfd", -efd);
        }
        try {
            control(layout, epfd, EPOLL_CTL_ADD, efd, EPOLLIN, WAKE_TOKEN);
        } catch (IOException e) {
            Libc.close(efd);
            Libc.close(epfd);
            throw e;
        }
        return new EpollPoller(layout, epfd, efd);
    }

    @Override
    public void register(Handle handle, long token) throws IOException {
        if (token == WAKE_TOKEN) {
            throw new IllegalArgumentException("token " + WAKE_TOKEN + " is reserved for the poller's wakeup");
        }
        int fd = fd(handle);
        descriptors.enter();
        try {
            control(layout, epfd, EPOLL_CTL_ADD, fd, EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET, token);
        } finally {
            descriptors.exit();
        }
    }

    @Override
    public void deregister(Handle handle) throws IOException {
        int fd = fd(handle);
        descriptors.enter();
        try {
            int r = Epoll.epoll_ctl(epfd, EPOLL_CTL_DEL, fd, 0);
            if (r < 0) {
                throw error("epoll_ctl", -r);
            }
        } finally {
            descriptors.exit();
        }
    }

    @Override
    public boolean nestable() {
        return true;
    }

    /**
     * Adds the inner poller's epoll descriptor to this one, {@code EPOLLIN|EPOLLET}: the kernel
     * raises an edge here whenever the inner instance's ready list gains an event. Registered once;
     * closing the inner poller's descriptor removes it.
     */
    @Override
    public void nest(Poller inner, long token) throws IOException {
        if (token == WAKE_TOKEN) {
            throw new IllegalArgumentException("token " + WAKE_TOKEN + " is reserved for the poller's wakeup");
        }
        if (!(inner instanceof EpollPoller e) || e == this) {
            throw new IllegalArgumentException("not another epoll poller: " + inner);
        }
        descriptors.enter();
        try {
            e.descriptors.enter();
            try {
                control(layout, epfd, EPOLL_CTL_ADD, e.epfd, EPOLLIN | EPOLLET, token);
            } finally {
                e.descriptors.exit();
            }
        } finally {
            descriptors.exit();
        }
    }

    /** epoll_ctl with an epoll_event built in a scratch. */
    private static void control(EpollTable layout, int epfd, int op, int fd, int mask, long token)
            throws SyscallException {
        Scratch s = Scratch.acquire();
        try {
            s.buffer.putInt(Scratch.VALUE, mask);
            if (layout.dataOffset() > 4) {
                s.buffer.putInt(Scratch.VALUE + 4, 0);
            }
            s.buffer.putLong(Scratch.VALUE + layout.dataOffset(), token);
            int r = Epoll.epoll_ctl(epfd, op, fd, s.address + Scratch.VALUE);
            if (r < 0) {
                throw error("epoll_ctl", -r);
            }
        } finally {
            s.release();
        }
    }

    @Override
    public int poll(long timeoutNanos, EventSink sink) throws IOException {
        int waitms = waitMillis(timeoutNanos);
        descriptors.enter();
        try {
            int n;
            for (;;) {
                n = Epoll.epoll_wait(epfd, eventsAddress, capacity, waitms);
                if (n >= 0) {
                    break;
                }
                int e = -n;
                if (e != OS.EINTR()) {
                    throw error("epoll_wait", e);
                }
                if (waitms > 0) {
                    return 0; // the caller recomputes how long to sleep
                }
            }
            int delivered = deliver(n, timeoutNanos != 0, sink);
            if (n == capacity && capacity < MAX_EVENTS) {
                allocateEvents(capacity * 2);
            }
            return delivered;
        } finally {
            descriptors.exit();
        }
    }

    private void allocateEvents(int count) {
        events = ByteBuffer.allocateDirect(count * layout.size()).order(ByteOrder.nativeOrder());
        eventsAddress = Libc.address(events);
        capacity = count;
    }

    /** How many events one poll takes now (for tests). */
    int capacity() {
        return capacity;
    }

    /** Hands the first {@code n} events of the array to the sink; the wakeup is drained only by a blocking poll. */
    int deliver(int n, boolean blocking, EventSink sink) throws IOException {
        int size = layout.size();
        int dataOffset = layout.dataOffset();
        int delivered = 0;
        for (int i = 0; i < n; i++) {
            int off = i * size;
            int ev = events.getInt(off);
            if (ev == 0) {
                continue;
            }
            long token = events.getLong(off + dataOffset);
            if (token == WAKE_TOKEN) {
                if (ev != EPOLLIN) {
                    throw new IOException("netpoll: eventfd ready for something unexpected: 0x"
                            + Integer.toHexString(ev));
                }
                if (blocking) {
                    // The counter resets to 0 (no EFD_SEMAPHORE); a failed read means it already was.
                    Libc.read(eventfd, drainAddress, 8);
                    wakeSig.set(false);
                }
                continue;
            }
            int mode = 0;
            if ((ev & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) != 0) {
                mode |= READ;
            }
            if ((ev & (EPOLLOUT | EPOLLHUP | EPOLLERR)) != 0) {
                mode |= WRITE;
            }
            if ((ev & (EPOLLRDHUP | EPOLLHUP)) != 0) {
                mode |= HANGUP;
            }
            if (mode != 0) {
                sink.ready(token, mode, ev == EPOLLERR);
                delivered++;
            }
        }
        return delivered;
    }

    /**
     * Go's {@code netpoll} delay to epoll_wait's milliseconds: negative waits forever, 0 not at all,
     * anything else at least 1 ms, rounded up so that a poll never returns before its timeout, and
     * capped at 1e9 ms (about 11.5 days).
     */
    static int waitMillis(long timeoutNanos) {
        if (timeoutNanos < 0) {
            return -1;
        }
        if (timeoutNanos == 0) {
            return 0;
        }
        if (timeoutNanos >= 1_000_000_000_000_000L) {
            return 1_000_000_000;
        }
        return (int) ((timeoutNanos + 999_999) / 1_000_000);
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
            signal();
        } finally {
            descriptors.exit();
        }
    }

    /** Writes 1 to the eventfd; EAGAIN means the counter is already non-zero, which is as good. */
    private void signal() throws SyscallException {
        for (;;) {
            long n = Libc.write(eventfd, oneAddress, 8);
            if (n == 8) {
                return;
            }
            int e = (int) -n;
            if (e == OS.EAGAIN()) {
                return;
            }
            if (e != OS.EINTR()) {
                throw error("write", e);
            }
        }
    }

    @Override
    public boolean needsArm() {
        return false;
    }

    /** Never needed: registrations are edge-triggered for both directions. */
    @Override
    public void arm(long token, int mode) {
        throw new UnsupportedOperationException("epoll is edge-triggered: arm is never needed (needsArm() is false)");
    }

    @Override
    public boolean isPollerDescriptor(Handle handle) {
        return descriptors.owns(handle);
    }

    /**
     * Closes the poller. A poll blocked on another thread returns; the descriptors are closed when
     * the last call using them has left (at once when none is in flight). Later calls fail, except
     * {@link #wakeup()}, which has nothing to wake and returns.
     */
    @Override
    public void close() throws IOException {
        descriptors.close(this::signal);
    }

    @Override
    public String toString() {
        return "EpollPoller[epfd=" + epfd + ", eventfd=" + eventfd + ", " + layout.arch() + "]";
    }
}
