package io.netpoll.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Go's {@code golang.org/x/net/nettest.TestConn} (conntest.go), cases L1-L11, run on {@code net.Pipe}
 * as Go's {@code TestPipe} does; every case on platform and on virtual threads.
 *
 * <p>Each case gets a fresh pair, runs its body on a thread of the kind under test, then "stops": both
 * ends are closed, and every thread the case started must end within a bound. Go's background
 * goroutines that run "forever" end there, on the error the close gives them.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PipeConnTest {

    /** Go's {@code aLongTimeAgo}: a deadline far in the past. */
    static final Instant A_LONG_TIME_AGO = Instant.ofEpochSecond(233431200);
    /** Go's {@code neverTimeout} (the zero time): no deadline. */
    static final Instant NEVER_TIMEOUT = null;

    /** Go's {@code MakePipe}: what c1 writes c2 reads, and back. */
    @FunctionalInterface
    interface MakePipe {
        Conn[] make() throws IOException;
    }

    /** Go's {@code connTester}; {@code g} starts the case's goroutines. */
    @FunctionalInterface
    interface ConnTester {
        void test(Goroutines g, Conn c1, Conn c2) throws Exception;
    }

    private static final MakePipe PIPE = Pipe::pair;

    static Stream<Arguments> threads() {
        return Stream.of(
                arguments(named("platform threads", Thread.ofPlatform().daemon().factory())),
                arguments(named("virtual threads", Thread.ofVirtual().factory())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("threads")
    void basicIO(ThreadFactory threads) throws Exception {
        run(threads, PIPE, PipeConnTest::testBasicIO);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("threads")
    void pingPong(ThreadFactory threads) throws Exception {
        run(threads, PIPE, PipeConnTest::testPingPong);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("threads")
    void racyRead(ThreadFactory threads) throws Exception {
        run(threads, PIPE, PipeConnTest::testRacyRead);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("threads")
    void racyWrite(ThreadFactory threads) throws Exception {
        run(threads, PIPE, PipeConnTest::testRacyWrite);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("threads")
    void readTimeout(ThreadFactory threads) throws Exception {
        run(threads, PIPE, PipeConnTest::testReadTimeout);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("threads")
    void writeTimeout(ThreadFactory threads) throws Exception {
        run(threads, PIPE, PipeConnTest::testWriteTimeout);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("threads")
    void pastTimeout(ThreadFactory threads) throws Exception {
        run(threads, PIPE, PipeConnTest::testPastTimeout);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("threads")
    void presentTimeout(ThreadFactory threads) throws Exception {
        run(threads, PIPE, PipeConnTest::testPresentTimeout);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("threads")
    void futureTimeout(ThreadFactory threads) throws Exception {
        run(threads, PIPE, PipeConnTest::testFutureTimeout);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("threads")
    void closeTimeout(ThreadFactory threads) throws Exception {
        run(threads, PIPE, PipeConnTest::testCloseTimeout);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("threads")
    void concurrentMethods(ThreadFactory threads) throws Exception {
        run(threads, PIPE, PipeConnTest::testConcurrentMethods);
    }

    /**
     * Go's {@code timeoutWrapper}: a fresh pair, the body on a thread of the kind under test with a
     * one-minute watchdog, then stop (close both ends) and wait for every goroutine the case started.
     */
    static void run(ThreadFactory threads, MakePipe mp, ConnTester f) throws Exception {
        Conn[] pair = mp.make();
        Conn c1 = pair[0];
        Conn c2 = pair[1];
        Goroutines g = new Goroutines(threads);
        Thread body = g.go(() -> f.test(g, c1, c2));
        try {
            if (!body.join(Duration.ofMinutes(1))) {
                g.error("test timed out; terminating pipe");
            }
        } finally {
            c1.close();
            c2.close();
            g.joinAll(Duration.ofSeconds(20));
        }
        g.rethrow();
    }

    /** L1: 1 MiB of seeded random bytes written on c1 arrives intact on c2. */
    static void testBasicIO(Goroutines g, Conn c1, Conn c2) throws Exception {
        byte[] want = new byte[1 << 20];
        new Random(0).nextBytes(want);

        CompletableFuture<byte[]> data = new CompletableFuture<>();
        g.go(() -> {
            assertNull(chunkedCopy(c1.outputStream(), new ByteArrayInputStream(want)), "unexpected c1.Write error");
            c1.close();
        });
        g.go(() -> {
            ByteArrayOutputStream wr = new ByteArrayOutputStream();
            IOException err = chunkedCopy(wr, c2.inputStream());
            c2.close();
            data.complete(wr.toByteArray());
            assertNull(err, "unexpected c2.Read error");
        });

        assertArrayEquals(want, data.get(1, TimeUnit.MINUTES), "transmitted data differs");
    }

    /** L2: both ends bounce a counter back and forth, request-response style, up to 1000. */
    static void testPingPong(Goroutines g, Conn c1, Conn c2) throws Exception {
        Thread p1 = g.go(() -> pingPonger(c1));
        Thread p2 = g.go(() -> pingPonger(c2));

        // Start off the chain reaction.
        c1.write(new byte[8]);

        g.join(p1);
        g.join(p2);
    }

    private static void pingPonger(Conn c) throws IOException {
        byte[] buf = new byte[8];
        ByteBuffer le = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
        long prev = 0;
        while (readFull(c, buf)) {
            long v = le.getLong(0);
            le.putLong(0, v + 1);
            if (prev != 0) {
                assertEquals(prev + 2, v, "mismatching value");
            }
            prev = v;
            if (v == 1000) {
                break;
            }
            c.write(buf);
        }
        c.close();
    }

    /** L3: concurrent reads under short deadlines; a buffer is free the moment read returns. */
    static void testRacyRead(Goroutines g, Conn c1, Conn c2) throws Exception {
        g.go(() -> chunkedCopy(c2.outputStream(), randomBytes()));

        c1.setReadDeadline(Instant.now().plusMillis(1));
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            readers.add(g.go(() -> {
                byte[] b1 = new byte[1024];
                byte[] b2 = new byte[1024];
                for (int j = 0; j < 100; j++) {
                    IOException err = null;
                    try {
                        c1.read(b1);
                    } catch (IOException e) {
                        err = e;
                    }
                    System.arraycopy(b2, 0, b1, 0, b1.length); // mutate b1 right after the read returned
                    if (err != null) {
                        checkForTimeoutError(err);
                        c1.setReadDeadline(Instant.now().plusMillis(1));
                    }
                }
            }));
        }
        g.joinEach(readers);
    }

    /** L4: concurrent writes under short deadlines; a buffer is free the moment write returns. */
    static void testRacyWrite(Goroutines g, Conn c1, Conn c2) throws Exception {
        g.go(() -> chunkedCopy(OutputStream.nullOutputStream(), c2.inputStream()));

        c1.setWriteDeadline(Instant.now().plusMillis(1));
        List<Thread> writers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            writers.add(g.go(() -> {
                byte[] b1 = new byte[1024];
                byte[] b2 = new byte[1024];
                for (int j = 0; j < 100; j++) {
                    IOException err = null;
                    try {
                        c1.write(b1);
                    } catch (IOException e) {
                        err = e;
                    }
                    System.arraycopy(b2, 0, b1, 0, b1.length); // mutate b1 right after the write returned
                    if (err != null) {
                        checkForTimeoutError(err);
                        c1.setWriteDeadline(Instant.now().plusMillis(1));
                    }
                }
            }));
        }
        g.joinEach(writers);
    }

    /** L5: a read deadline does not affect writes. */
    static void testReadTimeout(Goroutines g, Conn c1, Conn c2) throws Exception {
        g.go(() -> chunkedCopy(OutputStream.nullOutputStream(), c2.inputStream()));

        c1.setReadDeadline(A_LONG_TIME_AGO);
        checkForTimeoutError(assertThrows(IOException.class, () -> c1.read(new byte[1024])));
        assertEquals(1024, c1.write(new byte[1024]), "unexpected Write result");
    }

    /** L6: a write deadline does not affect reads. */
    static void testWriteTimeout(Goroutines g, Conn c1, Conn c2) throws Exception {
        g.go(() -> chunkedCopy(c2.outputStream(), randomBytes()));

        c1.setWriteDeadline(A_LONG_TIME_AGO);
        checkForTimeoutError(assertThrows(IOException.class, () -> c1.write(new byte[1024])));
        assertTrue(c1.read(new byte[1024]) > 0, "unexpected Read result");
    }

    /** L7: a past deadline fails reads and writes at once, even with a peer ready; clearing it restores the conn. */
    static void testPastTimeout(Goroutines g, Conn c1, Conn c2) throws Exception {
        g.go(() -> chunkedCopy(c2.outputStream(), c2.inputStream()));

        testRoundtrip(c1);

        c1.setDeadline(A_LONG_TIME_AGO);
        IOException err = assertThrows(IOException.class, () -> c1.write(new byte[1024]));
        checkForTimeoutError(err);
        assertEquals(0, ((InterruptedIOException) err).bytesTransferred, "unexpected Write count");
        checkForTimeoutError(assertThrows(IOException.class, () -> c1.read(new byte[1024])));

        testRoundtrip(c1);
    }

    /**
     * L8: a past deadline set while a read and a write wait fails both at once, and neither may fail
     * before it was set.
     */
    static void testPresentTimeout(Goroutines g, Conn c1, Conn c2) throws Exception {
        AtomicBoolean deadlineSet = new AtomicBoolean();
        Thread setter = g.go(() -> {
            Thread.sleep(100);
            deadlineSet.set(true);
            c1.setReadDeadline(A_LONG_TIME_AGO);
            c1.setWriteDeadline(A_LONG_TIME_AGO);
        });
        Thread reader = g.go(() -> {
            checkForTimeoutError(assertThrows(IOException.class, () -> c1.read(new byte[1024])));
            assertTrue(deadlineSet.get(), "Read timed out before deadline is set");
        });
        Thread writer = g.go(() -> {
            checkForTimeoutError(writeUntilError(c1));
            assertTrue(deadlineSet.get(), "Write timed out before deadline is set");
        });
        g.joinEach(List.of(setter, reader, writer));
    }

    /** L9: a future deadline ends a waiting read and write; afterwards the conn works again. */
    static void testFutureTimeout(Goroutines g, Conn c1, Conn c2) throws Exception {
        c1.setDeadline(Instant.now().plusMillis(100));
        Thread reader = g.go(() -> checkForTimeoutError(assertThrows(IOException.class, () -> c1.read(new byte[1024]))));
        Thread writer = g.go(() -> checkForTimeoutError(writeUntilError(c1)));
        g.joinEach(List.of(reader, writer));

        g.go(() -> chunkedCopy(c2.outputStream(), c2.inputStream()));
        resyncConn(g, c1);
        testRoundtrip(c1);
    }

    /** L10: closing the conn ends a read loop and a write loop that are in progress. */
    static void testCloseTimeout(Goroutines g, Conn c1, Conn c2) throws Exception {
        g.go(() -> chunkedCopy(c2.outputStream(), c2.inputStream()));

        c1.setDeadline(NEVER_TIMEOUT);
        Thread closer = g.go(() -> {
            Thread.sleep(100);
            c1.close();
        });
        Thread reader = g.go(() -> readUntilError(c1));
        Thread writer = g.go(() -> writeUntilError(c1));
        g.joinEach(List.of(closer, reader, writer));
    }

    /** L11: every method at once, 100 times over, leaves the conn usable. */
    static void testConcurrentMethods(Goroutines g, Conn c1, Conn c2) throws Exception {
        g.go(() -> chunkedCopy(c2.outputStream(), c2.inputStream()));

        // The results of the calls may be nonsensical; they must not crash or wedge the conn.
        List<Thread> calls = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            calls.add(g.go(() -> ignoreIOErrors(() -> c1.read(new byte[1024]))));
            calls.add(g.go(() -> ignoreIOErrors(() -> c1.write(new byte[1024]))));
            calls.add(g.go(() -> c1.setDeadline(Instant.now().plusMillis(10))));
            calls.add(g.go(() -> c1.setReadDeadline(A_LONG_TIME_AGO)));
            calls.add(g.go(() -> c1.setWriteDeadline(A_LONG_TIME_AGO)));
            calls.add(g.go(c1::localAddr));
            calls.add(g.go(c1::remoteAddr));
        }
        g.joinEach(calls); // at worst, the deadline is set 10 ms into the future

        resyncConn(g, c1);
        testRoundtrip(c1);
    }

    /** Go's {@code checkForTimeoutError}, in Java form: a SocketTimeoutException that is a timeout NetError. */
    static void checkForTimeoutError(Throwable err) {
        assertInstanceOf(SocketTimeoutException.class, err, "want a SocketTimeoutException");
        assertTrue(assertInstanceOf(NetError.class, err, "want a NetError").isTimeout(), "isTimeout() = false, want true");
    }

    /** Writes something into c and reads it back; everything written into c is echoed back to it. */
    static void testRoundtrip(Conn c) throws IOException {
        c.setDeadline(NEVER_TIMEOUT);

        String s = "Hello, world!";
        byte[] buf = s.getBytes(StandardCharsets.US_ASCII);
        c.write(buf);
        assertTrue(readFull(c, buf), "roundtrip Read: EOF");
        assertEquals(s, new String(buf, StandardCharsets.US_ASCII), "roundtrip data mismatch");
    }

    /**
     * Brings an echoed conn back to a known state: clears the deadline, sends one 0xff and reads until
     * a chunk ends with it. Assumes 0xff is not already on the wire.
     */
    static void resyncConn(Goroutines g, Conn c) throws Exception {
        c.setDeadline(NEVER_TIMEOUT);
        Thread writer = g.go(() -> c.write(new byte[] {(byte) 0xff}));
        byte[] buf = new byte[1024];
        for (;;) {
            int n = c.read(buf);
            if (n < 0) {
                fail("unexpected EOF");
            }
            if (n > 0 && indexOf(buf, n, (byte) 0xff) == n - 1) {
                break;
            }
        }
        g.join(writer);
    }

    private static int indexOf(byte[] b, int n, byte v) {
        for (int i = 0; i < n; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Go's {@code chunkedCopy}: copies r to w through a 1024-byte buffer (packet conns keep packets under
     * 1 KiB) until r ends. Returns the error that stopped it, as Go does, or null at end of stream.
     */
    static IOException chunkedCopy(OutputStream w, InputStream r) {
        byte[] b = new byte[1024];
        try {
            for (int n; (n = r.read(b)) >= 0; ) {
                w.write(b, 0, n);
            }
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    /** Go's {@code io.ReadFull}: false at end of stream before any byte; a short stream is an error. */
    static boolean readFull(Conn c, byte[] buf) throws IOException {
        for (int off = 0; off < buf.length; ) {
            int n = c.read(buf, off, buf.length - off);
            if (n < 0) {
                if (off == 0) {
                    return false;
                }
                throw new EOFException("unexpected EOF after " + off + " of " + buf.length + " bytes");
            }
            off += n;
        }
        return true;
    }

    /** Writes 1 KiB blocks until a write fails; returns that failure. */
    static IOException writeUntilError(Conn c) {
        byte[] buf = new byte[1024];
        try {
            for (;;) {
                c.write(buf);
            }
        } catch (IOException e) {
            return e;
        }
    }

    /** Reads until a read fails or the stream ends (Go's io.EOF is an error too); returns the failure or null. */
    static IOException readUntilError(Conn c) {
        byte[] buf = new byte[1024];
        try {
            while (c.read(buf) >= 0) {
                // keep reading
            }
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    /** An endless stream of seeded random bytes (Go's {@code rand.New(rand.NewSource(0))}). */
    static InputStream randomBytes() {
        Random rnd = new Random(0);
        return new InputStream() {
            @Override
            public int read() {
                return rnd.nextInt(256);
            }

            @Override
            public int read(byte[] b, int off, int len) {
                byte[] chunk = new byte[len];
                rnd.nextBytes(chunk);
                System.arraycopy(chunk, 0, b, off, len);
                return len;
            }
        };
    }

    private static void ignoreIOErrors(Body body) throws Exception {
        try {
            body.run();
        } catch (IOException ignored) {
            // the call's result may be nonsensical under concurrent deadline changes
        }
    }

    /** The body of a goroutine. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    /**
     * Goroutines for a test: threads of one kind whose failures (assertions or exceptions) are collected
     * like Go's {@code t.Error} and reported when the test ends.
     */
    static final class Goroutines {
        private static final Duration JOIN_LIMIT = Duration.ofMinutes(1);

        private final ThreadFactory factory;
        private final Queue<Thread> started = new ConcurrentLinkedQueue<>();
        private final Queue<Throwable> errors = new ConcurrentLinkedQueue<>();

        Goroutines(ThreadFactory factory) {
            this.factory = factory;
        }

        /** Starts {@code body} on a new thread; what it throws becomes a test failure. */
        Thread go(Body body) {
            Thread t = factory.newThread(() -> {
                try {
                    body.run();
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            started.add(t);
            t.start();
            return t;
        }

        /** Go's {@code t.Error}: records a failure and lets the test go on. */
        void error(String message) {
            errors.add(new AssertionError(message));
        }

        /** Waits for {@code t}; one that does not end within a minute is a failure. */
        void join(Thread t) throws InterruptedException {
            if (!t.join(JOIN_LIMIT)) {
                fail("goroutine " + t + " still running after " + JOIN_LIMIT);
            }
        }

        void joinEach(List<Thread> threads) throws InterruptedException {
            for (Thread t : threads) {
                join(t);
            }
        }

        /** Waits for every goroutine started so far, within {@code limit} in all; stragglers are failures. */
        void joinAll(Duration limit) throws InterruptedException {
            long end = System.nanoTime() + limit.toNanos();
            for (Thread t : started) {
                long left = Math.max(1, end - System.nanoTime());
                if (!t.join(Duration.ofNanos(left))) {
                    error("goroutine " + t + " still running at the end of the test: "
                            + Stream.of(t.getStackTrace()).map(Object::toString).toList());
                }
            }
        }

        /** Fails with the first recorded failure, the others attached as suppressed. */
        void rethrow() throws Exception {
            Throwable first = errors.poll();
            if (first == null) {
                return;
            }
            for (Throwable e; (e = errors.poll()) != null; ) {
                first.addSuppressed(e);
            }
            if (first instanceof Exception e) {
                throw e;
            }
            throw (Error) first;
        }
    }
}
