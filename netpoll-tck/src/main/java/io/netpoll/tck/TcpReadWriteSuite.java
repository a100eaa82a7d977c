// Ports Go's read/write tests over TCP: net_test.go, tcpsock_test.go, conn_test.go, server_test.go,
// and runtime/crash_test.go's TestNetpollWaiters.
package io.netpoll.tck;

import io.netpoll.net.Conn;
import io.netpoll.net.Listener;
import io.netpoll.net.Net;
import io.netpoll.net.NetError;
import io.netpoll.net.TCPConn;
import io.netpoll.net.TCPListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * Reads and writes on TCP (section C of the catalogue, and K10): zero-length reads, half-closes,
 * resets, a stress run, servers on every loopback address, and the Java contract DESIGN adds — -1 at
 * end of stream, 0 only for an empty buffer, a write that writes everything.
 */
public abstract class TcpReadWriteSuite extends ProviderSuite {

    /** For the one-line subclass that runs this suite on a provider. */
    protected TcpReadWriteSuite() {
    }

    private static final String NET = "tcp";

    /**
     * Go's TestZeroByteRead (C1): a zero-length read on either end of a fresh connection returns 0 at
     * once — no data, no end of stream, no waiting.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void zeroByteRead() throws IOException {
        try (Tcp.Pair p = Tcp.Pair.open()) {
            for (Conn c : List.of(p.client(), p.server())) {
                assertEquals(0, c.read(new byte[0]));
                assertEquals(0, c.read(new byte[8], 3, 0));
                assertEquals(0, c.read(ByteBuffer.allocate(0)));
            }
        }
    }

    /**
     * Go's TestCloseRead (C2): after CloseRead, Read ends: end of stream, or a well-formed error.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void closeRead() throws IOException {
        try (Tcp.Pair p = Tcp.Pair.open()) {
            for (TCPConn c : List.of(p.client(), p.server())) {
                c.closeRead();
                try {
                    assertEquals(-1, c.read(new byte[1]), "Read after CloseRead");
                } catch (IOException e) {
                    Expect.op(e, "read", NET);
                }
            }
        }
    }

    /**
     * Go's TestCloseWrite (C3): each side's CloseWrite gives the other end of stream, and a Write after
     * one's own CloseWrite fails as Go's does: "write: broken pipe".
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void closeWrite() throws IOException {
        try (Tcp.Pair p = Tcp.Pair.open()) {
            Task<Void> server = Task.go(() -> {
                TCPConn s = p.server();
                assertEquals(-1, s.read(new byte[1]), "server Read after the client's CloseWrite");
                s.closeWrite();
                Expect.netError(assertThrows(IOException.class, () -> s.write(new byte[1])), IOException.class,
                        Expect.conn("write", NET, s, "write: broken pipe"));
            });
            TCPConn c = p.client();
            c.closeWrite();
            assertEquals(-1, c.read(new byte[1]), "client Read after the server's CloseWrite");
            Expect.netError(assertThrows(IOException.class, () -> c.write(new byte[1])), IOException.class,
                    Expect.conn("write", NET, c, "write: broken pipe"));
            server.get();
        }
    }

    /**
     * Go's TestNotTemporaryRead (C4, issue 24808): the peer resets the connection (SO_LINGER 0, then
     * Close); Read fails with "connection reset by peer" — not end of stream, not a timeout.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void notTemporaryRead() throws IOException {
        try (Tcp.Pair p = Tcp.Pair.open()) {
            p.server().setLinger(0);
            p.server().close();
            TCPConn c = p.client();
            IOException err = assertThrows(IOException.class, () -> {
                int n = c.read(new byte[1]);
                fail("Read after the peer's reset returned " + n);
            });
            Expect.netError(err, IOException.class, Expect.conn("read", NET, c, "read: connection reset by peer"));
            assertFalse(((NetError) err).isTimeout());
            assertFalse(err instanceof ClosedChannelException || err instanceof SocketTimeoutException, err.toString());
        }
    }

    /**
     * Go's TestTCPStress (C5): two clients each do 10,000 rounds of a 512-byte request echoed back;
     * every write writes everything and reads loop until the message is whole.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 120, threadMode = SEPARATE_THREAD)
    public void tcpStress() throws IOException {
        int conns = 2;
        int msgs = 10_000;
        int msgLen = 512;
        try (TCPListener ln = Tcp.listen()) {
            List<Task<Void>> servers = new ArrayList<>();
            Task<Void> acceptor = Task.go(() -> {
                for (int i = 0; i < conns; i++) {
                    Conn s = ln.accept();
                    servers.add(Task.go(() -> {
                        try (s) {
                            byte[] buf = new byte[msgLen];
                            for (int m = 0; m < msgs; m++) {
                                assertTrue(IO.readFull(s, buf), "server: end of stream at message " + m);
                                assertEquals(msgLen, s.write(buf));
                            }
                        }
                    }));
                }
            });
            List<Task<Void>> clients = new ArrayList<>();
            for (int i = 0; i < conns; i++) {
                int client = i;
                clients.add(Task.go(() -> {
                    try (Conn c = Tcp.dial(ln)) {
                        byte[] out = new byte[msgLen];
                        byte[] in = new byte[msgLen];
                        for (int m = 0; m < msgs; m++) {
                            Arrays.fill(out, (byte) (client * 31 + m));
                            assertEquals(msgLen, c.write(out));
                            assertTrue(IO.readFull(c, in), "client: end of stream at message " + m);
                            assertArrayEquals(out, in, "echo of message " + m);
                        }
                    }
                }));
            }
            for (Task<Void> t : clients) {
                t.get(Duration.ofSeconds(100));
            }
            acceptor.get();
            for (Task<Void> t : servers) {
                t.get();
            }
        }
    }

    /**
     * Go's TestConnAndListener (C8): a transponder with deadlines on both ends; the addresses agree —
     * the client's remote address is the listener's, and each end's local address is the other's remote.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void connAndListener() throws IOException {
        try (TCPListener ln = Tcp.listen()) {
            Task<Void> transponder = Task.go(() -> {
                try (Conn s = ln.accept()) {
                    s.setDeadline(Instant.now().plusSeconds(30));
                    s.setReadDeadline(Instant.now().plusSeconds(30));
                    s.setWriteDeadline(Instant.now().plusSeconds(30));
                    byte[] b = new byte[128];
                    int n = s.read(b);
                    assertTrue(n > 0);
                    s.write(b, 0, n);
                }
            });
            try (Conn c = Tcp.dial(ln)) {
                assertEquals(ln.addr(), c.remoteAddr());
                c.setDeadline(Instant.now().plusSeconds(30));
                c.setReadDeadline(Instant.now().plusSeconds(30));
                c.setWriteDeadline(Instant.now().plusSeconds(30));
                byte[] msg = "CONN AND LISTENER TEST".getBytes(StandardCharsets.US_ASCII);
                c.write(msg);
                byte[] rb = new byte[msg.length];
                assertTrue(IO.readFull(c, rb));
                assertArrayEquals(msg, rb);
            }
            transponder.get();
        }
        try (Tcp.Pair p = Tcp.Pair.open()) {
            assertEquals(p.client().localAddr(), p.server().remoteAddr());
            assertEquals(p.client().remoteAddr(), p.server().localAddr());
        }
    }

    /**
     * Go's TestTCPServer (C9): servers on every loopback and wildcard form (IPv6 ones only where the host
     * has IPv6), each reached by three concurrent transponders through the matching dial address. A
     * "tcp" listener on 0.0.0.0 or ::ffff:0.0.0.0 is dual-stack, as Go's is, so ::1 reaches it too.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 120, threadMode = SEPARATE_THREAD)
    public void tcpServer() throws IOException {
        String[][] tests = {
                {"tcp", ":0", "tcp", "127.0.0.1"},
                {"tcp", "0.0.0.0:0", "tcp", "127.0.0.1"},
                {"tcp", "[::ffff:0.0.0.0]:0", "tcp", "127.0.0.1"},
                {"tcp", "[::]:0", "tcp", "::1"},
                {"tcp", ":0", "tcp", "::1"},
                {"tcp", "0.0.0.0:0", "tcp", "::1"},
                {"tcp", "[::ffff:0.0.0.0]:0", "tcp", "::1"},
                {"tcp", "[::]:0", "tcp", "127.0.0.1"},
                {"tcp", ":0", "tcp4", "127.0.0.1"},
                {"tcp", "0.0.0.0:0", "tcp4", "127.0.0.1"},
                {"tcp", "[::ffff:0.0.0.0]:0", "tcp4", "127.0.0.1"},
                {"tcp", "[::]:0", "tcp6", "::1"},
                {"tcp", ":0", "tcp6", "::1"},
                {"tcp", "0.0.0.0:0", "tcp6", "::1"},
                {"tcp", "[::ffff:0.0.0.0]:0", "tcp6", "::1"},
                {"tcp", "[::]:0", "tcp4", "127.0.0.1"},
                {"tcp", "127.0.0.1:0", "tcp", "127.0.0.1"},
                {"tcp", "[::ffff:127.0.0.1]:0", "tcp", "127.0.0.1"},
                {"tcp", "[::1]:0", "tcp", "::1"},
                {"tcp4", ":0", "tcp4", "127.0.0.1"},
                {"tcp4", "0.0.0.0:0", "tcp4", "127.0.0.1"},
                {"tcp4", "[::ffff:0.0.0.0]:0", "tcp4", "127.0.0.1"},
                {"tcp4", "127.0.0.1:0", "tcp4", "127.0.0.1"},
                {"tcp6", ":0", "tcp6", "::1"},
                {"tcp6", "[::]:0", "tcp6", "::1"},
                {"tcp6", "[::1]:0", "tcp6", "::1"},
        };
        boolean ipv6 = Tcp.ipv6Loopback();
        int transponders = 3;
        Rows rows = new Rows();
        for (String[] tt : tests) {
            String snet = tt[0], saddr = tt[1], tnet = tt[2], taddr = tt[3];
            boolean needs6 = snet.equals("tcp6") || tnet.equals("tcp6") || taddr.contains(":")
                    || saddr.startsWith("[::]") || saddr.startsWith("[::1]");
            if (needs6 && !ipv6) {
                continue;
            }
            rows.run(snet + " " + saddr + " <- " + tnet + " " + taddr, () -> transpond(snet, saddr, tnet, taddr, transponders));
        }
        rows.verify();
    }

    /** Listens on {@code snet saddr} and echoes for {@code n} concurrent clients dialing {@code tnet taddr}. */
    private static void transpond(String snet, String saddr, String tnet, String taddr, int n) throws IOException {
        try (Listener ln = Net.listen(snet, saddr)) {
            int port = ((InetSocketAddress) ln.addr()).getPort();
            Task<Void> server = Task.go(() -> {
                List<Task<Void>> echoes = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    Conn s = ln.accept();
                    echoes.add(Task.go(() -> {
                        try (s) {
                            IO.copy(IO.to(s), IO.from(s));
                        }
                    }));
                }
                for (Task<Void> e : echoes) {
                    e.get();
                }
            });
            List<Task<Void>> clients = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                clients.add(Task.go(() -> {
                    try (Conn c = Net.dial(tnet, GoText.joinHostPort(taddr, Integer.toString(port)))) {
                        byte[] msg = "TCP SERVER TEST".getBytes(StandardCharsets.US_ASCII);
                        c.write(msg);
                        byte[] rb = new byte[msg.length];
                        assertTrue(IO.readFull(c, rb));
                        assertArrayEquals(msg, rb);
                    }
                }));
            }
            for (Task<Void> c : clients) {
                c.get();
            }
            server.get();
        }
    }

    /**
     * C11 (derived): after the peer's reset has arrived, Write fails with Go's "write: broken pipe" or
     * "write: connection reset by peer" — and no SIGPIPE takes the JVM down.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void writeToResetPeer() throws IOException {
        try (Tcp.Pair p = Tcp.Pair.open()) {
            p.server().setLinger(0);
            p.server().close();
            TCPConn c = p.client();
            IOException err = null;
            long end = System.nanoTime() + Timing.LATE.toNanos();
            while (err == null && System.nanoTime() < end) {
                try {
                    c.write(new byte[1]);
                    Sleep.millis(10);
                } catch (IOException e) {
                    err = e;
                }
            }
            assertInstanceOf(IOException.class, err, "Write kept succeeding after the peer's reset");
            String pipe = Expect.conn("write", NET, c, "write: broken pipe");
            String reset = Expect.conn("write", NET, c, "write: connection reset by peer");
            Expect.netError(err, IOException.class, err.getMessage().equals(reset) ? reset : pipe);
            assertFalse(((NetError) err).isTimeout());
        }
    }

    /**
     * Go's TestNetpollWaiters (K10, runtime/crash_test.go): a pair exchanges 10 lines and both ends
     * close; afterwards the poll server counts no parked thread.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void netpollWaiters(ThreadKind kind) throws IOException {
        try (Tcp.Pair p = Tcp.Pair.open()) {
            Task<Void> server = Task.run(kind, () -> {
                TCPConn s = p.server();
                for (int i = 0; i < 10; i++) {
                    byte[] line = ("line " + i + "\n").getBytes(StandardCharsets.US_ASCII);
                    byte[] in = new byte[line.length];
                    assertTrue(IO.readFull(s, in));
                    assertArrayEquals(line, in);
                    s.write(in);
                }
                s.close();
            });
            TCPConn c = p.client();
            for (int i = 0; i < 10; i++) {
                byte[] line = ("line " + i + "\n").getBytes(StandardCharsets.US_ASCII);
                c.write(line);
                byte[] in = new byte[line.length];
                assertTrue(IO.readFull(c, in));
                assertArrayEquals(line, in);
            }
            server.get();
            c.close();
        }
        WaitersCheck.assertNoWaiters("10 lines exchanged and both ends closed");
    }

    /**
     * DESIGN: read returns -1 at end of stream (again and again), and 0 only for an empty buffer —
     * also at end of stream.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void readReturnsMinusOneAtEndOfStream() throws IOException {
        try (Tcp.Pair p = Tcp.Pair.open()) {
            p.server().write(new byte[] {1, 2, 3});
            p.server().close();
            TCPConn c = p.client();
            byte[] b = new byte[8];
            int n = 0;
            while (n < 3) {
                int r = c.read(b, n, b.length - n);
                assertTrue(r > 0, "read returned " + r + " with bytes still to come");
                n += r;
            }
            assertArrayEquals(new byte[] {1, 2, 3}, Arrays.copyOf(b, 3));
            assertEquals(-1, c.read(b));
            assertEquals(-1, c.read(b));
            assertEquals(-1, c.read(ByteBuffer.allocate(4)));
            assertEquals(0, c.read(new byte[0]));
            assertEquals(0, c.read(ByteBuffer.allocate(0)));
        }
    }

    /**
     * DESIGN: write writes all of b or throws — one 8 MiB write, far more than the socket buffers,
     * returns 8 MiB once a slow reader has taken every byte, in order.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void writeWritesAll(ThreadKind kind) throws IOException {
        byte[] data = new byte[8 << 20];
        new Random(1).nextBytes(data);
        try (Tcp.Pair p = Tcp.Pair.open()) {
            Task<Integer> write = Task.call(kind, () -> p.client().write(data));
            byte[] got = new byte[data.length];
            int n = 0;
            while (n < got.length) {
                int r = p.server().read(got, n, Math.min(4096, got.length - n));
                assertTrue(r > 0, "read returned " + r + " after " + n + " bytes");
                n += r;
            }
            assertEquals(data.length, write.get(Duration.ofSeconds(50)));
            assertArrayEquals(data, got);
        }
    }

    /**
     * DESIGN (ByteChannel): write(ByteBuffer) writes every remaining byte of heap and direct buffers and
     * advances their position; read(ByteBuffer) fills from the position; array ranges are honoured and
     * bad ranges rejected.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void byteBuffersAndRanges() throws IOException {
        try (Tcp.Pair p = Tcp.Pair.open()) {
            TCPConn c = p.client();
            TCPConn s = p.server();
            for (ByteBuffer src : List.of(ByteBuffer.allocate(100_000), ByteBuffer.allocateDirect(100_000))) {
                for (int i = 0; i < src.capacity(); i++) {
                    src.put(i, (byte) i);
                }
                src.position(10).limit(90_010);
                Task<Integer> write = Task.call(ThreadKind.VIRTUAL, () -> c.write(src));
                ByteBuffer dst = ByteBuffer.allocateDirect(90_003);
                dst.position(3);
                while (dst.hasRemaining()) {
                    assertTrue(s.read(dst) > 0);
                }
                assertEquals(90_000, write.get());
                assertEquals(90_010, src.position());
                for (int i = 0; i < 90_000; i++) {
                    assertEquals((byte) (i + 10), dst.get(3 + i), "byte " + i);
                }
            }
            byte[] b = {9, 8, 7, 6, 5};
            assertEquals(3, c.write(b, 1, 3));
            byte[] in = new byte[6];
            int n = 0;
            while (n < 3) {
                n += s.read(in, 2 + n, 3 - n);
            }
            assertArrayEquals(new byte[] {0, 0, 8, 7, 6, 0}, in);
            assertThrows(IndexOutOfBoundsException.class, () -> c.write(b, 3, 3));
            assertThrows(IndexOutOfBoundsException.class, () -> s.read(in, -1, 2));
        }
    }

    // ---- Go's n, err: a write that fails part way tells how much went out ----

    /** Larger than any loopback socket buffers, so a write to a peer that does not read blocks part way. */
    private static final int BLOCKING_WRITE = 32 << 20;

    /**
     * Starts a write of {@link #BLOCKING_WRITE} bytes from {@code p}'s client, which the server does not
     * read beyond one byte (so the write has begun), and returns it once it waits for room.
     */
    private static Task<Integer> blockedWrite(ThreadKind kind, Tcp.Pair p) throws IOException {
        byte[] big = new byte[BLOCKING_WRITE];
        Task<Integer> w = Task.call(kind, () -> p.client().write(big));
        assertTrue(IO.readFull(p.server(), new byte[1]), "end of stream before the first byte");
        return w.awaitParked();
    }

    /**
     * The failed write's count is more than nothing and less than all, and (the writer's end now being
     * closed) exactly what the peer reads before its end of stream, the byte it read already included.
     */
    private static void assertPeerGetsExactly(Throwable t, Tcp.Pair p) throws IOException {
        long n = ((NetError) t).bytesTransferred();
        assertTrue(n > 0 && n < BLOCKING_WRITE, "bytesTransferred() is " + n + " of " + BLOCKING_WRITE);
        p.client().close();
        p.server().setReadDeadline(Instant.now().plus(Task.MAX_WAIT));
        assertEquals(n, 1 + IO.copy(IO.discard(), IO.from(p.server())), "bytes the peer read up to its end of stream");
    }

    /**
     * A write that another thread closes part way: Go's {@code n} is what reached the peer.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void writeClosedPartWayTellsWhatWasWritten(ThreadKind kind) throws IOException {
        try (Tcp.Pair p = Tcp.Pair.open()) {
            Task<Integer> w = blockedWrite(kind, p);
            String text = Expect.conn("write", NET, p.client(), Expect.CLOSED);
            p.client().close();
            Throwable t = w.failure();
            Expect.closedWhileBlocked(t, text);
            assertPeerGetsExactly(t, p);
        }
    }

    /**
     * A write interrupted part way (the JDK's rule: the connection closes) tells what was written too.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void writeInterruptedPartWayTellsWhatWasWritten(ThreadKind kind) throws IOException {
        try (Tcp.Pair p = Tcp.Pair.open()) {
            Task<Integer> w = blockedWrite(kind, p);
            w.thread().interrupt();
            Throwable t = w.failure();
            assertInstanceOf(ClosedByInterruptException.class, t);
            Expect.op(t, "write", NET);
            assertPeerGetsExactly(t, p);
        }
    }

    /**
     * A write that times out part way: the NetError count and the JDK's bytesTransferred agree.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void writeTimeoutPartWayTellsWhatWasWritten() throws IOException {
        try (Tcp.Pair p = Tcp.Pair.open()) {
            Task<Integer> w = blockedWrite(ThreadKind.VIRTUAL, p);
            p.client().setWriteDeadline(Instant.now());
            Throwable t = w.failure();
            Expect.deadlineExceeded(t, Expect.conn("write", NET, p.client(), Expect.TIMEOUT));
            assertEquals(((SocketTimeoutException) t).bytesTransferred, ((NetError) t).bytesTransferred());
            assertPeerGetsExactly(t, p);
        }
    }

    /**
     * A write the peer resets part way: the count of what went out before, which the reset discarded.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void writeResetPartWayTellsWhatWasWritten() throws IOException {
        try (Tcp.Pair p = Tcp.Pair.open()) {
            Task<Integer> w = blockedWrite(ThreadKind.VIRTUAL, p);
            p.server().setLinger(0);
            p.server().close();
            Throwable t = w.failure();
            String pipe = Expect.conn("write", NET, p.client(), "write: broken pipe");
            String reset = Expect.conn("write", NET, p.client(), "write: connection reset by peer");
            Expect.netError(t, IOException.class, t.getMessage().equals(reset) ? reset : pipe);
            assertFalse(t instanceof ClosedChannelException, "a reset, not a close: " + t);
            long n = ((NetError) t).bytesTransferred();
            assertTrue(n > 0 && n < BLOCKING_WRITE, "bytesTransferred() is " + n + " of " + BLOCKING_WRITE);
        }
    }

    /**
     * Operations other than writes move nothing that the caller could lose: their count is 0.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void failedReadTransfersNothing() throws IOException {
        try (Tcp.Pair p = Tcp.Pair.open()) {
            p.client().write(new byte[10]);
            p.server().setReadDeadline(Instant.now().minusSeconds(1));
            Throwable t = assertThrows(IOException.class, () -> p.server().read(new byte[10]));
            Expect.deadlineExceeded(t, Expect.conn("read", NET, p.server(), Expect.TIMEOUT));
            assertEquals(0, ((NetError) t).bytesTransferred());
        }
    }
}
