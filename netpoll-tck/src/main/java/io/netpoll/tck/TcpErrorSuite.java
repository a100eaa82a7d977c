// Ports Go's src/net/error_test.go (and TestErrors from net_test.go) as DESIGN maps errors to Java.
package io.netpoll.tck;

import io.netpoll.net.Conn;
import io.netpoll.net.Net;
import io.netpoll.net.NetError;
import io.netpoll.net.TCPConn;
import io.netpoll.net.TCPListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.netpoll.tck.Expect.CLOSED;
import static io.netpoll.tck.Expect.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * Error shapes (section F of the catalogue). Every exception implements {@link NetError} with Go's
 * op, network and addresses, extends the JDK type DESIGN names for its kind, and carries Go's
 * {@code err.Error()} text, byte for byte, as its message.
 */
public abstract class TcpErrorSuite extends ProviderSuite {

    /** For the one-line subclass that runs this suite on a provider. */
    protected TcpErrorSuite() {
    }

    /** A service name no services file or built-in table knows: Go's "☺". */
    private static final String SMILEY = "\u263A";

    /**
     * Go's TestDialError (F1), for the cases that need no name resolution: unknown networks, a missing
     * address, unknown and out-of-range ports, a Unix path that does not exist. Each fails before any
     * connection, with Go's exact text.
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void dialError() {
        String[][] tests = {
                {"foo", "", "dial foo: unknown network foo"},
                {"bar", "baz", "dial bar: unknown network bar"},
                {"tcp", "", "dial tcp: missing address"},
                {"tcp", "127.0.0.1:" + SMILEY, "dial tcp: lookup tcp/" + SMILEY + ": unknown port"},
                {"tcp", "127.0.0.1:-1", "dial tcp: address -1: invalid port"},
                {"tcp", "127.0.0.1:123456789", "dial tcp: address 123456789: invalid port"},
                {"udp", "127.0.0.1:-1", "dial udp: address -1: invalid port"},
                {"udp", "127.0.0.1:123456789", "dial udp: address 123456789: invalid port"},
                {"unix", "/path/to/somewhere", "dial unix /path/to/somewhere: connect: no such file or directory"},
        };
        Rows rows = new Rows();
        for (String[] tt : tests) {
            check(rows, tt, () -> Net.dial(tt[0], tt[1]).close(), "dial");
        }
        rows.verify();
    }

    /**
     * Go's TestDialAddrError (F3): a literal of the other family than the network demands fails with
     * "no suitable address found" naming the literal.
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void dialAddrError() {
        String[][] tests = {
                {"tcp4", "[::1]:0", "dial tcp4: address ::1: no suitable address found"},
                {"tcp6", "127.0.0.1:0", "dial tcp6: address 127.0.0.1: no suitable address found"},
                {"tcp6", "[::ffff:127.0.0.1]:0", "dial tcp6: address ::ffff:127.0.0.1: no suitable address found"},
        };
        Rows rows = new Rows();
        for (String[] tt : tests) {
            check(rows, tt, () -> Net.dial(tt[0], tt[1]).close(), "dial");
        }
        rows.verify();
    }

    /**
     * Go's TestListenError and TestListenPacketError (F4): the mirror of F1 for Listen and ListenPacket.
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void listenError() {
        String[][] streams = {
                {"foo", "", "listen foo: unknown network foo"},
                {"bar", "baz", "listen bar: unknown network bar"},
                {"tcp", "127.0.0.1:" + SMILEY, "listen tcp: lookup tcp/" + SMILEY + ": unknown port"},
                {"tcp", "127.0.0.1:-1", "listen tcp: address -1: invalid port"},
                {"tcp", "127.0.0.1:123456789", "listen tcp: address 123456789: invalid port"},
                {"unix", "/path/to/somewhere", "listen unix /path/to/somewhere: bind: no such file or directory"},
        };
        String[][] packets = {
                {"foo", "", "listen foo: unknown network foo"},
                {"bar", "baz", "listen bar: unknown network bar"},
                {"udp", "127.0.0.1:" + SMILEY, "listen udp: lookup udp/" + SMILEY + ": unknown port"},
                {"udp", "127.0.0.1:-1", "listen udp: address -1: invalid port"},
                {"udp", "127.0.0.1:123456789", "listen udp: address 123456789: invalid port"},
        };
        Rows rows = new Rows();
        for (String[] tt : streams) {
            check(rows, tt, () -> Net.listen(tt[0], tt[1]).close(), "listen");
        }
        for (String[] tt : packets) {
            check(rows, tt, () -> Net.listenPacket(tt[0], tt[1]).close(), "listenPacket");
        }
        rows.verify();
    }

    /**
     * Go's TestAcceptError (F5): an accept loop with a 5 ms deadline, while clients come and go; every
     * failure is a well-formed accept error — a timeout, or, once the listener is closed, "use of
     * closed network connection", which ends the loop.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void acceptError() throws IOException {
        TCPListener ln = Tcp.listen();
        String timeout = Expect.local("accept", "tcp", ln, TIMEOUT);
        String closed = Expect.local("accept", "tcp", ln, CLOSED);
        String closedBeforeSet = Expect.local("set", "tcp", ln, CLOSED);
        AtomicInteger timeouts = new AtomicInteger();
        Task<Integer> acceptor = Task.call(ThreadKind.VIRTUAL, () -> {
            while (true) {
                // The test closes the listener at a moment of its own choosing: between two
                // accepts the close shows up here, as Go's "set" error.
                try {
                    ln.setDeadline(Instant.now().plusMillis(5));
                } catch (IOException e) {
                    Expect.netError(e, ClosedChannelException.class, closedBeforeSet);
                    return timeouts.get();
                }
                Conn c;
                try {
                    c = ln.accept();
                } catch (SocketTimeoutException e) {
                    Expect.deadlineExceeded(e, timeout);
                    timeouts.incrementAndGet();
                    continue;
                } catch (IOException e) {
                    Expect.netError(e, ClosedChannelException.class, closed);
                    assertFalse(((NetError) e).isTimeout());
                    return timeouts.get();
                }
                c.close();
            }
        });
        Task<Void> dialer = Task.go(() -> {
            for (int i = 0; i < 20; i++) {
                Tcp.dial(ln).close();
                Sleep.millis(5);
            }
        });
        dialer.get();
        // With no more clients the next 5 ms accept times out. Waited for rather than slept for: on a
        // busy box the acceptor may not run at all for a while.
        long end = System.nanoTime() + Task.MAX_WAIT.toNanos();
        while (timeouts.get() == 0 && !acceptor.isDone() && System.nanoTime() - end < 0) {
            Sleep.millis(5);
        }
        ln.close();
        int seen = acceptor.get();
        assertTrue(seen > 0, () -> "no accept timed out within " + Task.MAX_WAIT + " of the last client");
    }

    /**
     * Go's TestErrors (F7), and D16: each kind of failure implements NetError with Go's op, network and
     * addresses and has the JDK type DESIGN gives it — refused is a ConnectException, a deadline a
     * SocketTimeoutException, use after close a ClosedChannelException. A refused dial fails fast.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void errorsAreNetErrors() throws IOException {
        for (String network : List.of("tcp", "tcp4")) {
            try (Tcp.ClosedPort closed = Tcp.ClosedPort.open()) {
                int port = closed.port();
                InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
                long t0 = System.nanoTime();
                IOException refused = assertThrows(IOException.class, () -> Net.dial(network, "127.0.0.1:" + port).close());
                long took = System.nanoTime() - t0;
                assertTrue(took < Timing.LATE.toNanos(), () -> "a refused dial took " + Duration.ofNanos(took));
                Expect.netError(refused, ConnectException.class,
                        "dial " + network + " 127.0.0.1:" + port + ": connect: connection refused");
                NetError e = Expect.op(refused, "dial", network);
                assertNull(e.source());
                assertEquals(to, e.addr());
                assertFalse(e.isTimeout());
            }
        }

        try (Tcp.Pair p = Tcp.Pair.open()) {
            TCPConn c = p.client();
            c.setReadDeadline(Timing.A_LONG_TIME_AGO);
            IOException timeout = assertThrows(IOException.class, () -> c.read(new byte[1]));
            Expect.deadlineExceeded(timeout, Expect.conn("read", "tcp", c, TIMEOUT));
            NetError e = Expect.op(timeout, "read", "tcp");
            assertEquals(c.localAddr(), e.source());
            assertEquals(c.remoteAddr(), e.addr());

            c.close();
            IOException closed = assertThrows(IOException.class, () -> c.write(new byte[1]));
            Expect.closedBefore(closed, Expect.conn("write", "tcp", c, CLOSED));
            e = Expect.op(closed, "write", "tcp");
            assertEquals(c.localAddr(), e.source());
            assertEquals(c.remoteAddr(), e.addr());
        }
    }

    /**
     * Go's "use of closed network connection" texts (net.go's conn and TCPListener methods): every
     * method of a closed connection or listener fails with the op, network and addresses Go names.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void useOfClosedNetworkConnection() throws IOException {
        Tcp.Pair p = Tcp.Pair.open();
        p.close();
        TCPConn c = p.client();
        TCPListener ln = p.ln();
        String set = GoText.opError("set", "tcp", null, c.localAddr(), CLOSED);
        Expect.closedBefore(assertThrows(IOException.class, () -> c.read(new byte[1])), Expect.conn("read", "tcp", c, CLOSED));
        Expect.closedBefore(assertThrows(IOException.class, () -> c.write(new byte[1])), Expect.conn("write", "tcp", c, CLOSED));
        Expect.closedBefore(assertThrows(IOException.class, () -> c.setDeadline(null)), set);
        Expect.closedBefore(assertThrows(IOException.class, () -> c.setReadDeadline(Instant.now())), set);
        Expect.closedBefore(assertThrows(IOException.class, () -> c.setWriteDeadline(Instant.now())), set);
        Expect.closedBefore(assertThrows(IOException.class, ln::accept), Expect.local("accept", "tcp", ln, CLOSED));
        Expect.closedBefore(assertThrows(IOException.class, () -> ln.setDeadline(null)), Expect.local("set", "tcp", ln, CLOSED));
    }

    @FunctionalInterface
    private interface Op {
        void run() throws IOException;
    }

    /** Runs one table row {network, address, Go's text}: it must fail with a NetError of that text. */
    private static void check(Rows rows, String[] tt, Op op, String call) {
        rows.run(call + "(\"" + tt[0] + "\", \"" + tt[1] + "\")", () -> {
            IOException err = assertThrows(IOException.class, op::run, "should fail");
            Expect.netError(err, IOException.class, tt[2]);
            Expect.op(err, call.equals("dial") ? "dial" : "listen", tt[0]);
        });
    }
}
