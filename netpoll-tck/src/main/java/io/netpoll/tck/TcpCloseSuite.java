// Ports Go's close tests over TCP: net_test.go, error_test.go, tcpsock_test.go, listen_test.go.
package io.netpoll.tck;

import io.netpoll.net.Net;
import io.netpoll.net.TCPConn;
import io.netpoll.net.TCPListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static io.netpoll.tck.Expect.CLOSED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * Close semantics on TCP (section B of the catalogue): what a closed connection or listener answers,
 * that a close wakes whatever waits on it, that closing twice is harmless, and that a closed
 * listener's port can be listened on again at once.
 */
public abstract class TcpCloseSuite extends ProviderSuite {

    /** For the one-line subclass that runs this suite on a provider. */
    protected TcpCloseSuite() {
    }

    private static final String NET = "tcp";

    /**
     * Go's TestConnClose (B1): Close succeeds, and a later Read fails with "use of closed network
     * connection" — a plain ClosedChannelException, since the read started after the close.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void connClose() throws IOException {
        try (Tcp.Pair p = Tcp.Pair.open()) {
            TCPConn c = p.client();
            c.close();
            assertFalse(c.isOpen(), "isOpen() after close");
            Expect.closedBefore(assertThrows(IOException.class, () -> c.read(new byte[1])),
                    Expect.conn("read", NET, c, CLOSED));
        }
    }

    /**
     * Go's TestListenerClose (B2): after Close, Accept fails with "use of closed network connection".
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void listenerClose() throws IOException {
        TCPListener ln = Tcp.listen();
        ln.close();
        Expect.closedBefore(assertThrows(IOException.class, ln::accept), Expect.local("accept", NET, ln, CLOSED));
    }

    /**
     * Go's TestCloseError (B4) as DESIGN has it for Java: CloseRead and CloseWrite three times each
     * succeed or fail with a well-formed error; Close three times on the connection and on the
     * listener never fails (Closeable's contract; Go's second-close error is not reproduced).
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void closeError() throws IOException {
        TCPListener ln = Tcp.listen();
        TCPConn c = Tcp.dial(ln);
        for (int i = 0; i < 3; i++) {
            try {
                c.closeRead();
            } catch (IOException e) {
                Expect.op(e, "close", NET);
            }
        }
        for (int i = 0; i < 3; i++) {
            try {
                c.closeWrite();
            } catch (IOException e) {
                Expect.op(e, "close", NET);
            }
        }
        for (int i = 0; i < 3; i++) {
            c.close();
            ln.close();
        }
        assertFalse(c.isOpen());
    }

    /**
     * Go's TestTCPListenAfterClose (B5, issue 50216): with connections queued, Accept after Close
     * fails with "use of closed network connection"; no queued connection is handed out.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void tcpListenAfterClose() throws IOException {
        TCPListener ln = Tcp.listen();
        try (TCPConn d1 = Tcp.dial(ln); TCPConn d2 = Tcp.dial(ln)) {
            assertTrue(d1.isOpen() && d2.isOpen());
            ln.accept().close();
            Sleep.millis(10);
            ln.close();
            Expect.closedBefore(assertThrows(IOException.class, ln::accept), Expect.local("accept", NET, ln, CLOSED));
        } finally {
            ln.close();
        }
    }

    /**
     * Go's TestClosingListener (B6): while an accept loop waits, Close, and listen on the same address
     * at once: Close has released the port by the time it returns.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void closingListener(ThreadKind kind) throws IOException {
        TCPListener ln = Tcp.listen();
        String addr = Tcp.address(ln);
        Task<Void> acceptor = Task.run(kind, () -> {
            while (true) {
                ln.accept().close();
            }
        });
        acceptor.awaitParked();
        ln.close();
        Net.listen(NET, addr).close();
        Expect.closedWhileBlocked(acceptor.failure(), Expect.local("accept", NET, ln, CLOSED));
    }

    /**
     * Go's TestCloseUnblocksRead (B7): the peer's Close ends a waiting Read with end of stream (-1).
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void closeUnblocksRead(ThreadKind kind) throws IOException {
        try (Tcp.Pair p = Tcp.Pair.open()) {
            Task<Integer> read = Task.call(kind, () -> p.client().read(new byte[1]));
            read.awaitParked();
            Sleep.millis(20);
            p.server().close();
            assertEquals(-1, read.get(), "Read after the peer closed");
        }
    }

    /**
     * B9 (Go's TestReadTimeoutMustNotReturn and TestWriteTimeoutMustNotReturn together): a Read and a
     * Write waiting on one connection — nothing to read, send buffer full — are both woken by one local
     * Close with AsynchronousCloseException, which is no timeout, and the connection answers closed.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    @SuppressWarnings("try") // closes a resource early on purpose
    public void closeUnblocksReadAndWrite(ThreadKind kind) throws IOException {
        try (TCPListener ln = Tcp.listen(); TCPConn c = Tcp.dial(ln)) {
            Task<Integer> read = Task.call(kind, () -> c.read(new byte[1]));
            Task<Void> write = Task.run(kind, () -> c.write(new byte[Tcp.UNSENDABLE]));
            read.awaitParked();
            write.awaitParked();
            assertFalse(read.isDone() || write.isDone(), "Read or Write returned before Close");
            c.close();
            Expect.closedWhileBlocked(read.failure(), Expect.conn("read", NET, c, CLOSED));
            Expect.closedWhileBlocked(write.failure(), Expect.conn("write", NET, c, CLOSED));
            Expect.closedBefore(assertThrows(IOException.class, () -> c.setDeadline(Instant.now())),
                    GoText.opError("set", NET, null, c.localAddr(), CLOSED));
            Expect.closedBefore(assertThrows(IOException.class, () -> c.write(new byte[1])),
                    Expect.conn("write", NET, c, CLOSED));
        }
    }

    /**
     * DESIGN (Closeable's contract): close is idempotent, also when another thread closes at the same
     * moment; every close returns only after the connection is closed.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void concurrentCloseIsIdempotent(ThreadKind kind) throws IOException {
        try (Tcp.Pair p = Tcp.Pair.open()) {
            TCPConn c = p.client();
            Task<Integer> read = Task.call(kind, () -> c.read(new byte[1]));
            read.awaitParked();
            Task<?>[] closers = new Task<?>[4];
            for (int i = 0; i < closers.length; i++) {
                closers[i] = Task.run(kind, () -> {
                    c.close();
                    assertFalse(c.isOpen());
                });
            }
            for (Task<?> t : closers) {
                t.get();
            }
            Expect.closedWhileBlocked(read.failure(), Expect.conn("read", NET, c, CLOSED));
            assertEquals(-1, p.server().read(new byte[1]), "the peer sees end of stream after the close");
        }
    }

    /**
     * DESIGN (runtime): a close(2) that lingers ({@code SO_LINGER > 0} with unsent data blocks in the kernel up
     * to the linger time even on a non-blocking socket) holds no carrier: only the closing threads
     * wait, as only the closing goroutine waits in Go. As many virtual threads as the scheduler has
     * carriers close such connections at once, while a ticker virtual thread sleeps in 10 ms steps; its
     * longest gap stays far below the linger time. The peers never read, so the data stays unsent.
     *
     * @throws Exception on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void lingeringCloseHoldsNoCarrier() throws Exception {
        int linger = 3;
        int carriers = Integer.getInteger("jdk.virtualThreadScheduler.parallelism", Runtime.getRuntime().availableProcessors());
        try (TCPListener ln = Tcp.listen()) {
            List<TCPConn> clients = new ArrayList<>();
            List<TCPConn> peers = new ArrayList<>();
            try {
                byte[] chunk = new byte[64 << 10];
                for (int i = 0; i < carriers; i++) {
                    TCPConn c = Tcp.dial(ln);
                    clients.add(c);
                    peers.add(ln.accept());
                    c.setLinger(linger);
                    c.setWriteDeadline(Instant.now().plusMillis(300));
                    assertThrows(SocketTimeoutException.class, () -> {
                        while (true) {
                            c.write(chunk);
                        }
                    }, "the send buffer fills while the peer does not read");
                }
                AtomicLong maxGap = new AtomicLong();
                AtomicBoolean ticking = new AtomicBoolean(true);
                Thread ticker = Thread.ofVirtual().start(() -> {
                    long last = System.nanoTime();
                    while (ticking.get()) {
                        Sleep.millis(10);
                        long now = System.nanoTime();
                        maxGap.accumulateAndGet(now - last, Math::max);
                        last = now;
                    }
                });
                long t0 = System.nanoTime();
                List<Task<Long>> closers = new ArrayList<>();
                for (TCPConn c : clients) {
                    closers.add(Task.call(ThreadKind.VIRTUAL, () -> {
                        long start = System.nanoTime();
                        c.close();
                        return System.nanoTime() - start;
                    }));
                }
                List<Long> closeMillis = new ArrayList<>();
                for (Task<Long> t : closers) {
                    closeMillis.add(t.get() / 1_000_000);
                }
                long allClosed = (System.nanoTime() - t0) / 1_000_000;
                ticking.set(false);
                ticker.join();
                long gap = maxGap.get() / 1_000_000;
                String seen = carriers + " carriers, SO_LINGER " + linger + " s: closes took " + closeMillis
                        + " ms (all done after " + allClosed + " ms), the ticker's longest gap was " + gap + " ms";
                System.out.println("lingeringCloseHoldsNoCarrier: " + seen);
                assertTrue(gap < linger * 1000L / 2, "a lingering close held a carrier: " + seen);
                clients.forEach(c -> assertFalse(c.isOpen()));
            } finally {
                for (TCPConn c : clients) {
                    c.close();
                }
                for (TCPConn c : peers) {
                    c.close();
                }
            }
        }
    }
}
