package io.netpoll.epoll;

import io.netpoll.posix.PosixSockets;
import io.netpoll.posix.internal.Libc;
import io.netpoll.posix.internal.OsTable;
import io.netpoll.spi.EventSink;
import io.netpoll.spi.Handle;
import io.netpoll.spi.Poller;
import io.netpoll.spi.SocketType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EpollPollerTest {

    private static final long FIVE_SECONDS = 5_000_000_000L;

    private final EpollProvider provider = new EpollProvider();
    private PosixSockets sockets;
    private EpollPoller poller;
    private final List<Handle> open = new ArrayList<>();
    private long fdsBefore;

    /** What one poll delivered, in order. */
    private record Event(long token, int mode, boolean error) {
    }

    private final List<Event> seen = new ArrayList<>();
    private final EventSink sink = (token, mode, error) -> seen.add(new Event(token, mode, error));

    @BeforeEach
    void setUp() throws IOException {
        assertTrue(provider.availability().available(), provider.availability().toString());
        sockets = (PosixSockets) provider.sockets();
        fdsBefore = openFds();
        poller = (EpollPoller) provider.openPoller();
    }

    @AfterEach
    void tearDown() throws IOException {
        poller.close();
        for (Handle h : open) {
            sockets.close(h);
        }
        assertEquals(fdsBefore, openFds(), "descriptors leaked");
    }

    /** Open descriptors of this process: sockets, epoll instances and eventfds. */
    static long openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.filter(EpollPollerTest::isNetpollKind).count();
        }
    }

    private static boolean isNetpollKind(Path fd) {
        try {
            String target = Files.readSymbolicLink(fd).toString();
            return target.startsWith("socket:") || target.contains("eventpoll") || target.contains("eventfd");
        } catch (IOException e) {
            return false;
        }
    }

    private Handle[] pair() throws IOException {
        Handle[] p = sockets.socketpair(SocketType.STREAM);
        open.add(p[0]);
        open.add(p[1]);
        return p;
    }

    /** Polls until an event for {@code token} arrives; returns it and forgets what was seen. */
    private Event awaitEvent(long token) throws IOException {
        Event e = awaitEventKeeping(token);
        seen.clear();
        return e;
    }

    /** Polls until an event for {@code token} arrives, keeping everything seen. */
    private Event awaitEventKeeping(long token) throws IOException {
        long end = System.nanoTime() + FIVE_SECONDS;
        for (;;) {
            for (Event e : seen) {
                if (e.token() == token) {
                    return e;
                }
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            poller.poll(left, sink);
        }
    }

    @Test
    void providerIsAvailableAndNamed() {
        assertEquals("epoll", provider.name());
        assertEquals(300, provider.priority());
        assertTrue(provider.availability().available());
        assertFalse(poller.needsArm());
        assertTrue(provider.sockets() == provider.sockets(), "one socket layer");
    }

    @Test
    void registrationReportsWritableAtOnceThenReadableOnData() throws Exception {
        Handle[] p = pair();
        poller.register(p[0], 42);
        Event first = awaitEvent(42);
        assertNotNull(first, "an already-writable socket queues an event when registered");
        assertEquals(Poller.WRITE, first.mode());
        assertFalse(first.error());

        assertEquals(0, poller.poll(0, sink), "edge-triggered: nothing new");
        sockets.write(p[1], ByteBuffer.wrap(new byte[] {7}));
        Event data = awaitEvent(42);
        assertNotNull(data);
        assertTrue((data.mode() & Poller.READ) != 0);
        assertFalse(data.error());
    }

    @Test
    void theEventArrayDoublesWhenAPollFillsIt() throws Exception {
        int sockets = EpollPoller.INITIAL_EVENTS + 10;
        for (int i = 0; i < sockets; i++) {
            poller.register(pair()[0], i); // each queues one event: writable
        }
        assertEquals(EpollPoller.INITIAL_EVENTS, poller.capacity());
        assertEquals(EpollPoller.INITIAL_EVENTS, poller.poll(0, sink), "a full array");
        assertEquals(2 * EpollPoller.INITIAL_EVENTS, poller.capacity(), "doubled after a full poll");
        assertEquals(10, poller.poll(0, sink), "the rest");
        assertEquals(2 * EpollPoller.INITIAL_EVENTS, poller.capacity(), "not after a poll with room left");
        assertEquals(sockets, seen.stream().map(Event::token).distinct().count());
    }

    @Test
    void aNestedPollerRaisesAnEdgeInTheOuterOneForEachNewEvent() throws Exception {
        assertTrue(poller.nestable());
        EpollPoller inner = (EpollPoller) provider.openPoller();
        try {
            poller.nest(inner, 9);
            Handle[] p = pair();
            inner.register(p[0], 42); // writable at once: an event in the inner poller
            assertEquals(new Event(9, Poller.READ, false), awaitEvent(9));
            assertEquals(0, poller.poll(0, sink), "edge-triggered: nothing new");
            List<Event> innerSeen = new ArrayList<>();
            assertEquals(1, inner.poll(0, (t, m, e) -> innerSeen.add(new Event(t, m, e))));
            assertEquals(List.of(new Event(42, Poller.WRITE, false)), innerSeen);
            sockets.write(p[1], ByteBuffer.wrap(new byte[] {7}));
            assertEquals(new Event(9, Poller.READ, false), awaitEvent(9), "new data: a new edge");
            assertThrows(IllegalArgumentException.class, () -> poller.nest(poller, 10));
            assertThrows(IllegalArgumentException.class, () -> poller.nest(null, 10));
            assertThrows(IllegalArgumentException.class, () -> poller.nest(inner, EpollPoller.WAKE_TOKEN));
        } finally {
            inner.close();
        }
    }

    @Test
    void peerCloseMakesBothDirectionsReady() throws Exception {
        Handle[] p = pair();
        poller.register(p[0], 7);
        awaitEvent(7);
        sockets.close(p[1]);
        open.remove(p[1]);
        Event hup = awaitEvent(7);
        assertNotNull(hup);
        assertEquals(Poller.READ | Poller.WRITE | Poller.HANGUP, hup.mode(), "EPOLLRDHUP|EPOLLHUP");
        assertFalse(hup.error(), "EPOLLHUP is not an error by itself");
    }

    @Test
    void nothingArrivesAfterDeregister() throws Exception {
        Handle[] p = pair();
        poller.register(p[0], 5);
        awaitEvent(5);
        poller.deregister(p[0]);
        sockets.write(p[1], ByteBuffer.wrap(new byte[] {1}));
        assertEquals(0, poller.poll(100_000_000L, sink));
        assertTrue(seen.isEmpty());
    }

    @Test
    void aReusedDescriptorNumberCarriesOnlyItsNewToken() throws Exception {
        Handle[] p = pair();
        int number = ((io.netpoll.posix.PosixHandle) p[0]).fd();
        poller.register(p[0], 1L << 32 | 1);
        poller.deregister(p[0]);
        sockets.close(p[0]);
        open.remove(p[0]);
        Handle[] q = pair(); // the lowest free number: very likely the one just closed
        poller.register(q[0], 2L << 32 | 1);
        sockets.write(q[1], ByteBuffer.wrap(new byte[] {1}));
        assertNotNull(awaitEventKeeping(2L << 32 | 1));
        for (Event e : seen) {
            assertEquals(2L << 32 | 1, e.token(), "descriptor " + number + " reused: only the new token may appear");
        }
    }

    @Test
    void theWakeupTokenIsReserved() throws Exception {
        Handle[] p = pair();
        assertThrows(IllegalArgumentException.class, () -> poller.register(p[0], EpollPoller.WAKE_TOKEN));
        assertThrows(UnsupportedOperationException.class, () -> poller.arm(1, Poller.READ));
    }

    @Test
    void wakeupsCoalesceIntoOneWrite() throws Exception {
        for (int i = 0; i < 100; i++) {
            poller.wakeup();
        }
        ByteBuffer counter = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
        assertEquals(8, Libc.read(poller.eventfd, Libc.address(counter), 8));
        assertEquals(1L, counter.getLong(0), "one write for a burst of wakeups");
        // The flag is still set, so a further wakeup writes nothing until a blocking poll clears it.
        poller.wakeup();
        assertEquals(-OsTable.current().EAGAIN(), Libc.read(poller.eventfd, Libc.address(counter), 8));
    }

    @Test
    void aNonBlockingPollLeavesTheWakeupForTheBlockingOne() throws Exception {
        poller.wakeup();
        assertEquals(0, poller.poll(0, sink));
        long start = System.nanoTime();
        assertEquals(0, poller.poll(-1, sink), "the wakeup is still pending, so this returns");
        assertTrue(System.nanoTime() - start < FIVE_SECONDS);
        // Drained and cleared: the next wakeup writes again and wakes again.
        poller.wakeup();
        assertEquals(0, poller.poll(FIVE_SECONDS, sink));
        start = System.nanoTime();
        assertEquals(0, poller.poll(50_000_000L, sink));
        assertTrue(System.nanoTime() - start >= 40_000_000L, "nothing pending any more: the timeout runs");
    }

    @Test
    void aBlockedPollIsWokenByWakeupFromAnotherThread() throws Exception {
        CountDownLatch polling = new CountDownLatch(1);
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            polling.countDown();
            try {
                result.set(poller.poll(-1, (token, mode, error) -> { }));
            } catch (Throwable e) {
                result.set(e);
            }
        });
        assertTrue(polling.await(5, TimeUnit.SECONDS));
        Thread.sleep(50); // let it block in epoll_wait
        poller.wakeup();
        t.join(5_000);
        assertFalse(t.isAlive(), "poll(-1) did not return after wakeup");
        assertEquals(0, result.get());
    }

    @Test
    void closeWakesABlockedPollAndClosesTheDescriptorsAfterIt() throws Exception {
        // Nothing shows from outside that the poll thread is inside its poll: when close comes before
        // the poll begins, the poll fails as any call after close does, and the round is repeated with
        // a new poller and a longer head start.
        for (long headStart = 50; ; headStart *= 2) {
            AtomicReference<Object> result = new AtomicReference<>();
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    result.set(poller.poll(-1, (token, mode, error) -> { }));
                } catch (Throwable e) {
                    result.set(e);
                }
            });
            Thread.sleep(headStart);
            poller.close();
            t.join(5_000);
            assertFalse(t.isAlive(), "close did not end the blocked poll");
            if (!(result.get() instanceof IOException late)) {
                assertEquals(0, result.get());
                break;
            }
            assertEquals("epoll poller is closed", late.getMessage(), "a poll begun after close");
            assertTrue(headStart < 2_000, "the poll thread did not begin its poll within " + headStart + " ms");
            poller = (EpollPoller) provider.openPoller();
        }
        assertEquals(fdsBefore, openFds(), "epoll and eventfd closed");
        IOException e = assertThrows(IOException.class, () -> poller.poll(0, sink));
        assertEquals("epoll poller is closed", e.getMessage());
        poller.wakeup(); // nothing to wake: no error
        poller.close(); // idempotent
    }

    @Test
    void pollerDescriptorsAreRecognised() throws Exception {
        Handle[] p = pair();
        assertFalse(poller.isPollerDescriptor(p[0]));
        assertFalse(poller.isPollerDescriptor(new Handle() { }));
    }

    @Test
    void eventDecodingFollowsGo() throws Exception {
        EpollTable layout = EpollProvider.Probe.layout();
        ByteBuffer ev = poller.events;
        int[][] cases = {
                {EpollTable.EPOLLIN, Poller.READ, 0},
                {EpollTable.EPOLLRDHUP, Poller.READ | Poller.HANGUP, 0},
                {EpollTable.EPOLLIN | EpollTable.EPOLLRDHUP, Poller.READ | Poller.HANGUP, 0},
                {EpollTable.EPOLLOUT, Poller.WRITE, 0},
                {EpollTable.EPOLLHUP, Poller.READ | Poller.WRITE | Poller.HANGUP, 0},
                {EpollTable.EPOLLERR, Poller.READ | Poller.WRITE, 1},
                {EpollTable.EPOLLERR | EpollTable.EPOLLIN, Poller.READ | Poller.WRITE, 0},
                {EpollTable.EPOLLERR | EpollTable.EPOLLHUP, Poller.READ | Poller.WRITE | Poller.HANGUP, 0},
        };
        for (int i = 0; i < cases.length; i++) {
            ev.putInt(i * layout.size(), cases[i][0]);
            ev.putLong(i * layout.size() + layout.dataOffset(), 1000 + i);
        }
        // An empty event and the wakeup (from a non-blocking poll) are skipped.
        ev.putInt(cases.length * layout.size(), 0);
        ev.putInt((cases.length + 1) * layout.size(), EpollTable.EPOLLIN);
        ev.putLong((cases.length + 1) * layout.size() + layout.dataOffset(), EpollPoller.WAKE_TOKEN);
        assertEquals(cases.length, poller.deliver(cases.length + 2, false, sink));
        for (int i = 0; i < cases.length; i++) {
            assertEquals(new Event(1000 + i, cases[i][1], cases[i][2] == 1), seen.get(i), "case " + i);
        }
        ev.putInt(0, EpollTable.EPOLLOUT);
        ev.putLong(layout.dataOffset(), EpollPoller.WAKE_TOKEN);
        IOException e = assertThrows(IOException.class, () -> poller.deliver(1, true, sink));
        assertEquals("netpoll: eventfd ready for something unexpected: 0x4", e.getMessage());
    }

    @Test
    void epollEventLayoutPerArchitecture() {
        assertEquals(new EpollTable("x86_64", 12, 4), EpollTable.forArch("amd64"));
        assertEquals(new EpollTable("aarch64", 16, 8), EpollTable.forArch("aarch64"));
        assertNull(EpollTable.forArch("riscv64"));
    }

    @Test
    void timeoutsBecomeMillisecondsLikeGo() {
        assertEquals(-1, EpollPoller.waitMillis(-1));
        assertEquals(0, EpollPoller.waitMillis(0));
        assertEquals(1, EpollPoller.waitMillis(1));
        assertEquals(1, EpollPoller.waitMillis(1_000_000));
        assertEquals(2, EpollPoller.waitMillis(1_000_001));
        assertEquals(1_000_000_000, EpollPoller.waitMillis(Long.MAX_VALUE));
        assertEquals(999_999_999, EpollPoller.waitMillis(999_999_999_000_000L));
    }

    @Test
    void foreignHandlesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> poller.register(new Handle() { }, 1));
    }
}
