package io.netpoll.runtime;

import io.netpoll.spi.SocketType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.ByteBuffer;

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
        assertEquals(1, provider.pollers.size());
        FakePoller poller = provider.poller();
        Threads.eventually("poller thread polling", () -> poller.pollThread != null);
        Thread t = poller.pollThread;
        assertEquals("netpoll-fake-poller", t.getName());
        assertTrue(t.isDaemon());
        assertFalse(t.isVirtual());
        first.close();
        second.close();
        assertEquals(0, server.descriptors());
    }

    @Test
    void aPrivateServerStopsItsLoopAndClosesItsPollerOnce() throws Exception {
        FakeProvider provider = new FakeProvider();
        PollServer server = PollServer.create(provider);
        assertNotSame(server, PollServer.create(provider));
        FD fd = FD.open(server, new FakeHandle(SocketType.STREAM), SocketType.STREAM);
        FakePoller poller = provider.poller();
        Threads.eventually("poller thread polling", () -> poller.pollThread != null);
        IllegalStateException busy = assertThrows(IllegalStateException.class, server::close);
        assertEquals("poll server still has 1 open descriptor(s)", busy.getMessage());
        fd.close();
        server.close();
        assertTrue(poller.closed);
        assertFalse(poller.pollThread.isAlive());
        assertEquals(1, poller.wakeups.get(), "one wakeup stops the loop");
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
        FakeProvider provider = new FakeProvider();
        PollServer server = PollServer.create(provider);
        FakeHandle h = new FakeHandle(SocketType.STREAM);
        FD fd = FD.open(server, h, SocketType.STREAM);
        Threads.Call<Integer> reader = kind.call(() -> fd.read(ByteBuffer.allocate(1)));
        awaitWaiters(server, 1);
        provider.poller().fail(new IOException("epoll_wait: bad file descriptor"));
        IOException e = assertInstanceOf(IOException.class, reader.failure());
        assertEquals("netpoll: the fake poller failed: java.io.IOException: epoll_wait: bad file descriptor",
                e.getMessage());
        assertEquals("epoll_wait: bad file descriptor", e.getCause().getMessage());
        assertEquals(0, server.waiters());
        assertThrows(IOException.class, () -> fd.read(ByteBuffer.allocate(1)), "no later wait hangs either");
        assertThrows(IOException.class, () -> server.open(new FakeHandle(SocketType.STREAM)));
        fd.close();
        assertEquals(1, h.closes.get());
        server.close();
    }
}
