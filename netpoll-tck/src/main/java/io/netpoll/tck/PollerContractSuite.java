// Mirrors what Go's src/runtime/netpoll.go asks of each platform's netpoll_*.go: netpollopen,
// netpollclose, netpoll(delay), netpollBreak and, for the level-triggered ports, netpollarm.
package io.netpoll.tck;

import io.netpoll.Netpoll;
import io.netpoll.spi.EventSink;
import io.netpoll.spi.Family;
import io.netpoll.spi.Handle;
import io.netpoll.spi.NetpollProvider;
import io.netpoll.spi.Poller;
import io.netpoll.spi.Sockets;
import io.netpoll.spi.SocketType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The contract of a {@link Poller}, the SPI's platform half, as the runtime's poll server and an
 * event-loop framework rely on it: what a poller author proves a new poller against. It drives the
 * provider's own poller and sockets directly, over TCP loopback pairs made through the provider's
 * {@link Sockets}, with no net-core and no poll server in between.
 *
 * <p>Edge-triggered pollers and level-triggered ones ({@link Poller#needsArm()}) are both covered: where
 * the poller needs arming, the suite arms the mode it waits for, as the runtime does before it parks.
 * What only an edge-triggered poller promises (each edge reported once, the hang-up bit a reader needs
 * after a short read, no arming) is asserted for those alone, and nesting only where the poller says it
 * can be nested.
 */
public abstract class PollerContractSuite extends ProviderSuite {

    private static final long FIVE_SECONDS = TimeUnit.SECONDS.toNanos(5);
    private static final long FIFTY_MS = TimeUnit.MILLISECONDS.toNanos(50);

    /** For a provider's one-line subclass. */
    protected PollerContractSuite() {
    }

    /** What one poll delivered. */
    private record Event(long token, int mode, boolean error) {
    }

    private final NetpollProvider provider = Netpoll.provider();
    private final Sockets sockets = provider.sockets();
    private final List<Handle> open = new ArrayList<>();
    private final List<Event> seen = new ArrayList<>();
    private final EventSink sink = (token, mode, error) -> seen.add(new Event(token, mode, error));
    private Poller poller;

    @BeforeEach
    void openPoller() throws IOException {
        poller = provider.openPoller();
    }

    @AfterEach
    void closeAll() throws IOException {
        poller.close();
        for (Handle h : open) {
            sockets.close(h);
        }
    }

    @Test
    void aRegisteredSocketIsWritableAtOnceThenReadableOnData() throws Exception {
        Handle[] p = pair();
        poller.register(p[0], 42);
        Event writable = await(42, Poller.WRITE);
        assertNotNull(writable, "a connected socket with room to write is reported writable");
        assertFalse(writable.error());
        if (!poller.needsArm()) {
            assertEquals(0, poller.poll(0, sink), "edge-triggered: the same readiness is not reported again");
        }
        write(p[1], 7);
        Event readable = await(42, Poller.READ);
        assertNotNull(readable, "data from the peer makes the socket readable");
        assertFalse(readable.error());
        assertEquals(0, readable.mode() & Poller.HANGUP, "no hang-up while the peer is open");
        if (!poller.needsArm()) {
            assertEquals(0, poller.poll(0, sink), "edge-triggered: the unread byte is not reported again");
        }
    }

    @Test
    void aPeersCloseWakesTheReaderWithTheHangUp() throws Exception {
        Handle[] p = pair();
        poller.register(p[0], 7);
        await(7, Poller.WRITE);
        sockets.close(p[1]);
        open.remove(p[1]);
        Event eof = await(7, Poller.READ);
        assertNotNull(eof, "the peer's FIN makes the socket readable");
        assertFalse(eof.error(), "an orderly close is not an error");
        if (!poller.needsArm()) {
            // After a short read an edge-triggered reader waits for the next edge, and after a FIN
            // there is none: the hang-up bit is what tells it to read on to the end of stream.
            assertEquals(Poller.HANGUP, eof.mode() & Poller.HANGUP, "mode " + eof.mode() + " lacks HANGUP");
        }
    }

    @Test
    void nothingArrivesAfterDeregister() throws Exception {
        Handle[] p = pair();
        poller.register(p[0], 5);
        await(5, Poller.WRITE);
        if (poller.needsArm()) {
            poller.arm(5, Poller.READ);
        }
        poller.deregister(p[0]);
        write(p[1], 1);
        assertEquals(0, poller.poll(100_000_000L, sink));
        assertTrue(seen.isEmpty(), "events after deregister: " + seen);
    }

    @Test
    void aSocketRegisteredAfterAnotherClosedCarriesOnlyItsOwnToken() throws Exception {
        long oldToken = 1L << 32 | 1;
        long newToken = 2L << 32 | 1;
        Handle[] p = pair();
        poller.register(p[0], oldToken);
        poller.deregister(p[0]);
        sockets.close(p[0]);
        open.remove(p[0]);
        Handle[] q = pair(); // POSIX hands out the lowest free number: very likely the one just closed
        poller.register(q[0], newToken);
        write(q[1], 1);
        assertNotNull(awaitKeeping(newToken, Poller.READ));
        for (Event e : seen) {
            assertEquals(newToken, e.token(), "only the new registration's token may appear");
        }
    }

    @Test
    void tokensTravelAsAll64Bits() throws Exception {
        for (long token : new long[] {Long.MIN_VALUE, -2L, 0xfedc_ba98_7654_3210L, 0L, Long.MAX_VALUE}) {
            Handle[] p = pair();
            poller.register(p[0], token);
            assertNotNull(await(token, Poller.WRITE), "token 0x" + Long.toHexString(token));
        }
        Handle[] p = pair();
        try {
            poller.register(p[0], Poller.RESERVED_TOKEN);
        } catch (IllegalArgumentException refused) {
            return; // the poller keeps the reserved token for itself, as it may
        }
        assertNotNull(await(Poller.RESERVED_TOKEN, Poller.WRITE), "the reserved token, accepted, must travel too");
    }

    @Test
    void aBlockedPollIsWokenByAWakeupFromAnotherThread() throws Exception {
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
        Thread.sleep(50); // most likely blocked in the poll by now; a wakeup before it must not be lost either
        poller.wakeup();
        t.join(5_000);
        assertFalse(t.isAlive(), "poll(-1) did not return after wakeup");
        assertEquals(0, result.get());
    }

    @Test
    void aBurstOfWakeupsEndsOneBlockingPoll() throws Exception {
        for (int i = 0; i < 100; i++) {
            poller.wakeup();
        }
        long start = System.nanoTime();
        assertEquals(0, poller.poll(-1, sink), "a wakeup before the poll ends it");
        assertTrue(System.nanoTime() - start < FIVE_SECONDS);
        start = System.nanoTime();
        assertEquals(0, poller.poll(FIFTY_MS, sink));
        long took = System.nanoTime() - start;
        assertTrue(took >= FIFTY_MS * 4 / 5, "the burst woke a second poll, after " + took + " ns");
    }

    @Test
    void aTimedPollWaitsItsTimeout() throws Exception {
        long start = System.nanoTime();
        assertEquals(0, poller.poll(1, sink), "a nanosecond is a short wait, not forever");
        assertEquals(0, poller.poll(100_000_000L, sink));
        long took = System.nanoTime() - start;
        assertTrue(took >= 90_000_000L, "returned after " + took + " ns");
        assertTrue(took < FIVE_SECONDS, "returned after " + took + " ns");
    }

    @Test
    void closeEndsABlockedPollAndReleasesThePollersDescriptors() throws Exception {
        Map<String, String> before = FdLeakCheck.descriptors();
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
            if (!(result.get() instanceof IOException)) {
                assertEquals(0, result.get());
                break;
            }
            assertTrue(headStart < 2_000, "the poll thread did not begin its poll within " + headStart + " ms");
            poller = provider.openPoller();
        }
        Map<String, String> after = FdLeakCheck.descriptors();
        assertTrue(before.keySet().containsAll(after.keySet()), "descriptors left open by the closed poller: "
                + after.entrySet().stream().filter(e -> !before.containsKey(e.getKey())).toList());
        assertThrows(IOException.class, () -> poller.poll(0, sink), "a poll after close");
        poller.wakeup(); // nothing to wake: no error
        poller.close(); // idempotent
    }

    @Test
    void aNestedPollerRaisesAnEventInTheOuterOneForEachNewEvent() throws Exception {
        assumeTrue(poller.nestable(), "this provider's pollers cannot be nested");
        Poller inner = provider.openPoller();
        try {
            poller.nest(inner, 9);
            Handle[] p = pair();
            inner.register(p[0], 42); // writable at once: an event in the inner poller
            assertEquals(new Event(9, Poller.READ, false), await(9, Poller.READ));
            List<Event> innerSeen = new ArrayList<>();
            assertEquals(1, inner.poll(0, (t, m, e) -> innerSeen.add(new Event(t, m, e))));
            assertEquals(List.of(new Event(42, Poller.WRITE, false)), innerSeen);
            assertEquals(0, poller.poll(0, sink), "the inner poller gained nothing new");
            write(p[1], 7);
            assertEquals(new Event(9, Poller.READ, false), await(9, Poller.READ), "new data: a new event");
            assertThrows(IllegalArgumentException.class, () -> poller.nest(poller, 10));
            assertThrows(IllegalArgumentException.class, () -> poller.nest(null, 10));
        } finally {
            inner.close();
        }
    }

    @Test
    void anEdgeTriggeredPollerRefusesArm() {
        assumeTrue(!poller.needsArm(), "this poller is level-triggered");
        assertThrows(UnsupportedOperationException.class, () -> poller.arm(1, Poller.READ));
    }

    @Test
    void foreignHandlesAreRefusedAndSocketsAreNotThePollersOwn() throws Exception {
        Handle foreign = new Handle() { };
        assertThrows(IllegalArgumentException.class, () -> poller.register(foreign, 1));
        assertFalse(poller.isPollerDescriptor(foreign));
        assertFalse(poller.isPollerDescriptor(pair()[0]));
    }

    /** A connected TCP pair over IPv4 loopback, made through the provider's sockets; closed after the test. */
    private Handle[] pair() throws IOException {
        Handle listener = sockets.socket(Family.INET, SocketType.STREAM);
        try {
            sockets.bind(listener, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            sockets.listen(listener, 1);
            Handle client = sockets.socket(Family.INET, SocketType.STREAM);
            open.add(client);
            boolean connected = sockets.connect(client, sockets.localAddress(listener));
            Handle server = null;
            long end = System.nanoTime() + FIVE_SECONDS;
            while (server == null || !connected) {
                if (server == null && (server = sockets.accept(listener)) != null) {
                    open.add(server);
                }
                if (!connected) {
                    connected = sockets.finishConnect(client);
                }
                if (server == null || !connected) {
                    assertTrue(System.nanoTime() < end, "a loopback connect did not complete in 5 s");
                    Thread.sleep(1);
                }
            }
            return new Handle[] {server, client};
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        } finally {
            sockets.close(listener);
        }
    }

    private void write(Handle h, int b) throws IOException {
        assertEquals(1, sockets.write(h, ByteBuffer.wrap(new byte[] {(byte) b})));
    }

    /** Arms {@code mode} where the poller needs it, then waits for an event of that mode; forgets what was seen. */
    private Event await(long token, int mode) throws IOException {
        Event e = awaitKeeping(token, mode);
        seen.clear();
        return e;
    }

    /** As {@link #await}, keeping everything seen. Null after 5 s. */
    private Event awaitKeeping(long token, int mode) throws IOException {
        if (poller.needsArm()) {
            poller.arm(token, mode);
        }
        long end = System.nanoTime() + FIVE_SECONDS;
        for (;;) {
            for (Event e : seen) {
                if (e.token() == token && (e.mode() & mode) != 0) {
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
}
