// The Java side of DESIGN's contract, which Go has no test for: interrupts, streams, virtual-thread
// carriers and java.net peers (the JDK's BlockingSocketOps and Netty's testsuite check the same).
package io.netpoll.tck;

import io.netpoll.net.Conn;
import io.netpoll.net.Net;
import io.netpoll.net.TCPConn;
import io.netpoll.net.TCPListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.netpoll.tck.Expect.CLOSED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * What DESIGN adds for Java: an interrupted thread closes the connection as the JDK's interruptible
 * channels do; the streams close the connection as {@code java.net.Socket}'s do; a virtual thread
 * blocked in a read leaves its carrier free; and {@code java.net.Socket} and {@code ServerSocket}
 * interoperate as peers.
 */
public abstract class TcpJavaContractSuite extends ProviderSuite {

    /** For the one-line subclass that runs this suite on a provider. */
    protected TcpJavaContractSuite() {
    }

    private static final String NET = "tcp";

    /**
     * DESIGN: a thread interrupted while Read waits closes the connection and gets
     * ClosedByInterruptException, and its interrupt status stays set; the peer sees end of stream.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void interruptWhileBlockedInRead(ThreadKind kind) throws IOException {
        try (Tcp.Pair p = Tcp.Pair.open()) {
            TCPConn c = p.client();
            Task<Boolean> read = Task.call(kind, () -> interrupted(() -> c.read(new byte[1]), "read"));
            read.awaitParked();
            read.thread().interrupt();
            assertTrue(read.get(), "the interrupt status was cleared");
            assertClosedByInterrupt(c);
            assertEquals(-1, p.server().read(new byte[1]), "the peer should see end of stream");
        }
    }

    /**
     * DESIGN: a thread already interrupted when it calls Read closes the connection and gets
     * ClosedByInterruptException even though a byte is waiting; the status stays set.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void interruptBeforeRead(ThreadKind kind) throws IOException {
        try (Tcp.Pair p = Tcp.Pair.open()) {
            TCPConn c = p.client();
            p.server().write(new byte[] {42});
            Task<Boolean> read = Task.call(kind, () -> {
                Thread.currentThread().interrupt();
                return interrupted(() -> c.read(new byte[1]), "read");
            });
            assertTrue(read.get(), "the interrupt status was cleared");
            assertClosedByInterrupt(c);
            // The byte left unread makes the kernel reset the connection rather than end it.
            Expect.netError(assertThrows(IOException.class, () -> p.server().read(new byte[1])), IOException.class,
                    Expect.conn("read", NET, p.server(), "read: connection reset by peer"));
        }
    }

    /**
     * DESIGN: an already interrupted thread is refused even by an operation on nothing: a read into an
     * empty array or buffer, a write of nothing, on TCP and on UDP, closes the connection and throws
     * ClosedByInterruptException (the JDK's SocketChannel does the same); the status stays set.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void interruptBeforeZeroLengthOps(ThreadKind kind) throws IOException {
        List<Map.Entry<String, ConnOp>> cases = List.of(
                Map.entry("read", c -> c.read(new byte[0])),
                Map.entry("read", c -> c.read(ByteBuffer.allocate(0))),
                Map.entry("write", c -> c.write(new byte[0])),
                Map.entry("write", c -> c.write(ByteBuffer.allocate(0))));
        for (Map.Entry<String, ConnOp> op : cases) {
            try (Tcp.Pair p = Tcp.Pair.open()) {
                TCPConn c = p.client();
                Task<Boolean> call = Task.call(kind, () -> {
                    Thread.currentThread().interrupt();
                    return interrupted(() -> op.getValue().run(c), op.getKey());
                });
                assertTrue(call.get(), op.getKey() + ": the interrupt status was cleared");
                assertClosedByInterrupt(c);
                assertEquals(-1, p.server().read(new byte[1]), op.getKey() + ": the peer should see end of stream");
            }
            try (Conn u = Net.dial("udp", "127.0.0.1:9")) {
                Task<Boolean> call = Task.call(kind, () -> {
                    Thread.currentThread().interrupt();
                    IOException e = assertThrows(IOException.class, () -> op.getValue().run(u));
                    assertInstanceOf(ClosedByInterruptException.class, e);
                    Expect.op(e, op.getKey(), "udp");
                    return Thread.currentThread().isInterrupted();
                });
                assertTrue(call.get(), "udp " + op.getKey() + ": the interrupt status was cleared");
                assertFalse(u.isOpen(), "udp " + op.getKey() + ": the interrupt did not close the connection");
            }
        }
    }

    @FunctionalInterface
    private interface ConnOp {
        void run(Conn c) throws IOException;
    }

    /**
     * DESIGN: a thread interrupted while Write waits on a full send buffer closes the connection and
     * gets ClosedByInterruptException; the status stays set.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void interruptWhileBlockedInWrite(ThreadKind kind) throws IOException {
        try (Tcp.Pair p = Tcp.Pair.open()) {
            TCPConn c = p.client();
            Task<Boolean> write = Task.call(kind, () -> interrupted(() -> {
                byte[] b = new byte[64 << 10];
                while (true) {
                    c.write(b);
                }
            }, "write"));
            write.awaitParked();
            write.thread().interrupt();
            assertTrue(write.get(), "the interrupt status was cleared");
            assertFalse(c.isOpen(), "the interrupt did not close the connection");
            Expect.closedBefore(assertThrows(IOException.class, () -> c.write(new byte[1])),
                    Expect.conn("write", NET, c, CLOSED));
        }
    }

    /**
     * DESIGN: a thread interrupted while Accept waits closes the listener — its port is free at once —
     * and gets ClosedByInterruptException; the status stays set. An already interrupted thread likewise.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void interruptWhileBlockedInAccept(ThreadKind kind) throws IOException {
        for (boolean before : new boolean[] {false, true}) {
            TCPListener ln = Tcp.listen();
            try {
                Task<Boolean> accept = Task.call(kind, () -> {
                    if (before) {
                        Thread.currentThread().interrupt();
                    }
                    return interrupted(() -> ln.accept().close(), "accept");
                });
                if (!before) {
                    accept.awaitParked();
                    accept.thread().interrupt();
                }
                assertTrue(accept.get(), "the interrupt status was cleared");
                Expect.closedBefore(assertThrows(IOException.class, ln::accept), Expect.local("accept", NET, ln, CLOSED));
                Net.listen(NET, Tcp.address(ln)).close();
            } finally {
                ln.close();
            }
        }
    }

    @FunctionalInterface
    private interface Blocking {
        void run() throws IOException;
    }

    /** Runs {@code op}, which must fail with ClosedByInterruptException; returns the thread's interrupt status. */
    private static boolean interrupted(Blocking op, String opName) {
        IOException e = assertThrows(IOException.class, op::run);
        assertInstanceOf(ClosedByInterruptException.class, e);
        Expect.op(e, opName, NET);
        return Thread.currentThread().isInterrupted();
    }

    private static void assertClosedByInterrupt(TCPConn c) {
        assertFalse(c.isOpen(), "the interrupt did not close the connection");
        Expect.closedBefore(assertThrows(IOException.class, () -> c.read(new byte[1])), Expect.conn("read", NET, c, CLOSED));
    }

    /**
     * DESIGN: closing inputStream() closes the connection, as java.net.Socket's stream does.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void closingInputStreamClosesConn() throws IOException {
        try (Tcp.Pair p = Tcp.Pair.open()) {
            TCPConn c = p.client();
            c.inputStream().close();
            assertFalse(c.isOpen());
            Expect.closedBefore(assertThrows(IOException.class, () -> c.read(new byte[1])), Expect.conn("read", NET, c, CLOSED));
            assertEquals(-1, p.server().read(new byte[1]));
        }
    }

    /**
     * DESIGN: closing outputStream() closes the connection, as java.net.Socket's stream does.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void closingOutputStreamClosesConn() throws IOException {
        try (Tcp.Pair p = Tcp.Pair.open()) {
            TCPConn c = p.client();
            c.outputStream().close();
            assertFalse(c.isOpen());
            Expect.closedBefore(assertThrows(IOException.class, () -> c.write(new byte[1])), Expect.conn("write", NET, c, CLOSED));
            assertEquals(-1, p.server().read(new byte[1]));
        }
    }

    /**
     * The streams follow InputStream's and OutputStream's contracts over the connection: single bytes
     * as 0..255, -1 at end of stream, 0 for an empty array.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void streamsCarryBytes() throws IOException {
        try (Tcp.Pair p = Tcp.Pair.open()) {
            OutputStream out = p.client().outputStream();
            out.write(0xff);
            out.write(new byte[] {1, 2, 3});
            out.write(new byte[] {9, 4, 5, 9}, 1, 2);
            out.flush();
            p.client().closeWrite();
            InputStream in = p.server().inputStream();
            assertEquals(0xff, in.read());
            assertEquals(0, in.read(new byte[0]));
            assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, in.readAllBytes());
            assertEquals(-1, in.read());
            assertEquals(-1, in.read(new byte[4]));
        }
    }

    /**
     * A virtual thread blocked in Read parks and frees its carrier: with more readers blocked than the
     * scheduler has carriers, another virtual thread still runs. A read that pinned its carrier (a
     * blocking system call, or parking while pinned) would starve it.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void blockedReadDoesNotPinCarrier() throws IOException {
        int carriers = Integer.getInteger("jdk.virtualThreadScheduler.parallelism", Runtime.getRuntime().availableProcessors());
        int readers = carriers + 2;
        try (TCPListener ln = Tcp.listen()) {
            List<Tcp.Pair> pairs = new ArrayList<>();
            List<Task<Integer>> reads = new ArrayList<>();
            try {
                for (int i = 0; i < readers; i++) {
                    TCPConn c = Tcp.dial(ln);
                    pairs.add(new Tcp.Pair(ln, c, ln.accept()));
                    reads.add(Task.call(ThreadKind.VIRTUAL, () -> c.read(new byte[1])));
                }
                for (Task<Integer> r : reads) {
                    r.awaitParked();
                }
                Task<Boolean> probe = Task.call(ThreadKind.VIRTUAL, () -> true);
                if (!probe.finishesWithin(Timing.LATE)) {
                    StringBuilder states = new StringBuilder();
                    for (Task<Integer> r : reads) {
                        states.append(' ').append(r.thread().getState());
                    }
                    throw new AssertionError("a virtual thread could not run while " + readers + " virtual threads were "
                            + "blocked in read on " + carriers + " carriers: the read pins its carrier (reader states:" + states + ")");
                }
                for (Tcp.Pair p : pairs) {
                    p.server().write(new byte[] {7});
                }
                for (Task<Integer> r : reads) {
                    assertEquals(1, r.get());
                }
            } finally {
                for (Tcp.Pair p : pairs) {
                    p.client().close();
                    p.server().close();
                }
            }
        }
    }

    /**
     * Interop: java.net.Socket dials a netpoll listener; 256 KiB go each way at once, then each side's
     * half-close reaches the other as end of stream.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void javaSocketDialsNetListener(ThreadKind kind) throws IOException {
        byte[] toNet = random(1, 256 << 10);
        byte[] toJava = random(2, 256 << 10);
        try (TCPListener ln = Tcp.listen()) {
            Task<byte[]> java = Task.call(ThreadKind.PLATFORM, () -> {
                try (Socket s = new Socket()) {
                    s.connect(ln.addr(), 10_000);
                    assertEquals(ln.addr(), s.getRemoteSocketAddress());
                    s.setSoTimeout(30_000);
                    return exchangeJava(s, toNet);
                }
            });
            Task<byte[]> net = Task.call(kind, () -> {
                try (TCPConn c = ln.accept()) {
                    return exchangeNet(c, toJava);
                }
            });
            assertArrayEquals(toNet, net.get(Duration.ofSeconds(50)), "bytes from java.net.Socket");
            assertArrayEquals(toJava, java.get(Duration.ofSeconds(50)), "bytes to java.net.Socket");
        }
    }

    /**
     * Interop: a netpoll dial to a java.net.ServerSocket; the same exchange the other way round.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void netDialsJavaServerSocket(ThreadKind kind) throws IOException {
        byte[] toNet = random(3, 256 << 10);
        byte[] toJava = random(4, 256 << 10);
        try (ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Task<byte[]> java = Task.call(ThreadKind.PLATFORM, () -> {
                try (Socket s = ss.accept()) {
                    s.setSoTimeout(30_000);
                    return exchangeJava(s, toNet);
                }
            });
            Task<byte[]> net = Task.call(kind, () -> {
                try (TCPConn c = (TCPConn) Net.dial(NET, "127.0.0.1:" + ss.getLocalPort())) {
                    assertEquals(new InetSocketAddress(InetAddress.getLoopbackAddress(), ss.getLocalPort()), c.remoteAddr());
                    return exchangeNet(c, toJava);
                }
            });
            assertArrayEquals(toNet, net.get(Duration.ofSeconds(50)), "bytes from java.net.ServerSocket's connection");
            assertArrayEquals(toJava, java.get(Duration.ofSeconds(50)), "bytes to java.net.ServerSocket's connection");
        }
    }

    /** Sends {@code data} from a second thread and half-closes; returns everything read until end of stream. */
    private static byte[] exchangeNet(TCPConn c, byte[] data) throws IOException {
        Task<Void> send = Task.go(() -> {
            c.write(data);
            c.closeWrite();
        });
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        IO.copy(IO.to(got), IO.from(c));
        send.get();
        return got.toByteArray();
    }

    private static byte[] exchangeJava(Socket s, byte[] data) throws IOException {
        Task<Void> send = Task.run(ThreadKind.PLATFORM, () -> {
            s.getOutputStream().write(data);
            s.shutdownOutput();
        });
        byte[] got = s.getInputStream().readAllBytes();
        send.get();
        return got;
    }

    private static byte[] random(long seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
