package io.netpoll.kqueue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.netpoll.posix.PosixHandle;
import io.netpoll.posix.PosixSockets;
import io.netpoll.spi.Errno;
import io.netpoll.spi.EventSink;
import io.netpoll.spi.Handle;
import io.netpoll.spi.Poller;
import io.netpoll.spi.SocketType;
import io.netpoll.spi.SyscallException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
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
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The poller through real kevent calls: on Linux through the test shim, once per struct kevent layout
 * (the pom runs the tests in a FreeBSD-layout JVM and again in a macOS-layout one).
 */
@ExtendWith(KqueueShim.class)
class KqueuePollerTest {

    private static final long FIVE_SECONDS = 5_000_000_000L;

    private final KqueueProvider provider = new KqueueProvider();
    private PosixSockets sockets;
    private KqueuePoller poller;
    private final List<Handle> open = new ArrayList<>();
    private long fdsBefore;

    /** What one poll delivered, in order. */
    private record Event(long token, int mode, boolean error) {
    }

    private final List<Event> seen = new ArrayList<>();
    private final EventSink sink = (token, mode, error) -> seen.add(new Event(token, mode, error));

    /** The shim's count of a kqueue's NOTE_TRIGGER changes: how many kernel wakeups were really asked for. */
    public interface ShimStats extends Library {
        long kqshim_triggers(int kq);
    }

    @BeforeEach
    void setUp() throws IOException {
        assertTrue(provider.availability().available(), provider.availability().toString());
        sockets = (PosixSockets) provider.sockets();
        fdsBefore = openFds();
        poller = (KqueuePoller) provider.openPoller();
    }

    @AfterEach
    void tearDown() throws IOException {
        poller.close();
        for (Handle h : open) {
            sockets.close(h);
        }
        assertEquals(fdsBefore, openFds(), "descriptors leaked");
    }

    /**
     * Open descriptors of this process that are sockets, epoll instances or eventfds (a shim kqueue
     * is one epoll instance holding two more and an eventfd); -1 where /proc/self/fd does not exist.
     */
    static long openFds() throws IOException {
        Path dir = Path.of("/proc/self/fd");
        if (!Files.isDirectory(dir)) {
            return -1;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(KqueuePollerTest::isNetpollKind).count();
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
        assertEquals("kqueue", provider.name());
        assertEquals(200, provider.priority(), "just below epoll's 300");
        assertFalse(poller.needsArm());
        assertSame(provider.sockets(), provider.sockets(), "one socket layer");
        assertTrue(poller.toString().contains(KqueueProvider.Target.current().table().os() + " struct kevent"),
                poller.toString());
    }

    @Test
    void aNestedPollerRaisesAnEdgeInTheOuterOneForEachNewEvent() throws Exception {
        assertTrue(poller.nestable());
        KqueuePoller inner = (KqueuePoller) provider.openPoller();
        try {
            poller.nest(inner, 9);
            Handle[] p = pair();
            inner.register(p[0], 42); // writable at once: an event in the inner poller
            assertEquals(new Event(9, Poller.READ, false), awaitEvent(9));
            List<Event> innerSeen = new ArrayList<>();
            assertEquals(1, inner.poll(0, (t, m, e) -> innerSeen.add(new Event(t, m, e))));
            assertEquals(List.of(new Event(42, Poller.WRITE, false)), innerSeen);
            assertEquals(0, poller.poll(0, sink), "EV_CLEAR: nothing new");
            sockets.write(p[1], ByteBuffer.wrap(new byte[] {7}));
            assertEquals(new Event(9, Poller.READ, false), awaitEvent(9), "new data: a new edge");
            assertThrows(IllegalArgumentException.class, () -> poller.nest(poller, 10));
            assertThrows(IllegalArgumentException.class, () -> poller.nest(null, 10));
        } finally {
            inner.close();
        }
    }

    @Test
    void registrationReportsWritableAtOnceThenReadableOnData() throws Exception {
        Handle[] p = pair();
        poller.register(p[0], 42);
        Event first = awaitEvent(42);
        assertNotNull(first, "an already-writable socket reports EVFILT_WRITE when registered");
        assertEquals(Poller.WRITE, first.mode());
        assertFalse(first.error());

        assertEquals(0, poller.poll(0, sink), "EV_CLEAR: nothing new");
        sockets.write(p[1], ByteBuffer.wrap(new byte[] {7}));
        Event data = awaitEvent(42);
        assertNotNull(data);
        assertEquals(Poller.READ, data.mode(), "EVFILT_READ without EV_EOF is read only");
        assertFalse(data.error());
        assertEquals(0, poller.poll(0, sink), "EV_CLEAR: the unread byte is not reported again");
    }

    @Test
    void tokensTravelAsAll64BitsOfUdata() throws Exception {
        long[] tokens = {Long.MIN_VALUE, -1L, 0xfedc_ba98_7654_3210L, 0L, Long.MAX_VALUE};
        for (long token : tokens) {
            Handle[] p = pair();
            poller.register(p[0], token);
            Event e = awaitEvent(token);
            assertNotNull(e, "token 0x" + Long.toHexString(token));
        }
    }

    @Test
    void peerCloseMakesBothDirectionsReady() throws Exception {
        Handle[] p = pair();
        poller.register(p[0], 7);
        awaitEvent(7);
        sockets.close(p[1]);
        open.remove(p[1]);
        Event eof = awaitEvent(7);
        assertNotNull(eof);
        assertEquals(Poller.READ | Poller.WRITE | Poller.HANGUP, eof.mode(), "EVFILT_READ with EV_EOF wakes a writer too");
        assertFalse(eof.error(), "EV_EOF is not an error by itself");
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
    void deregisteringWhatIsNotRegisteredFailsWithEnoent() throws Exception {
        Handle[] p = pair();
        poller.register(p[0], 5);
        poller.deregister(p[0]);
        SyscallException e = assertThrows(SyscallException.class, () -> poller.deregister(p[0]));
        assertSame(Errno.ENOENT, e.errno(), "the receipt's data is the errno");
        assertEquals("kevent: no such file or directory", e.getMessage());
        SyscallException never = assertThrows(SyscallException.class, () -> poller.deregister(p[1]));
        assertSame(Errno.ENOENT, never.errno());
    }

    @Test
    void registeringAClosedHandleFails() throws Exception {
        Handle[] p = pair();
        sockets.close(p[0]);
        open.remove(p[0]);
        SyscallException e = assertThrows(SyscallException.class, () -> poller.register(p[0], 1));
        assertSame(Errno.EBADF, e.errno());
    }

    @Test
    void aReusedDescriptorNumberCarriesOnlyItsNewToken() throws Exception {
        Handle[] p = pair();
        int number = ((PosixHandle) p[0]).fd();
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
    void wakeupsCoalesceIntoOneTrigger() throws Exception {
        assumeTrue(KqueueShim.onShim(), "counting triggers needs the shim");
        ShimStats stats = Native.load(System.getProperty(KqueueProvider.LIBRARY_PROPERTY), ShimStats.class);
        long before = stats.kqshim_triggers(poller.kq);
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 250; i++) {
                    try {
                        poller.wakeup();
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                }
            });
        }
        for (Thread t : threads) {
            t.join(5_000);
            assertFalse(t.isAlive());
        }
        assertEquals(before + 1, stats.kqshim_triggers(poller.kq), "1000 wakeups before a poll: one NOTE_TRIGGER");
        assertEquals(0, poller.poll(FIVE_SECONDS, sink), "the blocking poll takes it and clears the flag");
        poller.wakeup();
        assertEquals(before + 2, stats.kqshim_triggers(poller.kq), "after a blocking poll, a wakeup triggers again");
        assertEquals(0, poller.poll(FIVE_SECONDS, sink));
    }

    @Test
    void aBurstOfWakeupsWakesOnce() throws Exception {
        for (int i = 0; i < 100; i++) {
            poller.wakeup();
        }
        long start = System.nanoTime();
        assertEquals(0, poller.poll(-1, sink));
        assertTrue(System.nanoTime() - start < FIVE_SECONDS);
        start = System.nanoTime();
        assertEquals(0, poller.poll(50_000_000L, sink));
        assertTrue(System.nanoTime() - start >= 40_000_000L, "EV_CLEAR: nothing pending any more, the timeout runs");
    }

    @Test
    void aNonBlockingPollRelaysTheWakeupToTheBlockingOne() throws Exception {
        poller.wakeup();
        assertEquals(0, poller.poll(0, sink), "takes the wakeup and triggers it again");
        long start = System.nanoTime();
        assertEquals(0, poller.poll(-1, sink), "the relayed wakeup is pending, so this returns");
        assertTrue(System.nanoTime() - start < FIVE_SECONDS);
        start = System.nanoTime();
        assertEquals(0, poller.poll(50_000_000L, sink));
        assertTrue(System.nanoTime() - start >= 40_000_000L, "consumed by the blocking poll: the timeout runs");
        poller.wakeup();
        assertEquals(0, poller.poll(FIVE_SECONDS, sink), "the flag was cleared: a new wakeup wakes again");
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
        Thread.sleep(50); // let it block in kevent
        poller.wakeup();
        t.join(5_000);
        assertFalse(t.isAlive(), "poll(-1) did not return after wakeup");
        assertEquals(0, result.get());
    }

    @Test
    void aTimedPollWaitsItsTimeout() throws Exception {
        long start = System.nanoTime();
        assertEquals(0, poller.poll(100_000_000L, sink));
        long took = System.nanoTime() - start;
        assertTrue(took >= 90_000_000L, "returned after " + took + " ns");
        assertTrue(took < FIVE_SECONDS, "returned after " + took + " ns");
    }

    @Test
    void closeWakesABlockedPollAndClosesTheDescriptorAfterIt() throws Exception {
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
            assertEquals("kqueue poller is closed", late.getMessage(), "a poll begun after close");
            assertTrue(headStart < 2_000, "the poll thread did not begin its poll within " + headStart + " ms");
            poller = (KqueuePoller) provider.openPoller();
        }
        assertEquals(fdsBefore, openFds(), "the kqueue (and all a shim kqueue holds) closed");
        IOException e = assertThrows(IOException.class, () -> poller.poll(0, sink));
        assertEquals("kqueue poller is closed", e.getMessage());
        assertThrows(IOException.class, () -> poller.register(pair()[0], 1));
        poller.wakeup(); // nothing to wake: no error
        poller.close(); // idempotent
    }

    @Test
    void eventDecodingFollowsGo() throws Exception {
        KqueueTable t = KqueueProvider.Target.current().table();
        ByteBuffer ev = poller.events;
        short r = KqueueTable.EVFILT_READ;
        short w = KqueueTable.EVFILT_WRITE;
        int clear = KqueueTable.EV_CLEAR;
        int eof = KqueueTable.EV_EOF;
        int err = KqueueTable.EV_ERROR;
        int[][] cases = {
                {r, clear, Poller.READ, 0},
                {r, clear | eof, Poller.READ | Poller.WRITE | Poller.HANGUP, 0},
                {w, clear, Poller.WRITE, 0},
                {w, clear | eof, Poller.WRITE, 0},
                {r, err, Poller.READ, 1},
                {w, err, Poller.WRITE, 1},
                {r, err | eof, Poller.READ | Poller.WRITE | Poller.HANGUP, 0},
        };
        for (int i = 0; i < cases.length; i++) {
            t.put(ev, i * t.size(), 10 + i, (short) cases[i][0], cases[i][1], 0, 1000 + i);
        }
        // Another filter (EVFILT_PROC) is skipped; so is the wakeup, seen by a blocking poll.
        t.put(ev, cases.length * t.size(), 99, (short) -5, clear, 0, 1);
        t.put(ev, (cases.length + 1) * t.size(), KqueuePoller.WAKE_IDENT, t.evfiltUser(), clear, 0, 12345);
        assertEquals(cases.length, poller.deliver(cases.length + 2, true, sink));
        for (int i = 0; i < cases.length; i++) {
            assertEquals(new Event(1000 + i, cases[i][2], cases[i][3] == 1), seen.get(i), "case " + i);
        }
        t.put(ev, 0, 0xdeadL, t.evfiltUser(), clear, 0, 0);
        IOException e = assertThrows(IOException.class, () -> poller.deliver(1, true, sink));
        assertEquals("netpoll: EVFILT_USER event for an unexpected ident 0xdead", e.getMessage());
    }

    @Test
    void timespecSecondsAreCappedAsGo() {
        assertEquals(0, KqueuePoller.timeoutSeconds(999_999_999L));
        assertEquals(1, KqueuePoller.timeoutSeconds(1_500_000_000L));
        assertEquals(1_000_000, KqueuePoller.timeoutSeconds(1_000_000L * 1_000_000_000L));
        assertEquals(1_000_000, KqueuePoller.timeoutSeconds(Long.MAX_VALUE));
    }

    @Test
    void foreignHandlesAndArmAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> poller.register(new Handle() { }, 1));
        assertFalse(poller.isPollerDescriptor(new Handle() { }));
        assertThrows(UnsupportedOperationException.class, () -> poller.arm(1, Poller.READ));
    }

    @Test
    void socketsAreNotPollerDescriptors() throws Exception {
        Handle[] p = pair();
        assertFalse(poller.isPollerDescriptor(p[0]));
    }

    /**
     * Delivering events allocates nothing per event: 32 registered socketpairs made readable over and
     * over, with only the poll calls measured by the thread's allocation counter. Until the JIT has
     * compiled the path (escape analysis removes what the interpreter allocates) a round allocates, so
     * the best round counts; rounds go on for up to a minute, not a count of rounds, because on a busy
     * machine the compiler threads get the CPU late.
     */
    private static final long JIT_BUDGET_NANOS = 60_000_000_000L;

    @Test
    void pollAllocatesNothingPerEvent() throws Exception {
        int pairs = 32;
        Handle[][] p = new Handle[pairs][];
        for (int i = 0; i < pairs; i++) {
            p[i] = pair();
            poller.register(p[i][1], i);
        }
        int[] reads = new int[1];
        EventSink counting = (token, mode, error) -> {
            if ((mode & Poller.READ) != 0) {
                reads[0]++;
            }
        };
        ByteBuffer one = ByteBuffer.allocateDirect(1);
        ByteBuffer drain = ByteBuffer.allocateDirect(16);
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        double best = Double.MAX_VALUE;
        long start = System.nanoTime();
        int rounds = 0;
        for (; best > 0.5 && (rounds < 10 || System.nanoTime() - start < JIT_BUDGET_NANOS); rounds++) {
            long allocated = 0;
            long events = 0;
            for (int it = 0; it < 200; it++) {
                for (Handle[] h : p) {
                    one.clear();
                    sockets.write(h[0], one);
                }
                reads[0] = 0;
                long end = System.nanoTime() + FIVE_SECONDS;
                while (reads[0] < pairs && System.nanoTime() < end) {
                    long before = mx.getCurrentThreadAllocatedBytes();
                    poller.poll(FIVE_SECONDS, counting);
                    allocated += mx.getCurrentThreadAllocatedBytes() - before;
                }
                assertEquals(pairs, reads[0], "every pair readable once");
                events += reads[0];
                for (Handle[] h : p) {
                    drain.clear();
                    sockets.read(h[1], drain);
                }
            }
            best = Math.min(best, (double) allocated / events);
        }
        assertTrue(best <= 0.5, "bytes allocated per delivered event: " + best + " at best, over " + rounds
                + " rounds in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }
}
