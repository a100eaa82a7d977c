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
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    @Test
    void providerIsAvailableAndNamed() {
        assertEquals("epoll", provider.name());
        assertEquals(300, provider.priority());
        assertTrue(provider.availability().available());
        assertFalse(poller.needsArm());
        assertTrue(provider.sockets() == provider.sockets(), "one socket layer");
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
    void theWakeupTokenIsReserved() throws Exception {
        Handle[] p = pair();
        assertThrows(IllegalArgumentException.class, () -> poller.register(p[0], EpollPoller.WAKE_TOKEN));
        try (EpollPoller inner = (EpollPoller) provider.openPoller()) {
            assertThrows(IllegalArgumentException.class, () -> poller.nest(inner, EpollPoller.WAKE_TOKEN));
        }
    }

    /** The rest of close is the kit's ({@code PollerContractSuite}); here, what a later call says. */
    @Test
    void aCallAfterCloseSaysThePollerIsClosed() throws Exception {
        poller.close();
        assertEquals("epoll poller is closed", assertThrows(IOException.class, () -> poller.poll(0, sink)).getMessage());
        assertEquals("epoll poller is closed",
                assertThrows(IOException.class, () -> poller.register(pair()[0], 1)).getMessage());
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

}
