package io.netpoll.kqueue;

import com.sun.jna.Library;
import com.sun.jna.Native;
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
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    /** The rest of close is the kit's ({@code PollerContractSuite}); here, what a later call says. */
    @Test
    void aCallAfterCloseSaysThePollerIsClosed() throws Exception {
        poller.close();
        assertEquals("kqueue poller is closed", assertThrows(IOException.class, () -> poller.poll(0, sink)).getMessage());
        assertEquals("kqueue poller is closed",
                assertThrows(IOException.class, () -> poller.register(pair()[0], 1)).getMessage());
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
