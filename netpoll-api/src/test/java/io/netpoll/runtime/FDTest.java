package io.netpoll.runtime;

import io.netpoll.spi.Errno;
import io.netpoll.spi.Family;
import io.netpoll.spi.SocketType;
import io.netpoll.spi.SyscallException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.netpoll.runtime.Threads.assertStillBlocked;
import static io.netpoll.runtime.Threads.awaitWaiters;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** FD's I/O loops, close protocol, deadlines and interrupts (Go's internal/poll/fd_unix.go), over the fake provider. */
@Timeout(20)
class FDTest {

    private final FakeProvider provider = new FakeProvider();
    private final PollServer server = PollServer.create(provider);
    private final List<FD> fds = new ArrayList<>();

    private FD fd(FakeHandle h) throws IOException {
        FD fd = FD.open(server, h, h.type);
        fds.add(fd);
        return fd;
    }

    private FD stream(FakeHandle[] out) throws IOException {
        out[0] = new FakeHandle(SocketType.STREAM);
        return fd(out[0]);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (FD fd : fds) {
            fd.close();
        }
        assertEquals(0, server.waiters(), "waiters gauge must return to 0");
        assertEquals(0, server.descriptors(), "every descriptor must be freed");
        server.close();
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(US_ASCII));
    }

    private static String string(ByteBuffer b) {
        b.flip();
        return US_ASCII.decode(b).toString();
    }

    // ---- read ----

    @ParameterizedTest
    @EnumSource(Threads.class)
    void readWaitsForDataThenReturnsWhatIsThere(Threads kind) throws Exception {
        FakeHandle[] h = new FakeHandle[1];
        FD fd = stream(h);
        ByteBuffer dst = ByteBuffer.allocate(16);
        Threads.Call<Integer> reader = kind.call(() -> fd.read(dst));
        awaitWaiters(server, 1);
        h[0].feed("hello".getBytes(US_ASCII));
        assertEquals(5, reader.get());
        assertEquals("hello", string(dst));
        assertEquals(2, h[0].reads.get(), "one attempt that would block, one after the wakeup");
    }

    @ParameterizedTest
    @EnumSource(Threads.class)
    void readReturnsMinusOneAtEndOfStream(Threads kind) throws Exception {
        FakeHandle[] h = new FakeHandle[1];
        FD fd = stream(h);
        h[0].feed((byte) 7);
        h[0].endOfStream();
        ByteBuffer dst = ByteBuffer.allocate(4);
        assertEquals(1, kind.call(() -> fd.read(dst)).get());
        assertEquals(-1, kind.call(() -> fd.read(dst)).get());
        assertEquals(-1, kind.call(() -> fd.read(dst)).get());
    }

    @Test
    void aZeroLengthReadReturnsAtOnceWithoutACallOrADeadlineCheck() throws Exception {
        FakeHandle[] h = new FakeHandle[1];
        FD fd = stream(h);
        h[0].endOfStream();
        fd.setReadDeadline(Instant.now().minusSeconds(5));
        assertEquals(0, fd.read(ByteBuffer.allocate(0)));
        ByteBuffer full = ByteBuffer.allocate(3).position(3);
        assertEquals(0, fd.read(full));
        assertEquals(0, h[0].reads.get());
    }

    @ParameterizedTest
    @EnumSource(Threads.class)
    void anInterruptedZeroLengthReadClosesLikeAnyOtherOperation(Threads kind) throws Exception {
        FakeHandle[] h = new FakeHandle[1];
        FD fd = stream(h);
        Threads.Call<Boolean> call = kind.call(() -> {
            Thread.currentThread().interrupt();
            assertThrows(ClosedByInterruptException.class, () -> fd.read(ByteBuffer.allocate(0)));
            return Thread.currentThread().isInterrupted();
        });
        assertTrue(call.get(), "the interrupt status stays set");
        assertFalse(fd.isOpen());
        assertEquals(0, h[0].reads.get());
        assertEquals(1, h[0].closes.get());
    }

    @Test
    void anExpiredDeadlineBeatsBufferedData() throws Exception { // A6(a)
        FakeHandle[] h = new FakeHandle[1];
        FD fd = stream(h);
        h[0].feed("abc".getBytes(US_ASCII));
        fd.setReadDeadline(Instant.now().minusSeconds(5));
        for (int i = 0; i < 2; i++) {
            DeadlineExceededException e = assertThrows(DeadlineExceededException.class, () -> fd.read(ByteBuffer.allocate(1)));
            assertEquals("i/o timeout", e.getMessage());
        }
        assertEquals(0, h[0].reads.get(), "the deadline is checked before any attempt");
        fd.setReadDeadline(null);
        assertEquals(3, fd.read(ByteBuffer.allocate(8)), "clearing the deadline restores the connection, nothing lost");
    }

    @ParameterizedTest
    @EnumSource(Threads.class)
    void aReadDeadlineFiresWhileBlockedAndDoesNotAffectWrites(Threads kind) throws Exception {
        FakeHandle[] h = new FakeHandle[1];
        FD fd = stream(h);
        fd.setReadDeadline(Instant.now().plusMillis(50));
        Threads.Call<Integer> reader = kind.call(() -> fd.read(ByteBuffer.allocate(1)));
        assertInstanceOf(DeadlineExceededException.class, reader.failure());
        assertEquals(3, fd.write(bytes("xyz")));
    }

    @Test
    void aDeadlineOfExactlyNowOrEarlierHasExpiredAndFarInstantsSaturate() throws Exception { // A2
        FakeHandle[] h = new FakeHandle[1];
        FD fd = stream(h);
        h[0].feed((byte) 1, (byte) 2);
        fd.setReadDeadline(Instant.now());
        assertThrows(DeadlineExceededException.class, () -> fd.read(ByteBuffer.allocate(1)));
        fd.setReadDeadline(Instant.MIN);
        assertThrows(DeadlineExceededException.class, () -> fd.read(ByteBuffer.allocate(1)));
        fd.setReadDeadline(Instant.MAX);
        assertEquals(1, fd.read(ByteBuffer.allocate(1)));
        fd.setDeadline(Instant.now().plus(Duration.ofDays(365L * 400)));
        assertEquals(1, fd.read(ByteBuffer.allocate(1)));
        assertEquals(1, fd.write(bytes("w")));
    }

    @Test
    void eintrIsRetried() throws Exception {
        FakeHandle[] h = new FakeHandle[1];
        FD fd = stream(h);
        h[0].failNextRead(Errno.EINTR);
        h[0].feed((byte) 9);
        assertEquals(1, fd.read(ByteBuffer.allocate(1)));
        assertEquals(2, h[0].reads.get());
    }

    @Test
    void otherErrorsAreThrownAsTheyCome() throws Exception {
        FakeHandle[] h = new FakeHandle[1];
        FD fd = stream(h);
        h[0].failNextRead(Errno.ECONNRESET);
        SyscallException e = assertThrows(SyscallException.class, () -> fd.read(ByteBuffer.allocate(1)));
        assertEquals(Errno.ECONNRESET, e.errno());
        assertTrue(fd.isOpen());
    }

    @ParameterizedTest
    @EnumSource(Threads.class)
    void aReadAndAWriteProceedConcurrently(Threads kind) throws Exception {
        FakeHandle[] h = new FakeHandle[1];
        FD fd = stream(h);
        Threads.Call<Integer> reader = kind.call(() -> fd.read(ByteBuffer.allocate(1)));
        awaitWaiters(server, 1);
        assertEquals(2, kind.call(() -> fd.write(bytes("ok"))).get());
        h[0].feed((byte) 1);
        assertEquals(1, reader.get());
    }

    // ---- write ----

    @ParameterizedTest
    @EnumSource(Threads.class)
    void writeLoopsOverPartialWritesAndWaitsForRoom(Threads kind) throws Exception {
        FakeHandle[] h = new FakeHandle[1];
        FD fd = stream(h);
        h[0].maxPerWrite(3);
        h[0].room(7);
        Threads.Call<Integer> writer = kind.call(() -> fd.write(bytes("0123456789")));
        awaitWaiters(server, 1);
        assertEquals("0123456", new String(h[0].written(), US_ASCII));
        h[0].room(100);
        assertEquals(10, writer.get());
        assertEquals("0123456789", new String(h[0].written(), US_ASCII));
        // 3+3+1, would block, then 3; the event of room(7) may arrive late and cost one more try.
        assertTrue(h[0].writes.get() >= 5, "writes: " + h[0].writes.get());
    }

    @ParameterizedTest
    @EnumSource(Threads.class)
    void aWriteDeadlineMidWriteReportsTheBytesWritten(Threads kind) throws Exception { // A9(b)
        FakeHandle[] h = new FakeHandle[1];
        FD fd = stream(h);
        h[0].room(4);
        Threads.Call<Integer> writer = kind.call(() -> fd.write(bytes("0123456789")));
        // The deadline is set once the write has taken its 4 bytes and waits: a deadline running from
        // before the writer started could expire before its first attempt on a busy box (0 bytes).
        awaitWaiters(server, 1);
        fd.setWriteDeadline(Instant.now().plusMillis(50));
        DeadlineExceededException e = assertInstanceOf(DeadlineExceededException.class, writer.failure());
        assertEquals(4, e.bytesTransferred);
    }

    @Test
    void aZeroLengthWriteMakesOneCallAfterTheDeadlineCheck() throws Exception {
        FakeHandle[] h = new FakeHandle[1];
        FD fd = stream(h);
        assertEquals(0, fd.write(ByteBuffer.allocate(0)));
        assertEquals(1, h[0].writes.get());
        fd.setWriteDeadline(Instant.now().minusSeconds(1));
        DeadlineExceededException e = assertThrows(DeadlineExceededException.class, () -> fd.write(ByteBuffer.allocate(0)));
        assertEquals(0, e.bytesTransferred);
        assertEquals(1, h[0].writes.get());
    }

    // ---- accept, connect, datagrams ----

    @ParameterizedTest
    @EnumSource(Threads.class)
    void acceptWaitsSkipsAbortedConnectionsAndRegistersTheNewOne(Threads kind) throws Exception {
        FakeHandle[] h = new FakeHandle[1];
        FD listener = stream(h);
        Threads.Call<FD> acceptor = kind.call(listener::accept);
        awaitWaiters(server, 1);
        FakeHandle conn = new FakeHandle(SocketType.STREAM);
        h[0].queueAccept(Errno.ECONNABORTED);
        h[0].queueAccept(conn);
        FD accepted = acceptor.get();
        fds.add(accepted);
        assertNotSame(listener, accepted);
        assertTrue(accepted.handle() == conn);
        assertTrue(accepted.server() == server);
        assertEquals(2, server.descriptors());
        conn.feed((byte) 5);
        assertEquals(1, kind.call(() -> accepted.read(ByteBuffer.allocate(1))).get(), "the accepted FD is registered");
    }

    @Test
    void acceptErrorsOtherThanAbortAreThrown() throws Exception {
        FakeHandle[] h = new FakeHandle[1];
        FD listener = stream(h);
        h[0].queueAccept(Errno.EMFILE);
        SyscallException e = assertThrows(SyscallException.class, listener::accept);
        assertEquals("accept4: too many open files", e.getMessage());
    }

    @Test
    void aFailedRegistrationOfAnAcceptedConnectionClosesIt() throws Exception {
        FakeHandle[] h = new FakeHandle[1];
        FD listener = stream(h);
        FakeHandle conn = new FakeHandle(SocketType.STREAM);
        conn.failRegister = true;
        h[0].queueAccept(conn);
        assertThrows(IOException.class, listener::accept);
        assertEquals(1, conn.closes.get());
        assertEquals(1, server.descriptors());
    }

    @ParameterizedTest
    @EnumSource(Threads.class)
    void connectWaitsForTheAttemptToEnd(Threads kind) throws Exception {
        FakeHandle[] h = new FakeHandle[1];
        FD fd = stream(h);
        h[0].connectLater();
        Threads.Call<Object> connect = kind.call(() -> {
            fd.connect(new InetSocketAddress("127.0.0.1", 80));
            return "connected";
        });
        awaitWaiters(server, 1);
        h[0].completeConnect(null);
        assertEquals("connected", connect.get());
    }

    @ParameterizedTest
    @EnumSource(Threads.class)
    void aFailedConnectThrowsItsError(Threads kind) throws Exception {
        FakeHandle[] h = new FakeHandle[1];
        FD fd = stream(h);
        h[0].connectLater();
        Threads.Call<Object> connect = kind.call(() -> {
            fd.connect(new InetSocketAddress("127.0.0.1", 80));
            return "connected";
        });
        awaitWaiters(server, 1);
        h[0].completeConnect(Errno.ECONNREFUSED);
        SyscallException e = assertInstanceOf(SyscallException.class, connect.failure());
        assertEquals("connect: connection refused", e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Threads.class)
    void connectHonoursTheWriteDeadline(Threads kind) throws Exception {
        FakeHandle[] h = new FakeHandle[1];
        FD fd = stream(h);
        h[0].connectLater();
        fd.setWriteDeadline(Instant.now().plusMillis(30));
        Threads.Call<Object> connect = kind.call(() -> {
            fd.connect(new InetSocketAddress("127.0.0.1", 80));
            return "connected";
        });
        assertInstanceOf(DeadlineExceededException.class, connect.failure());
    }

    @Test
    void anImmediateConnectDoesNotWait() throws Exception {
        FakeHandle[] h = new FakeHandle[1];
        FD fd = stream(h);
        fd.connect(new InetSocketAddress("127.0.0.1", 80));
        assertEquals(0, server.waiters());
    }

    @ParameterizedTest
    @EnumSource(Threads.class)
    void receiveWaitsForADatagramAndSendSendsOne(Threads kind) throws Exception {
        FakeHandle h = new FakeHandle(SocketType.DATAGRAM);
        FD fd = fd(h);
        ByteBuffer dst = ByteBuffer.allocate(16);
        Threads.Call<SocketAddress> receiver = kind.call(() -> fd.receive(dst));
        awaitWaiters(server, 1);
        SocketAddress from = new InetSocketAddress("127.0.0.1", 5353);
        h.queueDatagram("dgram".getBytes(US_ASCII), from);
        assertEquals(from, receiver.get());
        assertEquals("dgram", string(dst));
        assertEquals(4, fd.send(bytes("ping"), from));
        assertArrayEquals("ping".getBytes(US_ASCII), h.sentDatagram());
        assertEquals(0, fd.send(ByteBuffer.allocate(0), from), "an empty datagram is sent too");
        assertArrayEquals(new byte[0], h.sentDatagram());
    }

    @Test
    void receiveIntoAnEmptyBufferStillConsumesADatagram() throws Exception {
        FakeHandle h = new FakeHandle(SocketType.DATAGRAM);
        FD fd = fd(h);
        SocketAddress from = new InetSocketAddress("127.0.0.1", 9);
        h.queueDatagram("x".getBytes(US_ASCII), from);
        assertEquals(from, fd.receive(ByteBuffer.allocate(0)));
        assertEquals(1, h.reads.get());
    }

    // ---- misc ----

    @Test
    void optionsAndAddressesGoToTheSocket() throws Exception {
        FD fd = FD.socket(server, Family.INET, SocketType.STREAM);
        fds.add(fd);
        fd.bind(new InetSocketAddress(0));
        fd.listen(16);
        fd.setOption(StandardSocketOptions.TCP_NODELAY, true);
        assertEquals(Boolean.TRUE, fd.getOption(StandardSocketOptions.TCP_NODELAY));
        assertEquals(new InetSocketAddress(((FakeHandle) fd.handle()).id), fd.localAddress());
        assertEquals(null, fd.remoteAddress());
        fd.shutdown(true, false);
        assertTrue(fd.sockets() == provider.sockets());
    }

    // ---- close ----

    @ParameterizedTest
    @EnumSource(Threads.class)
    void closeWakesEveryBlockedOperation(Threads kind) throws Exception {
        FakeHandle[] h = new FakeHandle[1];
        FD fd = stream(h);
        h[0].room(0);
        Threads.Call<Integer> reader = kind.call(() -> fd.read(ByteBuffer.allocate(1)));
        Threads.Call<Integer> writer = kind.call(() -> fd.write(bytes("x")));
        awaitWaiters(server, 2);
        Threads.Call<Integer> queuedReader = kind.call(() -> fd.read(ByteBuffer.allocate(1)));
        assertStillBlocked(queuedReader, Duration.ofMillis(30));
        fd.close();
        assertTrue(assertInstanceOf(NetClosingException.class, reader.failure()).whileBlocked());
        assertTrue(assertInstanceOf(NetClosingException.class, writer.failure()).whileBlocked());
        assertFalse(assertInstanceOf(NetClosingException.class, queuedReader.failure()).whileBlocked(),
                "a thread queued for the lock finds the FD closed when it gets there");
        assertEquals(1, h[0].closes.get());
    }

    @ParameterizedTest
    @EnumSource(Threads.class)
    void closeWakesABlockedAccept(Threads kind) throws Exception {
        FakeHandle[] h = new FakeHandle[1];
        FD listener = stream(h);
        Threads.Call<FD> acceptor = kind.call(listener::accept);
        awaitWaiters(server, 1);
        listener.close();
        NetClosingException e = assertInstanceOf(NetClosingException.class, acceptor.failure());
        assertEquals("use of closed network connection", e.getMessage());
    }

    @Test
    void everyOperationAfterCloseFailsAsClosed() throws Exception {
        FakeHandle[] h = new FakeHandle[1];
        FD fd = stream(h);
        fd.close();
        assertFalse(fd.isOpen());
        for (IoCall c : List.<IoCall>of(
                () -> fd.read(ByteBuffer.allocate(1)),
                () -> fd.read(ByteBuffer.allocate(0)),
                () -> fd.write(bytes("x")),
                fd::accept,
                () -> fd.connect(new InetSocketAddress(1)),
                () -> fd.receive(ByteBuffer.allocate(1)),
                () -> fd.send(bytes("x"), null),
                () -> fd.bind(new InetSocketAddress(0)),
                () -> fd.listen(1),
                () -> fd.shutdown(true, true),
                () -> fd.setOption(StandardSocketOptions.SO_KEEPALIVE, true),
                () -> fd.getOption(StandardSocketOptions.SO_KEEPALIVE),
                fd::localAddress,
                fd::remoteAddress,
                () -> fd.setDeadline(Instant.now()),
                () -> fd.setReadDeadline(null),
                () -> fd.setWriteDeadline(Instant.MAX))) {
            NetClosingException e = assertThrows(NetClosingException.class, c::run);
            assertFalse(e.whileBlocked());
        }
        assertEquals(0, h[0].reads.get() + h[0].writes.get() + h[0].accepts.get());
    }

    private interface IoCall {
        void run() throws Exception;
    }

    @Test
    void closeIsIdempotentAndDeregistersBeforeTheRealClose() throws Exception {
        FakeHandle[] h = new FakeHandle[1];
        FD fd = stream(h);
        fd.close();
        fd.close();
        assertEquals(1, h[0].closes.get());
        assertEquals(List.of("deregister " + h[0].id, "close " + h[0].id), provider.log);
        assertEquals(0, server.descriptors());
    }

    @ParameterizedTest
    @EnumSource(Threads.class)
    void anUncheckedDeregisterFailureStillClosesTheSocketAndReleasesEveryCloser(Threads kind) throws Exception {
        FakeHandle[] h = {new FakeHandle(SocketType.STREAM)};
        FD fd = FD.open(server, h[0], SocketType.STREAM); // not in fds: closing it must not need the tear-down
        IllegalStateException bug = new IllegalStateException("deregister bug");
        h[0].failDeregister = bug;
        Threads.Call<Boolean> first = kind.call(() -> {
            fd.close();
            return true;
        });
        assertSame(bug, first.failure(), "the first close reports the provider's failure");
        assertEquals(1, h[0].closes.get(), "the socket is closed even though deregistration failed");
        Threads.Call<Boolean> second = kind.call(() -> {
            fd.close();
            return true;
        });
        assertTrue(second.get(), "a second close returns at once");
        assertFalse(fd.isOpen());
        assertEquals(1, h[0].closes.get());
    }

    @ParameterizedTest
    @EnumSource(Threads.class)
    void closeReturnsOnlyAfterTheLastOperationLetGoAndTheSocketWasClosed(Threads kind) throws Exception {
        FakeHandle[] h = new FakeHandle[1];
        FD fd = stream(h);
        CountDownLatch gate = new CountDownLatch(1);
        h[0].readGate = gate;
        Threads.Call<Integer> reader = kind.call(() -> fd.read(ByteBuffer.allocate(1)));
        assertTrue(h[0].readEntered.await(5, TimeUnit.SECONDS));
        Threads.Call<Boolean> closer = kind.call(() -> {
            fd.close();
            return h[0].closes.get() == 1;
        });
        Threads.Call<Boolean> secondCloser = kind.call(() -> {
            fd.close();
            return h[0].closes.get() == 1;
        });
        // The closer marks the FD closed at once, but only once it runs: a started thread may not have.
        Threads.eventually("the closer marked the FD closed", () -> !fd.isOpen());
        assertStillBlocked(closer, Duration.ofMillis(100));
        assertFalse(secondCloser.isDone(), "a second close also waits for the real close");
        assertEquals(0, h[0].closes.get(), "the socket must not be closed under a running call");
        gate.countDown();
        assertTrue(closer.get(), "close returned before the socket was closed");
        assertTrue(secondCloser.get());
        assertTrue(assertInstanceOf(NetClosingException.class, reader.failure()).whileBlocked());
        assertEquals(1, h[0].closes.get());
    }

    @Test
    void aFailedRegistrationClosesTheHandle() {
        FakeHandle h = new FakeHandle(SocketType.STREAM);
        h.failRegister = true;
        assertThrows(IOException.class, () -> FD.open(server, h, SocketType.STREAM));
        assertEquals(1, h.closes.get());
        assertEquals(0, server.descriptors());
    }

    // ---- interrupts ----

    @ParameterizedTest
    @EnumSource(Threads.class)
    void anInterruptWhileBlockedClosesTheFD(Threads kind) throws Exception {
        FakeHandle[] h = new FakeHandle[1];
        FD fd = stream(h);
        Threads.Call<Boolean> reader = kind.call(() -> {
            try {
                fd.read(ByteBuffer.allocate(1));
                return false;
            } catch (ClosedByInterruptException e) {
                return Thread.currentThread().isInterrupted();
            }
        });
        awaitWaiters(server, 1);
        reader.thread().interrupt();
        assertTrue(reader.get(), "ClosedByInterruptException with the interrupt status still set");
        assertFalse(fd.isOpen());
        Threads.eventually("socket closed", () -> h[0].closes.get() == 1);
        assertThrows(NetClosingException.class, () -> fd.write(bytes("x")));
    }

    @ParameterizedTest
    @EnumSource(Threads.class)
    void anAlreadyInterruptedCallerClosesTheFDWithoutACall(Threads kind) throws Exception {
        FakeHandle[] h = new FakeHandle[1];
        FD fd = stream(h);
        h[0].feed((byte) 1);
        Threads.Call<Boolean> reader = kind.call(() -> {
            Thread.currentThread().interrupt();
            try {
                fd.read(ByteBuffer.allocate(1));
                return false;
            } catch (ClosedByInterruptException e) {
                return Thread.currentThread().isInterrupted();
            }
        });
        assertTrue(reader.get());
        assertEquals(0, h[0].reads.get());
        assertEquals(1, h[0].closes.get());
        fd.close();
        assertEquals(1, h[0].closes.get());
    }

    @ParameterizedTest
    @EnumSource(Threads.class)
    void anInterruptWhileQueuedForTheLockClosesTheFD(Threads kind) throws Exception {
        FakeHandle[] h = new FakeHandle[1];
        FD fd = stream(h);
        Threads.Call<Integer> first = kind.call(() -> fd.read(ByteBuffer.allocate(1)));
        awaitWaiters(server, 1);
        Threads.Call<Boolean> queued = kind.call(() -> {
            try {
                fd.read(ByteBuffer.allocate(1));
                return false;
            } catch (ClosedByInterruptException e) {
                return Thread.currentThread().isInterrupted();
            }
        });
        assertStillBlocked(queued, Duration.ofMillis(50));
        queued.thread().interrupt();
        assertTrue(queued.get());
        assertTrue(assertInstanceOf(NetClosingException.class, first.failure()).whileBlocked());
        Threads.eventually("socket closed", () -> h[0].closes.get() == 1);
    }

    @ParameterizedTest
    @EnumSource(Threads.class)
    void anInterruptedWriteClosesTheFD(Threads kind) throws Exception {
        FakeHandle[] h = new FakeHandle[1];
        FD fd = stream(h);
        h[0].room(0);
        Threads.Call<Integer> writer = kind.call(() -> fd.write(bytes("data")));
        awaitWaiters(server, 1);
        writer.thread().interrupt();
        assertInstanceOf(ClosedByInterruptException.class, writer.failure());
        assertFalse(fd.isOpen());
    }
}
