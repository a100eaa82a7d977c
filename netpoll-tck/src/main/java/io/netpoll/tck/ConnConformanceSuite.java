// Ports golang.org/x/net/nettest/conntest.go (TestConn).
package io.netpoll.tck;

import io.netpoll.net.Conn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.netpoll.tck.Timing.A_LONG_TIME_AGO;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * nettest's {@code TestConn}: whether a {@link Conn} pair behaves as Go's {@code net.Conn} contract
 * says — data integrity, ping-pong, buffers safe to reuse the moment a call returns, deadlines in the
 * past, present and future, close while busy, and every method at once. It runs over any pair a
 * subclass makes: TCP here, and a Unix socket pair or {@code Net.pipe()} as readily.
 *
 * <p>Each test gets a fresh pair, and a watchdog that releases it after a minute as nettest's does.
 */
public abstract class ConnConformanceSuite extends ProviderSuite {

    /** For the one-line subclass that runs this suite on a provider. */
    protected ConnConformanceSuite() {
    }

    /**
     * Two connected ends — what {@code c1} writes {@code c2} reads, and back — and {@code stop}, which
     * releases both and anything behind them (nettest's {@code MakePipe}).
     *
     * @param c1   one end
     * @param c2   the other end
     * @param stop closes both ends and what is behind them
     */
    public record ConnPair(Conn c1, Conn c2, Closeable stop) {
    }

    /**
     * Makes a fresh connected pair.
     *
     * @return the pair
     * @throws IOException when the pair cannot be made, which fails the test
     */
    protected abstract ConnPair makePipe() throws IOException;

    private static final Duration WATCHDOG = Duration.ofMinutes(1);

    @FunctionalInterface
    private interface ConnTester {
        void test(Conn c1, Conn c2, Background bg) throws Exception;
    }

    /**
     * The goroutines a test starts and leaves running (nettest's bare {@code go chunkedCopy(...)}):
     * they end when the pair is stopped, and are waited for then, so none outlives its test.
     */
    private static final class Background {
        private final List<Task<Void>> tasks = new ArrayList<>();

        void go(Task.Action action) {
            tasks.add(Task.go(action));
        }

        void awaitAll() {
            for (Task<Void> t : tasks) {
                assertTrue(t.finishesWithin(Task.MAX_WAIT), "a background copy outlived the stopped pair");
            }
        }
    }

    /** nettest's {@code timeoutWrapper}: a fresh pair, a watchdog, and stop at the end. */
    private void timeoutWrapper(ConnTester f) throws Exception {
        ConnPair p = makePipe();
        AtomicBoolean stopped = new AtomicBoolean();
        AtomicBoolean timedOut = new AtomicBoolean();
        Runnable stop = () -> {
            if (stopped.compareAndSet(false, true)) {
                try {
                    p.stop().close();
                } catch (IOException e) {
                    throw new AssertionError("stop failed", e);
                }
            }
        };
        Thread watchdog = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(WATCHDOG);
                timedOut.set(true);
                stop.run();
            } catch (InterruptedException e) {
                // the test finished first
            }
        });
        Background bg = new Background();
        try {
            f.test(p.c1(), p.c2(), bg);
        } finally {
            watchdog.interrupt();
            stop.run();
            bg.awaitAll();
        }
        assertFalse(timedOut.get(), "test timed out; terminating pipe");
    }

    /**
     * nettest testBasicIO (L1): 1 MiB of seeded random bytes written by c1 in 1 KiB chunks arrives whole
     * at c2, read to end of stream after c1 closes.
     *
     * @throws Exception on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 90, threadMode = SEPARATE_THREAD)
    public void basicIO() throws Exception {
        timeoutWrapper((c1, c2, bg) -> {
            byte[] want = new byte[1 << 20];
            new Random(0).nextBytes(want);
            Task<Void> writer = Task.go(() -> {
                int[] off = {0};
                IO.copy(IO.to(c1), b -> {
                    int n = Math.min(b.length, want.length - off[0]);
                    if (n == 0) {
                        return -1;
                    }
                    System.arraycopy(want, off[0], b, 0, n);
                    off[0] += n;
                    return n;
                });
                c1.close();
            });
            Task<byte[]> reader = Task.call(ThreadKind.VIRTUAL, () -> {
                ByteArrayOutputStream wr = new ByteArrayOutputStream();
                IO.copy(IO.to(wr), IO.from(c2));
                c2.close();
                return wr.toByteArray();
            });
            byte[] got = reader.get(Duration.ofSeconds(60));
            writer.get();
            assertArrayEquals(want, got, "transmitted data differs");
        });
    }

    /**
     * nettest testPingPong (L2): both ends pass a little-endian counter back and forth, each adding
     * one, until it reaches 1000; each end sees every second value.
     *
     * @throws Exception on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 90, threadMode = SEPARATE_THREAD)
    public void pingPong() throws Exception {
        timeoutWrapper((c1, c2, bg) -> {
            Task<Void> p1 = Task.go(() -> pingPonger(c1));
            Task<Void> p2 = Task.go(() -> pingPonger(c2));
            c1.write(new byte[8]);
            p1.get(Duration.ofSeconds(60));
            p2.get(Duration.ofSeconds(60));
        });
    }

    private static void pingPonger(Conn c) throws IOException {
        byte[] buf = new byte[8];
        ByteBuffer le = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
        long prev = 0;
        while (IO.readFull(c, buf)) {
            long v = le.getLong(0);
            le.putLong(0, v + 1);
            if (prev != 0 && prev + 2 != v) {
                fail("mismatching value: got " + v + ", want " + (prev + 2));
            }
            prev = v;
            if (v == 1000) {
                break;
            }
            c.write(buf);
        }
        c.close();
    }

    /**
     * nettest testRacyRead (L3): ten readers share c1 under a 1 ms deadline re-armed after each timeout,
     * and scribble over their buffer the moment Read returns; every failure is a timeout.
     *
     * @throws Exception on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 90, threadMode = SEPARATE_THREAD)
    public void racyRead() throws Exception {
        timeoutWrapper((c1, c2, bg) -> {
            bg.go(() -> IO.copy(IO.to(c2), IO.random(0)));
            racers(() -> c1.setReadDeadline(Instant.now().plusMillis(1)), b -> c1.read(b));
        });
    }

    /**
     * nettest testRacyWrite (L4): the same with writers, the peer discarding.
     *
     * @throws Exception on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 90, threadMode = SEPARATE_THREAD)
    public void racyWrite() throws Exception {
        timeoutWrapper((c1, c2, bg) -> {
            bg.go(() -> IO.copy(IO.discard(), IO.from(c2)));
            racers(() -> c1.setWriteDeadline(Instant.now().plusMillis(1)), b -> c1.write(b));
        });
    }

    @FunctionalInterface
    private interface Arm {
        void run() throws IOException;
    }

    @FunctionalInterface
    private interface BufferOp {
        int run(byte[] b) throws IOException;
    }

    /**
     * Ten threads × 100 calls of {@code op}, each overwriting its buffer the moment the call returns;
     * every failure must be a timeout, after which the deadline is re-armed.
     */
    private static void racers(Arm arm, BufferOp op) throws IOException {
        arm.run();
        Queue<AssertionError> errors = new ConcurrentLinkedQueue<>();
        List<Task<Void>> racers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            racers.add(Task.go(() -> {
                byte[] b1 = new byte[1024];
                byte[] b2 = new byte[1024];
                for (int j = 0; j < 100; j++) {
                    try {
                        op.run(b1);
                        System.arraycopy(b2, 0, b1, 0, b1.length);
                    } catch (IOException e) {
                        System.arraycopy(b2, 0, b1, 0, b1.length);
                        try {
                            Expect.timeout(e);
                        } catch (AssertionError a) {
                            errors.add(a);
                        }
                        arm.run();
                    }
                }
            }));
        }
        for (Task<Void> t : racers) {
            t.get(Duration.ofSeconds(60));
        }
        if (!errors.isEmpty()) {
            throw errors.peek();
        }
    }

    /**
     * nettest testReadTimeout (L5): a read deadline in the past fails Read with a timeout and leaves
     * Write alone.
     *
     * @throws Exception on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void readTimeout() throws Exception {
        timeoutWrapper((c1, c2, bg) -> {
            bg.go(() -> IO.copy(IO.discard(), IO.from(c2)));
            c1.setReadDeadline(A_LONG_TIME_AGO);
            Expect.timeout(assertThrows(IOException.class, () -> c1.read(new byte[1024])));
            assertEquals(1024, c1.write(new byte[1024]));
        });
    }

    /**
     * nettest testWriteTimeout (L6): a write deadline in the past fails Write with a timeout and leaves
     * Read alone.
     *
     * @throws Exception on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void writeTimeout() throws Exception {
        timeoutWrapper((c1, c2, bg) -> {
            bg.go(() -> IO.copy(IO.to(c2), IO.random(0)));
            c1.setWriteDeadline(A_LONG_TIME_AGO);
            Expect.timeout(assertThrows(IOException.class, () -> c1.write(new byte[1024])));
            assertTrue(c1.read(new byte[1024]) > 0);
        });
    }

    /**
     * nettest testPastTimeout (L7): with an echoing peer, a deadline in the past fails Write and Read
     * at once — Write sending nothing — and clearing it restores the connection with no byte lost.
     *
     * @throws Exception on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void pastTimeout() throws Exception {
        timeoutWrapper((c1, c2, bg) -> {
            bg.go(() -> IO.copy(IO.to(c2), IO.from(c2)));
            testRoundtrip(c1);
            c1.setDeadline(A_LONG_TIME_AGO);
            Expect.timeout(assertThrows(IOException.class, () -> c1.write(new byte[1024])));
            Expect.timeout(assertThrows(IOException.class, () -> c1.read(new byte[1024])));
            testRoundtrip(c1); // a byte written by the failed Write would come back first and spoil it
        });
    }

    /**
     * nettest testPresentTimeout (L8): a Read and a Write loop wait on c1 (the peer does nothing); 100 ms
     * later both deadlines are set in the past: both end with a timeout, and neither before the
     * deadlines were set.
     *
     * @throws Exception on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void presentTimeout() throws Exception {
        timeoutWrapper((c1, c2, bg) -> {
            AtomicBoolean deadlineSet = new AtomicBoolean();
            Task<Void> setter = Task.go(() -> {
                Sleep.millis(100);
                deadlineSet.set(true);
                c1.setReadDeadline(A_LONG_TIME_AGO);
                c1.setWriteDeadline(A_LONG_TIME_AGO);
            });
            Task<Void> reader = Task.go(() -> {
                IOException err = assertThrows(IOException.class, () -> c1.read(new byte[1024]));
                Expect.timeout(err);
                assertTrue(deadlineSet.get(), "Read timed out before deadline is set");
            });
            Task<Void> writer = Task.go(() -> {
                IOException err = assertThrows(IOException.class, () -> {
                    while (true) {
                        c1.write(new byte[1024]);
                    }
                });
                Expect.timeout(err);
                assertTrue(deadlineSet.get(), "Write timed out before deadline is set");
            });
            setter.get();
            reader.get(Duration.ofSeconds(30));
            writer.get(Duration.ofSeconds(30));
        });
    }

    /**
     * nettest testFutureTimeout (L9): a deadline 100 ms ahead ends a waiting Read and a Write loop with
     * timeouts; then, with an echoing peer, the connection resynchronizes and round-trips.
     *
     * @throws Exception on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void futureTimeout() throws Exception {
        timeoutWrapper((c1, c2, bg) -> {
            c1.setDeadline(Instant.now().plusMillis(100));
            Task<Void> reader = Task.go(() -> Expect.timeout(assertThrows(IOException.class, () -> c1.read(new byte[1024]))));
            Task<Void> writer = Task.go(() -> Expect.timeout(assertThrows(IOException.class, () -> {
                while (true) {
                    c1.write(new byte[1024]);
                }
            })));
            reader.get(Duration.ofSeconds(30));
            writer.get(Duration.ofSeconds(30));
            bg.go(() -> IO.copy(IO.to(c2), IO.from(c2)));
            resyncConn(c1);
            testRoundtrip(c1);
        });
    }

    /**
     * nettest testCloseTimeout (L10): with no deadline, a Read loop and a Write loop busy on c1 both end
     * when c1 is closed 100 ms later.
     *
     * @throws Exception on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void closeTimeout() throws Exception {
        timeoutWrapper((c1, c2, bg) -> {
            bg.go(() -> IO.copy(IO.to(c2), IO.from(c2)));
            c1.setDeadline(null);
            Task<Void> closer = Task.go(() -> {
                Sleep.millis(100);
                c1.close();
            });
            Task<Void> reader = Task.go(() -> {
                byte[] buf = new byte[1024];
                try {
                    int n;
                    do {
                        n = c1.read(buf);
                    } while (n >= 0);
                } catch (IOException e) {
                    // any error ends the loop
                }
            });
            Task<Void> writer = Task.go(() -> {
                byte[] buf = new byte[1024];
                try {
                    while (true) {
                        c1.write(buf);
                    }
                } catch (IOException e) {
                    // any error ends the loop
                }
            });
            closer.get();
            reader.get(Duration.ofSeconds(30));
            writer.get(Duration.ofSeconds(30));
        });
    }

    /**
     * nettest testConcurrentMethods (L11): 100 rounds of Read, Write, SetDeadline(+10 ms),
     * SetReadDeadline(past), SetWriteDeadline(past), LocalAddr and RemoteAddr all at once; the results
     * may be nonsense, but nothing throws anything but an IOException, nothing wedges, and afterwards the
     * connection resynchronizes and round-trips.
     *
     * @throws Exception on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 90, threadMode = SEPARATE_THREAD)
    public void concurrentMethods() throws Exception {
        timeoutWrapper((c1, c2, bg) -> {
            bg.go(() -> IO.copy(IO.to(c2), IO.from(c2)));
            List<Task<Void>> calls = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                calls.add(Task.go(() -> ignoreIOException(() -> c1.read(new byte[1024]))));
                calls.add(Task.go(() -> ignoreIOException(() -> c1.write(new byte[1024]))));
                calls.add(Task.go(() -> ignoreIOException(() -> c1.setDeadline(Instant.now().plusMillis(10)))));
                calls.add(Task.go(() -> ignoreIOException(() -> c1.setReadDeadline(A_LONG_TIME_AGO))));
                calls.add(Task.go(() -> ignoreIOException(() -> c1.setWriteDeadline(A_LONG_TIME_AGO))));
                calls.add(Task.go(c1::localAddr));
                calls.add(Task.go(c1::remoteAddr));
            }
            for (Task<Void> t : calls) {
                t.get(Duration.ofSeconds(30));
            }
            resyncConn(c1);
            testRoundtrip(c1);
        });
    }

    @FunctionalInterface
    private interface IOCall {
        void run() throws IOException;
    }

    private static void ignoreIOException(IOCall call) {
        try {
            call.run();
        } catch (IOException e) {
            // the results of racing calls may be nonsensical; only an unchecked failure is a bug
        }
    }

    /** nettest's {@code testRoundtrip}: clear deadlines, write "Hello, world!", read it back from the echo. */
    private static void testRoundtrip(Conn c) throws IOException {
        c.setDeadline(null);
        byte[] s = "Hello, world!".getBytes(StandardCharsets.US_ASCII);
        c.write(s);
        byte[] buf = new byte[s.length];
        assertTrue(IO.readFull(c, buf), "roundtrip Read: end of stream");
        assertArrayEquals(s, buf, () -> "roundtrip data mismatch: got " + new String(buf, StandardCharsets.ISO_8859_1));
    }

    /**
     * nettest's {@code resyncConn}: clear deadlines, send one 0xff through the echo, and read until a
     * chunk ends with it — assuming no 0xff is on the wire already.
     */
    private static void resyncConn(Conn c) throws IOException {
        c.setDeadline(null);
        Task<Integer> write = Task.call(ThreadKind.VIRTUAL, () -> c.write(new byte[] {(byte) 0xff}));
        byte[] buf = new byte[1024];
        while (true) {
            int n = c.read(buf);
            assertTrue(n >= 0, "unexpected end of stream while resynchronizing");
            if (n > 0 && indexOfFF(buf, n) == n - 1) {
                break;
            }
        }
        assertEquals(1, write.get());
    }

    private static int indexOfFF(byte[] b, int n) {
        for (int i = 0; i < n; i++) {
            if (b[i] == (byte) 0xff) {
                return i;
            }
        }
        return -1;
    }
}
