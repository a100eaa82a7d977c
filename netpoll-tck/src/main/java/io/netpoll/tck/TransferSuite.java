// Ports Go's splice tests between sockets (src/net/splice_test.go: testSpliceSimple, testSpliceBig,
// testSpliceReaderAtEOF) through TCPConn.transferFrom/transferTo, Go's ReadFrom/WriteTo, on whichever
// path the provider takes, with the deadline and close cases of its other I/O.
package io.netpoll.tck;

import io.netpoll.net.Conn;
import io.netpoll.net.Net;
import io.netpoll.net.NetError;
import io.netpoll.net.TCPConn;
import io.netpoll.net.UnixConn;
import io.netpoll.net.UnixListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;

import static io.netpoll.tck.Expect.CLOSED;
import static io.netpoll.tck.Expect.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * Connection to connection transfers, which a provider may do inside the kernel (Go's splice on Linux)
 * or by copying: either way every byte arrives in order, the count is exact, end of stream ends the
 * transfer, bytes moved before a failure are delivered, and each side's deadline and close apply to
 * that side. A failure is Go's "readfrom"/"writeto" OpError of the transferring connection around a
 * timeout or a closed connection; whether the read's own OpError sits in between depends on the path
 * (Go's splice has none, its copy loop has one), so the kit fixes the outer shape and the cause. Its
 * {@code bytesTransferred()} is exactly what reached the destination. A limit (Go's
 * {@code io.LimitedReader}) stops every path alike and leaves the bytes past it in the source.
 */
public abstract class TransferSuite extends ProviderSuite {

    /** For the one-line subclass that runs this suite on a provider. */
    protected TransferSuite() {
    }

    private static final String NET = "tcp";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Reads {@code c} to its end, which must come after exactly the bytes of {@code want}. */
    private static void assertReadsExactly(Conn c, byte[] want) throws IOException {
        byte[] got = new byte[want.length];
        assertTrue(IO.readFull(c, got), "end of stream before " + want.length + " bytes");
        assertArrayEquals(want, got);
        assertEquals(-1, c.read(new byte[1]), "more than " + want.length + " bytes");
    }

    /** {@code c.transferFrom(src)}, then the end of {@code c}'s writing, as a proxy does. */
    private static Task<Long> proxy(ThreadKind kind, TCPConn c, Conn src) {
        return Task.call(kind, () -> {
            long n = c.transferFrom(src);
            c.closeWrite();
            return n;
        });
    }

    /** The failure is {@code c}'s {@code op} OpError whose text ends with {@code cause}. */
    private static void assertTransferError(Throwable t, String op, TCPConn c, String cause) {
        Expect.op(t, op, NET);
        String prefix = Expect.conn(op, NET, c, "");
        assertTrue(t.getMessage().startsWith(prefix) && t.getMessage().endsWith(": " + cause),
                "message is \"" + t.getMessage() + "\"; want \"" + prefix + "...: " + cause + "\"");
    }

    /**
     * Go's testSpliceBig: 8 MiB through transferFrom; the count is what the source sent before its
     * end of stream, and the destination gets those bytes and then its own end of stream.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 120, threadMode = SEPARATE_THREAD)
    public void transferFromTcp(ThreadKind kind) throws IOException {
        byte[] data = random(8 << 20, 1);
        try (Tcp.Pair in = Tcp.Pair.open(); Tcp.Pair out = Tcp.Pair.open()) {
            Task<Long> proxy = proxy(kind, out.client(), in.server());
            Task<Void> sink = Task.run(kind, () -> assertReadsExactly(out.server(), data));
            in.client().write(data);
            in.client().closeWrite();
            assertEquals(data.length, proxy.get(WAIT));
            sink.get(WAIT);
        }
    }

    /**
     * Go's ReadFrom splices from a stream Unix connection as from a TCP one.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void transferFromUnixStream() throws IOException {
        byte[] data = random(3 << 20, 2);
        try (Unix tmp = Unix.tempDir(); UnixListener ln = (UnixListener) Net.listen("unix", tmp.path());
             UnixConn c = (UnixConn) Net.dial("unix", GoText.addr(ln.addr())); UnixConn s = ln.accept();
             Tcp.Pair out = Tcp.Pair.open()) {
            Task<Long> proxy = proxy(ThreadKind.VIRTUAL, out.client(), s);
            Task<Void> sink = Task.go(() -> assertReadsExactly(out.server(), data));
            c.write(data);
            c.closeWrite();
            assertEquals(data.length, proxy.get(WAIT));
            sink.get(WAIT);
        }
    }

    /**
     * Go's WriteTo splices into a stream Unix connection.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void transferToUnixStream() throws IOException {
        byte[] data = random(3 << 20, 3);
        try (Unix tmp = Unix.tempDir(); UnixListener ln = (UnixListener) Net.listen("unix", tmp.path());
             UnixConn c = (UnixConn) Net.dial("unix", GoText.addr(ln.addr())); UnixConn s = ln.accept();
             Tcp.Pair in = Tcp.Pair.open()) {
            Task<Long> proxy = Task.call(ThreadKind.VIRTUAL, () -> {
                long n = in.server().transferTo(c);
                c.closeWrite();
                return n;
            });
            Task<Void> sink = Task.go(() -> assertReadsExactly(s, data));
            in.client().write(data);
            in.client().closeWrite();
            assertEquals(data.length, proxy.get(WAIT));
            sink.get(WAIT);
        }
    }

    /**
     * Go's testSpliceReaderAtEOF: a source already at its end moves nothing and returns 0.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void sourceAtEndOfStream() throws IOException {
        try (Tcp.Pair in = Tcp.Pair.open(); Tcp.Pair out = Tcp.Pair.open()) {
            in.client().closeWrite();
            assertEquals(0, proxy(ThreadKind.VIRTUAL, out.client(), in.server()).get(WAIT));
            assertReadsExactly(out.server(), new byte[0]);
        }
    }

    /**
     * The source's read deadline ends a transfer that waits for more: a timeout. Every byte that came
     * before has reached the destination while the transfer waits (none is held back in a pipe), and
     * nothing more arrives. The bytes fit in the sockets' buffers, so they are all sent before the
     * transfer starts. The deadline is set once they have arrived: a deadline running from before the
     * transfer starts could, on a busy box, expire before the transfer has moved them.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void sourceDeadlineKeepsWhatMoved(ThreadKind kind) throws IOException {
        byte[] data = random(64 << 10, 4);
        try (Tcp.Pair in = Tcp.Pair.open(); Tcp.Pair out = Tcp.Pair.open()) {
            in.client().write(data);
            Task<Long> transfer = Task.call(kind, () -> out.client().transferFrom(in.server()));
            byte[] got = new byte[data.length];
            assertTrue(IO.readFull(out.server(), got), "end of stream before " + data.length + " bytes");
            assertArrayEquals(data, got);
            in.server().setReadDeadline(Timing.A_LONG_TIME_AGO);
            Throwable t = transfer.failure();
            assertInstanceOf(SocketTimeoutException.class, t);
            Expect.timeout(t);
            assertTransferError(t, "readfrom", out.client(), TIMEOUT);
            assertEquals(data.length, ((NetError) t).bytesTransferred(), "bytes moved before the timeout");
            out.client().closeWrite();
            assertEquals(-1, out.server().read(new byte[1]), "more than " + data.length + " bytes");
        }
    }

    /**
     * The destination's write deadline ends a transfer that nobody drains: a timeout of the transfer.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void destinationDeadline() throws IOException {
        try (Tcp.Pair in = Tcp.Pair.open(); Tcp.Pair out = Tcp.Pair.open()) {
            Task<Void> source = Task.go(() -> {
                byte[] chunk = new byte[1 << 20];
                for (;;) {
                    in.client().write(chunk);
                }
            });
            out.client().setWriteDeadline(Instant.now().plusMillis(500));
            Throwable t = Task.call(ThreadKind.VIRTUAL, () -> out.client().transferFrom(in.server())).failure();
            assertInstanceOf(SocketTimeoutException.class, t);
            Expect.timeout(t);
            assertTransferError(t, "readfrom", out.client(), TIMEOUT);
            long moved = ((NetError) t).bytesTransferred();
            assertTrue(moved > 0, "bytesTransferred() is " + moved);
            out.client().close();
            out.server().setReadDeadline(Instant.now().plus(WAIT));
            assertEquals(moved, IO.copy(IO.discard(), IO.from(out.server())), "bytes the destination's peer read");
            in.client().close();
            assertInstanceOf(ClosedChannelException.class, source.failure());
        }
    }

    /**
     * A destination whose peer went away mid-transfer fails the transfer with Go's "broken pipe" and
     * nothing else. The peer closes cleanly first (its FIN is read here as end of stream), so the first
     * bytes sent draw its RST and every later send fails with EPIPE. Where the transfer splices, Linux
     * raises SIGPIPE too, which no flag of splice(2) suppresses: HotSpot's handler ignores it, so the
     * process lives on (see PosixSplicePipe).
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void destinationPeerGoneMidTransfer(ThreadKind kind) throws IOException {
        try (Tcp.Pair in = Tcp.Pair.open(); Tcp.Pair out = Tcp.Pair.open()) {
            out.server().close();
            assertEquals(-1, out.client().read(new byte[1]), "the peer's end of stream");
            Task<Void> source = Task.go(() -> {
                byte[] chunk = new byte[64 << 10];
                for (;;) {
                    in.client().write(chunk);
                }
            });
            Throwable t = Task.call(kind, () -> out.client().transferFrom(in.server())).failure();
            assertInstanceOf(IOException.class, t);
            assertTransferError(t, "readfrom", out.client(), "broken pipe");
            in.client().close();
            assertInstanceOf(ClosedChannelException.class, source.failure());
        }
    }

    /**
     * A closed source fails the transfer at once with Go's "use of closed network connection".
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void closedSource() throws IOException {
        try (Tcp.Pair in = Tcp.Pair.open(); Tcp.Pair out = Tcp.Pair.open()) {
            in.server().close();
            Throwable t = assertThrows(IOException.class, () -> out.client().transferFrom(in.server()));
            assertInstanceOf(ClosedChannelException.class, t);
            assertFalse(t instanceof AsynchronousCloseException, "closed before, not while blocked: " + t);
            assertTransferError(t, "readfrom", out.client(), CLOSED);
        }
    }

    /**
     * Closing the source while the transfer waits on it wakes the transfer with an asynchronous close.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void sourceClosedWhileBlocked(ThreadKind kind) throws IOException {
        try (Tcp.Pair in = Tcp.Pair.open(); Tcp.Pair out = Tcp.Pair.open()) {
            in.client().write(new byte[] {9});
            Task<Long> proxy = Task.call(kind, () -> out.client().transferFrom(in.server()));
            byte[] one = new byte[1];
            assertTrue(IO.readFull(out.server(), one));
            assertEquals(9, one[0]);
            proxy.awaitParked();
            in.server().close();
            Throwable t = proxy.failure();
            assertInstanceOf(AsynchronousCloseException.class, t);
            assertTransferError(t, "readfrom", out.client(), CLOSED);
            assertEquals(1, ((NetError) t).bytesTransferred(), "bytes moved before the close");
        }
    }

    // ---- limits: Go's ReadFrom of an io.LimitedReader ----

    /**
     * From a TCP connection (spliced where the provider can): exactly the limit moves, and the bytes
     * after it stay in the source for its next read.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void transferFromStopsAtLimit(ThreadKind kind) throws IOException {
        byte[] data = random(3 << 20, 5);
        int limit = (1 << 20) + 7;
        try (Tcp.Pair in = Tcp.Pair.open(); Tcp.Pair out = Tcp.Pair.open()) {
            Task<Void> source = Task.go(() -> {
                in.client().write(data);
                in.client().closeWrite();
            });
            Task<Long> proxy = Task.call(kind, () -> {
                long n = out.client().transferFrom(in.server(), limit);
                out.client().closeWrite();
                return n;
            });
            assertReadsExactly(out.server(), Arrays.copyOf(data, limit));
            assertEquals(limit, proxy.get(WAIT));
            assertReadsExactly(in.server(), Arrays.copyOfRange(data, limit, data.length));
            source.get(WAIT);
        }
    }

    /**
     * From a channel that is no connection (copied): no byte past the limit is read from it.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void transferFromChannelStopsAtLimit() throws IOException {
        byte[] data = random(100_000, 6);
        ByteArrayInputStream src = new ByteArrayInputStream(data);
        try (Tcp.Pair out = Tcp.Pair.open()) {
            Task<Void> sink = Task.go(() -> assertReadsExactly(out.server(), Arrays.copyOf(data, 40_000)));
            assertEquals(40_000, out.client().transferFrom(Channels.newChannel(src), 40_000));
            out.client().closeWrite();
            sink.get(WAIT);
            assertEquals(60_000, src.available(), "bytes left in the source");
        }
    }

    /**
     * Into a stream Unix connection (spliced where the provider can) and into a plain channel (copied):
     * exactly the limit moves, and this connection's bytes after it are still there to read.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void transferToStopsAtLimit() throws IOException {
        byte[] data = random(2 << 20, 7);
        int first = (1 << 20) + 3;
        try (Unix tmp = Unix.tempDir(); UnixListener ln = (UnixListener) Net.listen("unix", tmp.path());
             UnixConn c = (UnixConn) Net.dial("unix", GoText.addr(ln.addr())); UnixConn s = ln.accept();
             Tcp.Pair in = Tcp.Pair.open()) {
            Task<Void> source = Task.go(() -> {
                in.client().write(data);
                in.client().closeWrite();
            });
            Task<Void> sink = Task.go(() -> assertReadsExactly(s, Arrays.copyOf(data, first)));
            assertEquals(first, in.server().transferTo(c, first));
            c.closeWrite();
            sink.get(WAIT);
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            assertEquals(1000, in.server().transferTo(Channels.newChannel(rest), 1000));
            assertArrayEquals(Arrays.copyOfRange(data, first, first + 1000), rest.toByteArray());
            assertReadsExactly(in.server(), Arrays.copyOfRange(data, first + 1000, data.length));
            source.get(WAIT);
        }
    }

    /**
     * A limit of 0 moves nothing and returns at once (Go: a LimitedReader with {@code N <= 0}); a negative
     * limit is the caller's error.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void zeroAndNegativeLimits() throws IOException {
        try (Tcp.Pair in = Tcp.Pair.open(); Tcp.Pair out = Tcp.Pair.open()) {
            in.client().write(new byte[] {1});
            assertEquals(0, out.client().transferFrom(in.server(), 0));
            assertEquals(0, in.server().transferTo(out.client(), 0));
            assertThrows(IllegalArgumentException.class, () -> out.client().transferFrom(in.server(), -1));
            assertThrows(IllegalArgumentException.class, () -> in.server().transferTo(out.client(), -1));
            byte[] one = new byte[1];
            assertTrue(IO.readFull(in.server(), one), "the byte is still in the source");
            assertEquals(1, one[0]);
        }
    }
}
