// The edges of the short-read rule of PollDesc: on an edge-triggered poller, a stream read that
// returned fewer bytes than asked means the socket is empty, so the next read waits for the next edge
// without trying first. Each case must end as it does on a poller that always tries first.
package io.netpoll.tck;

import io.netpoll.net.TCPConn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * A read that comes back short, then the read after it: data and the peer's FIN together, a reset, a
 * deadline and a close while the second read waits, and many short reads in a row.
 */
public abstract class TcpShortReadSuite extends ProviderSuite {

    /** For the one-line subclass that runs this suite on a provider. */
    protected TcpShortReadSuite() {
    }

    private static final String NET = "tcp";
    private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);

    /**
     * Data and FIN queued together before the reader looks: the short read returns the data and the
     * next read end of stream, although no edge comes after the short read.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void dataAndFinTogetherThenEndOfStream() throws IOException {
        try (Tcp.Pair p = Tcp.Pair.open()) {
            p.server().write(ABC);
            p.server().close();
            Sleep.millis(50); // both have arrived; the reader has not looked yet
            byte[] buf = new byte[64];
            assertEquals(3, p.client().read(buf));
            assertEquals(-1, p.client().read(buf), "the read after the short one sees end of stream");
        }
    }

    /**
     * The reader is parked when data and FIN arrive: it wakes for the data, and its next read sees end
     * of stream whether the FIN's event came before or after the short read.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void dataAndFinWhileParked(ThreadKind kind) throws IOException {
        try (Tcp.Pair p = Tcp.Pair.open()) {
            TCPConn c = p.client();
            Task<int[]> reads = Task.call(kind, () -> {
                byte[] buf = new byte[64];
                return new int[] {c.read(buf), c.read(buf)};
            });
            reads.awaitParked();
            p.server().write(ABC);
            p.server().close();
            assertArrayEquals(new int[] {3, -1}, reads.get());
        }
    }

    /**
     * A reset after the short read, with the next read already waiting: it fails with the reset.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void resetWhileWaitingAfterAShortRead(ThreadKind kind) throws IOException {
        try (Tcp.Pair p = Tcp.Pair.open()) {
            TCPConn c = p.client();
            p.server().write(ABC);
            assertEquals(3, c.read(new byte[64]));
            Task<Integer> read = Task.call(kind, () -> c.read(new byte[64]));
            read.awaitParked();
            p.server().setLinger(0);
            p.server().close();
            Expect.netError(read.failure(), IOException.class,
                    Expect.conn("read", NET, c, "read: connection reset by peer"));
        }
    }

    /**
     * A deadline while the read after a short one waits: it times out, and with the deadline cleared
     * the read after that returns the next bytes.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void deadlineWhileWaitingAfterAShortRead(ThreadKind kind) throws IOException {
        try (Tcp.Pair p = Tcp.Pair.open()) {
            TCPConn c = p.client();
            p.server().write(ABC);
            assertEquals(3, c.read(new byte[64]));
            Task<Integer> read = Task.call(kind, () -> {
                c.setReadDeadline(Instant.now().plusMillis(100));
                return c.read(new byte[64]);
            });
            Expect.timeout(read.failure());
            c.setReadDeadline(null);
            p.server().write(ABC);
            assertEquals(3, c.read(new byte[64]), "the read after the timeout finds the next bytes");
        }
    }

    /**
     * A close while the read after a short one waits: it fails with the closed error.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void closeWhileWaitingAfterAShortRead(ThreadKind kind) throws IOException {
        try (Tcp.Pair p = Tcp.Pair.open()) {
            TCPConn c = p.client();
            p.server().write(ABC);
            assertEquals(3, c.read(new byte[64]));
            Task<Integer> read = Task.call(kind, () -> c.read(new byte[64]));
            read.awaitParked();
            c.close();
            Expect.closedWhileBlocked(read.failure(), Expect.conn("read", NET, c, Expect.CLOSED));
        }
    }

    /**
     * Every read short, thousands of times, with the peer writing at once after each reply: no edge is
     * lost between a short read and the wait after it (a lost one would hang the exchange).
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void manyShortReadsLoseNoEdge() throws IOException {
        try (Tcp.Pair p = Tcp.Pair.open()) {
            int rounds = 5_000;
            Task<Void> echo = Task.run(ThreadKind.VIRTUAL, () -> {
                byte[] buf = new byte[4096];
                for (int n; (n = p.server().read(buf)) > 0; ) {
                    p.server().write(Arrays.copyOf(buf, n));
                }
            });
            byte[] buf = new byte[4096];
            for (int i = 0; i < rounds; i++) {
                byte[] msg = new byte[1 + i % 100];
                Arrays.fill(msg, (byte) i);
                p.client().write(msg);
                int got = 0;
                while (got < msg.length) {
                    int n = p.client().read(buf, got, buf.length - got);
                    assertTrue(n > 0, "round " + i + ": read returned " + n);
                    got += n;
                }
                assertArrayEquals(msg, Arrays.copyOf(buf, got), "round " + i);
            }
            p.client().closeWrite();
            echo.get();
        }
    }

    /**
     * A deadline already past when the read after a short one starts: it fails at once with a timeout.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void anExpiredDeadlineBeforeTheWaitFailsAtOnce() throws IOException {
        try (Tcp.Pair p = Tcp.Pair.open()) {
            TCPConn c = p.client();
            p.server().write(ABC);
            assertEquals(3, c.read(new byte[64]));
            c.setReadDeadline(Instant.now().minus(Duration.ofSeconds(1)));
            Expect.timeout(assertThrows(IOException.class, () -> c.read(new byte[64])));
        }
    }
}
