package io.netpoll.runtime;

import io.netpoll.spi.SocketType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.netpoll.runtime.Threads.awaitWaiters;
import static io.netpoll.spi.Poller.READ;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The poller loop, shared and private servers, the slot table and poller failure. */
@Timeout(20)
class PollServerTest {

    @Test
    void ofGivesOneSharedServerPerProviderThatIsNeverClosed() {
        FakeProvider a = new FakeProvider();
        FakeProvider b = new FakeProvider();
        PollServer s = PollServer.of(a);
        assertSame(s, PollServer.of(a));
        assertNotSame(s, PollServer.of(b));
        assertSame(a, s.provider());
        assertThrows(UnsupportedOperationException.class, s::close);
        assertTrue(a.pollers.isEmpty(), "the poller opens with the first registration, not before");
    }

    @Test
    void thePollerLoopRunsOnOneNamedDaemonPlatformThread() throws Exception {
        FakeProvider provider = new FakeProvider();
        PollServer server = PollServer.of(provider);
        FD first = FD.open(server, new FakeHandle(SocketType.STREAM), SocketType.STREAM);
        FD second = FD.open(server, new FakeHandle(SocketType.STREAM), SocketType.STREAM);
        FakePoller poller = provider.pollers.getFirst();
        Threads.eventually("poller thread waiting", () -> poller.waitThread != null);
        Thread t = poller.waitThread;
        assertEquals("netpoll-fake-poller", t.getName());
        assertTrue(t.isDaemon());
        assertFalse(t.isVirtual());
        if (server.subPolled()) {
            assertEquals(1 + PollServer.SUB_POLLERS, provider.pollers.size(), "the master and its sub-pollers");
            for (int i = 1; i < provider.pollers.size(); i++) {
                FakePoller sub = provider.pollers.get(i);
                Threads.eventually("sub-poller polling", () -> sub.pollThread != null);
                assertEquals("netpoll-fake-poller-" + (i - 1), sub.pollThread.getName());
                assertTrue(sub.pollThread.isVirtual());
            }
        } else {
            assertEquals(1, provider.pollers.size());
        }
        first.close();
        second.close();
        assertEquals(0, server.descriptors());
    }

    @Test
    void theModeIsVthreadByDefaultAndPlatformForPollersThatCannotNest() throws Exception {
        boolean vthread = System.getProperty(PollServer.MODE_PROPERTY, "vthread").equals("vthread");
        for (boolean levelTriggered : new boolean[] {false, true}) {
            PollServer server = PollServer.create(new FakeProvider(levelTriggered));
            PollDesc pd = server.open(new FakeHandle(SocketType.STREAM));
            assertEquals(vthread && !levelTriggered, server.subPolled(), "level-triggered: " + levelTriggered);
            pd.evict();
            pd.close();
            server.close();
        }
    }

    @Test
    void aBadModeIsAClearError() {
        String old = System.getProperty(PollServer.MODE_PROPERTY);
        System.setProperty(PollServer.MODE_PROPERTY, "fibers");
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PollServer.create(new FakeProvider()));
            assertEquals("-Dnetpoll.pollerMode=fibers: the poller mode is vthread or platform", e.getMessage());
        } finally {
            if (old == null) {
                System.clearProperty(PollServer.MODE_PROPERTY);
            } else {
                System.setProperty(PollServer.MODE_PROPERTY, old);
            }
        }
    }

    @Test
    void aPrivateServerStopsItsLoopAndClosesItsPollerOnce() throws Exception {
        FakeProvider provider = new FakeProvider();
        PollServer server = PollServer.create(provider);
        assertNotSame(server, PollServer.create(provider));
        FD fd = FD.open(server, new FakeHandle(SocketType.STREAM), SocketType.STREAM);
        for (FakePoller p : provider.pollers) {
            Threads.eventually("poller thread polling", () -> p.pollThread != null);
        }
        IllegalStateException busy = assertThrows(IllegalStateException.class, server::close);
        assertEquals("poll server still has 1 open descriptor(s)", busy.getMessage());
        fd.close();
        server.close();
        for (FakePoller p : provider.pollers) {
            assertTrue(p.closed);
            assertFalse(p.pollThread.isAlive());
        }
        assertEquals(1, provider.pollers.getFirst().wakeups.get(), "one wakeup stops the loop");
        server.close();
        assertThrows(IllegalStateException.class, () -> server.open(new FakeHandle(SocketType.STREAM)));
    }

    @Test
    void aServerClosedBeforeItStartedOpensNothing() throws Exception {
        FakeProvider provider = new FakeProvider();
        PollServer server = PollServer.create(provider);
        server.close();
        assertTrue(provider.pollers.isEmpty());
        FakeHandle h = new FakeHandle(SocketType.STREAM);
        assertThrows(IllegalStateException.class, () -> FD.open(server, h, SocketType.STREAM));
        assertEquals(1, h.closes.get(), "FD.open owns the handle even when it fails");
    }

    @Test
    void aPollerThatCannotOpenFailsTheRegistrationWithItsCause() {
        FakeProvider broken = new FakeProvider() {
            @Override
            public FakePoller openPoller() throws IOException {
                throw new IOException("no poller here");
            }
        };
        PollServer server = PollServer.create(broken);
        IOException e = assertThrows(IOException.class, () -> server.open(new FakeHandle(SocketType.STREAM)));
        assertEquals("no poller here", e.getMessage());
        assertEquals(0, server.descriptors());
    }

    @Test
    void aPollerThreadThatCannotStartLeavesNothingAndTheNextOpenTriesAgain() throws Exception {
        FakeProvider provider = new FakeProvider();
        AtomicBoolean refuse = new AtomicBoolean(true);
        ThreadFactory threads = r -> refuse.get() ? new Thread(r) {
            @Override
            public void start() {
                throw new OutOfMemoryError("unable to create native thread: possibly out of memory");
            }
        } : new Thread(r);
        PollServer server = PollServer.create(provider, threads);
        for (int attempt = 0; attempt < 2; attempt++) {
            IOException e = assertThrows(IOException.class, () -> server.open(new FakeHandle(SocketType.STREAM)));
            assertInstanceOf(OutOfMemoryError.class, e.getCause(), "attempt " + attempt);
        }
        assertEquals(0, server.descriptors());
        assertTrue(provider.pollers.stream().allMatch(p -> p.closed), "every poller opened by a failed start is closed");
        refuse.set(false);
        FakeHandle h = new FakeHandle(SocketType.STREAM);
        FD fd = FD.open(server, h, SocketType.STREAM);
        Threads.Call<Integer> reader = Threads.VIRTUAL.call(() -> fd.read(ByteBuffer.allocate(8)));
        awaitWaiters(server, 1);
        h.feed((byte) 1, (byte) 2);
        assertEquals(2, reader.get(), "a wait after the start that worked ends");
        fd.close();
        server.close();
        assertTrue(provider.pollers.stream().allMatch(p -> p.closed));
    }

    @Test
    void aCpuBoundVirtualThreadOnEveryCarrierDoesNotStarveReadiness() throws Exception {
        FakeProvider provider = new FakeProvider();
        PollServer server = PollServer.create(provider);
        FakeHandle h = new FakeHandle(SocketType.STREAM);
        FD fd = FD.open(server, h, SocketType.STREAM);
        Threads.Call<Integer> reader = Threads.PLATFORM.call(() -> fd.read(ByteBuffer.allocate(8)));
        awaitWaiters(server, 1);
        int carriers = Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
                Runtime.getRuntime().availableProcessors());
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch spinning = new CountDownLatch(carriers);
        List<Thread> hogs = new ArrayList<>();
        try {
            for (int i = 0; i < carriers; i++) {
                hogs.add(Thread.ofVirtual().start(() -> {
                    spinning.countDown();
                    while (!stop.get()) {
                        Thread.onSpinWait();
                    }
                }));
            }
            assertTrue(spinning.await(10, TimeUnit.SECONDS), "every carrier runs a CPU-bound virtual thread");
            long start = System.nanoTime();
            h.feed((byte) 7);
            assertEquals(1, reader.get(), "the read ends while every carrier is busy");
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(ms < Threads.PATIENCE.toMillis(), "readiness took " + ms + " ms with every carrier busy");
        } finally {
            stop.set(true);
            for (Thread t : hogs) {
                t.join();
            }
        }
        fd.close();
        server.close();
    }

    @Test
    void aRefusedRegistrationLeavesNothingBehind() throws Exception {
        FakeProvider provider = new FakeProvider();
        try (PollServer server = PollServer.create(provider)) {
            FakeHandle h = new FakeHandle(SocketType.STREAM);
            h.failRegister = true;
            IOException e = assertThrows(IOException.class, () -> server.open(h));
            assertEquals("register refused", e.getMessage());
            assertEquals(0, server.descriptors());
            PollDesc pd = server.open(new FakeHandle(SocketType.STREAM));
            assertEquals(0, pd.token() >>> 32, "the refused descriptor's slot was freed");
            pd.evict();
            pd.close();
        }
    }

    @Test
    void theSlotTableGrowsAndFreedSlotsAreReusedLastInFirstOut() throws Exception {
        FakeProvider provider = new FakeProvider();
        try (PollServer server = PollServer.create(provider)) {
            PollDesc[] pds = new PollDesc[200];
            for (int i = 0; i < pds.length; i++) {
                pds[i] = server.open(new FakeHandle(SocketType.STREAM));
                assertEquals(i, pds[i].token() >>> 32);
            }
            assertEquals(200, server.descriptors());
            pds[150].evict(); // an event for a slot beyond the first table still finds its descriptor
            provider.poller().inject(pds[199].token(), READ, false);
            assertEquals(PollDesc.OK, pds[199].await(READ));
            for (int i : new int[] {7, 150}) {
                if (i != 150) {
                    pds[i].evict();
                }
                pds[i].close();
            }
            PollDesc again = server.open(new FakeHandle(SocketType.STREAM));
            assertEquals(150, again.token() >>> 32);
            PollDesc andAgain = server.open(new FakeHandle(SocketType.STREAM));
            assertEquals(7, andAgain.token() >>> 32);
            for (PollDesc pd : pds) {
                if (pd != pds[7] && pd != pds[150]) {
                    pd.evict();
                    pd.close();
                }
            }
            for (PollDesc pd : new PollDesc[] {again, andAgain}) {
                pd.evict();
                pd.close();
            }
            assertEquals(0, server.descriptors());
        }
    }

    @ParameterizedTest
    @EnumSource(Threads.class)
    void aFailedPollerWakesEveryWaiterWithTheCause(Threads kind) throws Exception {
        failedPoller(kind, new IOException("epoll_wait: bad file descriptor"),
                "netpoll: the fake poller failed: java.io.IOException: epoll_wait: bad file descriptor");
    }

    @ParameterizedTest
    @EnumSource(Threads.class)
    void anErrorInsidePollFailsEveryWaiterAndEveryLaterOpen(Threads kind) throws Exception {
        failedPoller(kind, new InternalError("a provider bug"),
                "netpoll: the fake poller failed: java.lang.InternalError: a provider bug");
    }

    private static void failedPoller(Threads kind, Throwable cause, String message) throws Exception {
        FakeProvider provider = new FakeProvider();
        PollServer server = PollServer.create(provider);
        FakeHandle h = new FakeHandle(SocketType.STREAM);
        FD fd = FD.open(server, h, SocketType.STREAM);
        FakeHandle other = new FakeHandle(SocketType.STREAM);
        FD otherFd = FD.open(server, other, SocketType.STREAM);
        Threads.Call<Integer> reader = kind.call(() -> fd.read(ByteBuffer.allocate(1)));
        other.room(0);
        Threads.Call<Integer> writer = kind.call(() -> otherFd.write(ByteBuffer.allocate(1)));
        awaitWaiters(server, 2);
        if (cause instanceof IOException io) {
            provider.poller().fail(io);
        } else {
            provider.poller().fail((Error) cause);
        }
        for (Threads.Call<Integer> call : List.of(reader, writer)) {
            IOException e = assertInstanceOf(IOException.class, call.failure());
            assertEquals(message, e.getMessage());
            assertSame(cause, e.getCause());
        }
        assertEquals(0, server.waiters());
        assertThrows(IOException.class, () -> fd.read(ByteBuffer.allocate(1)), "no later wait hangs either");
        IOException later = assertThrows(IOException.class, () -> server.open(new FakeHandle(SocketType.STREAM)));
        assertSame(cause, later.getCause());
        fd.close();
        otherFd.close();
        assertEquals(1, h.closes.get());
        server.close();
        assertTrue(provider.pollers.stream().allMatch(p -> p.closed));
    }
}
