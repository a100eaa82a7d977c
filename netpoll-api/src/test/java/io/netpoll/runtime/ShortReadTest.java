package io.netpoll.runtime;

import io.netpoll.spi.SocketType;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;

import static io.netpoll.runtime.Threads.awaitWaiters;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * PollDesc's short-read rule as FD uses it, counted in read calls: after a stream read that returned
 * less than asked, an edge-triggered poller's next read waits for the next edge instead of making a
 * call that would block; level-triggered pollers, datagrams and a hung-up peer keep trying first.
 */
@Timeout(20)
class ShortReadTest {

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theReadAfterAShortReadWaitsForTheNextEdgeOnlyWhenEdgeTriggered(boolean levelTriggered) throws Exception {
        FakeProvider provider = new FakeProvider(levelTriggered);
        PollServer server = PollServer.create(provider);
        FakeHandle h = new FakeHandle(SocketType.STREAM);
        FD fd = FD.open(server, h, SocketType.STREAM);
        // Each feed raises one event, which the parked reader consumes: no readiness is left over.
        Threads.Call<Integer> first = Threads.VIRTUAL.call(() -> fd.read(ByteBuffer.allocate(8)));
        awaitWaiters(server, 1);
        h.feed((byte) 1, (byte) 2);
        assertEquals(2, first.get());
        assertEquals(2, h.reads.get(), "one call that would block, one after the edge");
        Threads.Call<Integer> next = Threads.VIRTUAL.call(() -> fd.read(ByteBuffer.allocate(8)));
        awaitWaiters(server, 1);
        assertEquals(levelTriggered ? 3 : 2, h.reads.get(), "calls before the read after the short one parked");
        h.feed((byte) 3, (byte) 4, (byte) 5);
        assertEquals(3, next.get());
        assertEquals(levelTriggered ? 4 : 3, h.reads.get());
        fd.close();
        server.close();
    }

    @ParameterizedTest
    @EnumSource(Threads.class)
    void aFullReadOrADatagramTriesFirst(Threads kind) throws Exception {
        FakeProvider provider = new FakeProvider();
        PollServer server = PollServer.create(provider);
        for (SocketType type : new SocketType[] {SocketType.STREAM, SocketType.DATAGRAM}) {
            FakeHandle h = new FakeHandle(type);
            FD fd = FD.open(server, h, type);
            int asked = type == SocketType.STREAM ? 2 : 8; // a full stream read, a short datagram
            Threads.Call<Integer> first = kind.call(() -> fd.read(ByteBuffer.allocate(asked)));
            awaitWaiters(server, 1);
            h.feed((byte) 1, (byte) 2);
            assertEquals(2, first.get());
            Threads.Call<Integer> next = kind.call(() -> fd.read(ByteBuffer.allocate(8)));
            awaitWaiters(server, 1);
            assertEquals(3, h.reads.get(), type + ": the next read tried before it parked");
            fd.close();
            next.failure();
        }
        server.close();
    }

    @ParameterizedTest
    @EnumSource(Threads.class)
    void aHungUpPeerEndsTheStreamWithoutAnotherEdge(Threads kind) throws Exception {
        FakeProvider provider = new FakeProvider();
        PollServer server = PollServer.create(provider);
        FakeHandle h = new FakeHandle(SocketType.STREAM);
        FD fd = FD.open(server, h, SocketType.STREAM);
        h.feed((byte) 1);
        h.endOfStream(); // its event may reach the descriptor before the short read or after it
        assertEquals(1, kind.call(() -> fd.read(ByteBuffer.allocate(8))).get());
        assertEquals(-1, kind.call(() -> fd.read(ByteBuffer.allocate(8))).get());
        assertEquals(2, h.reads.get());
        fd.close();
        server.close();
    }
}
