package io.netpoll.net;

import static io.netpoll.net.PipeConnTest.A_LONG_TIME_AGO;
import static io.netpoll.net.PipeConnTest.checkForTimeoutError;
import static io.netpoll.net.PipeConnTest.readFull;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpoll.net.PipeConnTest.Goroutines;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
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
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Go's src/net/pipe_test.go, and the rest of pipe.go's contract in this project's Java form, on
 * platform and on virtual threads. The conformance cases (nettest.TestConn) are in {@link PipeConnTest}.
 *
 * <p>"Still blocked" checks wait a while and assert the call has not returned: a correct pipe cannot
 * return there, so the checks can miss a bug on a slow machine but never fail a correct one.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PipeTest {

    private static final String CLOSED_PIPE = "io: read/write on closed pipe";
    /** How long a call must stay blocked to count as blocked. */
    private static final Duration STILL_BLOCKED = Duration.ofMillis(300);
    /** Generous bound for something that must happen "at once" on a loaded machine. */
    private static final Duration PROMPTLY = Duration.ofSeconds(5);

    private static void run(ThreadFactory threads, PipeConnTest.ConnTester f) throws Exception {
        PipeConnTest.run(threads, Pipe::pair, f);
    }

    /** Go's old TestPipe: three messages each way in turn, then the remote close reads as end of stream. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.netpoll.net.PipeConnTest#threads")
    void pipe(ThreadFactory threads) throws Exception {
        run(threads, (g, cli, srv) -> {
            checkPipeWriteRead(g, cli, srv, "hello, world");
            checkPipeWriteRead(g, srv, cli, "line 2");
            checkPipeWriteRead(g, cli, srv, "a third line");
            g.go(srv::close);
            assertEquals(-1, cli.read(new byte[10]));
            cli.close();
        });
    }

    private static void checkPipeWriteRead(Goroutines g, Conn w, Conn r, String s) throws Exception {
        byte[] data = s.getBytes(StandardCharsets.US_ASCII);
        Thread writer = g.go(() -> assertEquals(data.length, w.write(data), "short write"));
        byte[] buf = new byte[data.length + 10];
        int n = r.read(buf);
        assertArrayEquals(data, Arrays.copyOf(buf, n), "bad read");
        g.join(writer);
    }

    /** Go's TestPipeCloseError: the closed-pipe error locally, end of stream and closed-pipe remotely. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.netpoll.net.PipeConnTest#threads")
    void pipeCloseError(ThreadFactory threads) throws Exception {
        run(threads, (g, c1, c2) -> {
            c1.close();

            assertClosedPipe(ClosedChannelException.class, "read", () -> c1.read(new byte[1]));
            assertClosedPipe(ClosedChannelException.class, "write", () -> c1.write(new byte[1]));
            assertClosedPipe(ClosedChannelException.class, "set", () -> c1.setDeadline(null));
            assertEquals(-1, c2.read(new byte[1]), "c2.read after c1.close");
            assertClosedPipe(ClosedChannelException.class, "write", () -> c2.write(new byte[1]));
            assertClosedPipe(ClosedChannelException.class, "set", () -> c2.setDeadline(null));
            assertClosedPipe(ClosedChannelException.class, "set", () -> c2.setReadDeadline(null));
            assertClosedPipe(ClosedChannelException.class, "set", () -> c2.setWriteDeadline(null));
        });
    }

    private static <T extends IOException> void assertClosedPipe(Class<T> type, String op, IOCall call) {
        IOException e = assertThrows(IOException.class, call::run);
        assertSame(type, closedType(e), "exception type of " + e);
        assertEquals(CLOSED_PIPE, e.getMessage());
        NetError ne = assertInstanceOf(NetError.class, e);
        assertEquals(op, ne.op());
        assertEquals("pipe", ne.network());
        assertNull(ne.source());
        assertNull(ne.addr());
        assertFalse(ne.isTimeout());
    }

    /** The most specific JDK closed-channel type {@code e} is. */
    private static Class<?> closedType(IOException e) {
        if (e instanceof ClosedByInterruptException) {
            return ClosedByInterruptException.class;
        }
        if (e instanceof AsynchronousCloseException) {
            return AsynchronousCloseException.class;
        }
        if (e instanceof ClosedChannelException) {
            return ClosedChannelException.class;
        }
        return e.getClass();
    }

    @FunctionalInterface
    private interface IOCall {
        void run() throws IOException;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.netpoll.net.PipeConnTest#threads")
    void addressesArePipe(ThreadFactory threads) throws Exception {
        run(threads, (g, c1, c2) -> {
            for (Conn c : List.of(c1, c2)) {
                assertEquals("pipe", c.localAddr().toString());
                assertEquals("pipe", c.remoteAddr().toString());
            }
            c1.close();
            assertEquals("pipe", c1.localAddr().toString(), "addresses outlive close");
        });
    }

    /** One write, several reads of min(room, left) each; the writer returns only after the last. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.netpoll.net.PipeConnTest#threads")
    void writeIsDeliveredToSeveralReads(ThreadFactory threads) throws Exception {
        run(threads, (g, c1, c2) -> {
            byte[] data = "0123456789".getBytes(StandardCharsets.US_ASCII);
            Thread writer = g.go(() -> assertEquals(10, c1.write(data)));
            byte[] got = new byte[12];
            assertEquals(3, c2.read(got, 0, 3));
            assertEquals(3, c2.read(got, 3, 3));
            assertEquals(3, c2.read(got, 6, 3));
            assertFalse(writer.join(STILL_BLOCKED), "write returned before all its bytes were read");
            assertEquals(1, c2.read(got, 9, 3), "a read gets only what is left of the write");
            g.join(writer);
            assertArrayEquals(data, Arrays.copyOf(got, 10));
        });
    }

    /** Concurrent writes are serialised: each write's bytes arrive contiguously. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.netpoll.net.PipeConnTest#threads")
    void writesDoNotInterleave(ThreadFactory threads) throws Exception {
        run(threads, (g, c1, c2) -> {
            int writers = 4;
            int size = 4096;
            List<Thread> started = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                byte[] block = new byte[size];
                Arrays.fill(block, (byte) ('a' + w));
                started.add(g.go(() -> c1.write(block)));
            }
            byte[] got = new byte[writers * size];
            for (int off = 0; off < got.length; ) {
                off += c2.read(got, off, Math.min(100, got.length - off)); // reads cut across writes
            }
            g.joinEach(started);
            boolean[] seen = new boolean[writers];
            for (int block = 0; block < writers; block++) {
                byte v = got[block * size];
                for (int i = 0; i < size; i++) {
                    assertEquals(v, got[block * size + i], "write interleaved at byte " + (block * size + i));
                }
                assertFalse(seen[v - 'a'], "one write's bytes arrived twice");
                seen[v - 'a'] = true;
            }
        });
    }

    /**
     * An empty write is one rendezvous: it waits for a reader, and that reader, which needs bytes,
     * keeps waiting instead of returning 0.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.netpoll.net.PipeConnTest#threads")
    void emptyWriteIsOneRendezvous(ThreadFactory threads) throws Exception {
        run(threads, (g, c1, c2) -> {
            Thread emptyWriter = g.go(() -> assertEquals(0, c1.write(new byte[0])));
            assertFalse(emptyWriter.join(STILL_BLOCKED), "an empty write returned with no reader");

            AtomicReference<String> read = new AtomicReference<>();
            Thread reader = g.go(() -> {
                byte[] buf = new byte[8];
                int n = c2.read(buf);
                read.set(new String(buf, 0, n, StandardCharsets.US_ASCII));
            });
            assertTrue(emptyWriter.join(PROMPTLY), "an empty write did not meet the reader");
            assertFalse(reader.join(STILL_BLOCKED), "a read returned on an empty write");

            c1.write("x".getBytes(StandardCharsets.US_ASCII));
            g.join(reader);
            assertEquals("x", read.get());
        });
    }

    /** An empty read returns 0 at once, whatever the deadline or the remote end; only a closed end fails it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.netpoll.net.PipeConnTest#threads")
    void emptyReadReturnsAtOnce(ThreadFactory threads) throws Exception {
        run(threads, (g, c1, c2) -> {
            assertEquals(0, c2.read(new byte[0]));
            assertEquals(0, c2.read(new byte[8], 4, 0));
            assertEquals(0, c2.read(ByteBuffer.allocate(0)));
            c2.setReadDeadline(A_LONG_TIME_AGO);
            assertEquals(0, c2.read(new byte[0]), "an empty read ignores the deadline");
            c1.close();
            assertEquals(0, c2.read(new byte[0]), "an empty read does not report end of stream");
            c2.close();
            assertClosedPipe(ClosedChannelException.class, "read", () -> c2.read(new byte[0]));
        });
    }

    /** Deadline errors carry Go's OpError text and facts; an expired deadline beats a waiting peer. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.netpoll.net.PipeConnTest#threads")
    void pastDeadlineFailsAtOnceWithGoText(ThreadFactory threads) throws Exception {
        run(threads, (g, c1, c2) -> {
            Thread writer = g.go(() -> c2.write(new byte[] {42}));
            assertFalse(writer.join(Duration.ofMillis(50)));

            c1.setReadDeadline(A_LONG_TIME_AGO);
            assertTimeout("read", assertThrows(IOException.class, () -> c1.read(new byte[1])));
            assertTimeout("read", assertThrows(IOException.class, () -> c1.read(ByteBuffer.allocate(1))));
            c1.setWriteDeadline(Instant.now());
            assertTimeout("write", assertThrows(IOException.class, () -> c1.write(new byte[1])));
            assertTimeout("write", assertThrows(IOException.class, () -> c1.write(new byte[0])));

            c1.setReadDeadline(null);
            assertEquals(1, c1.read(new byte[1]), "clearing the deadline restores reads");
            g.join(writer);
        });
    }

    private static void assertTimeout(String op, IOException e) {
        checkForTimeoutError(e);
        assertEquals(op + " pipe: i/o timeout", e.getMessage());
        NetError ne = (NetError) e;
        assertEquals(op, ne.op());
        assertEquals("pipe", ne.network());
        assertNull(ne.source());
        assertNull(ne.addr());
    }

    /** A 50 ms deadline fires within 5 s, and not before it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.netpoll.net.PipeConnTest#threads")
    void futureDeadlineFiresOnTime(ThreadFactory threads) throws Exception {
        run(threads, (g, c1, c2) -> {
            long start = System.nanoTime();
            c1.setReadDeadline(Instant.now().plusMillis(50));
            assertTimeout("read", assertThrows(IOException.class, () -> c1.read(new byte[1])));
            assertElapsedAround(start, Duration.ofMillis(50));

            start = System.nanoTime();
            c1.setWriteDeadline(Instant.now().plusMillis(50));
            assertTimeout("write", assertThrows(IOException.class, () -> c1.write(new byte[1])));
            assertElapsedAround(start, Duration.ofMillis(50));
        });
    }

    private static void assertElapsedAround(long startNanos, Duration deadline) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        // Instant.now() and System.nanoTime() are different clocks: allow a few milliseconds of skew.
        assertTrue(elapsed.compareTo(deadline.minusMillis(5)) >= 0, "timed out before the deadline: " + elapsed);
        assertTrue(elapsed.compareTo(PROMPTLY) <= 0, "deadline fired late: " + elapsed);
    }

    /** A deadline set while a thread waits takes effect at once; so does an earlier one replacing a later one. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.netpoll.net.PipeConnTest#threads")
    void deadlineSetWhileBlockedTakesEffectAtOnce(ThreadFactory threads) throws Exception {
        run(threads, (g, c1, c2) -> {
            Thread reader = g.go(() -> assertTimeout("read", assertThrows(IOException.class, () -> c1.read(new byte[1]))));
            Thread writer = g.go(() -> assertTimeout("write", assertThrows(IOException.class, () -> c1.write(new byte[1]))));
            c1.setDeadline(Instant.now().plus(Duration.ofHours(1)));
            assertFalse(reader.join(STILL_BLOCKED), "read returned before its deadline");
            c1.setDeadline(Instant.now().plusMillis(50));
            assertTrue(reader.join(PROMPTLY), "read did not see the new deadline");
            assertTrue(writer.join(PROMPTLY), "write did not see the new deadline");
        });
    }

    /**
     * A deadline extended or cleared while a thread waits lets it keep waiting (no spurious timeout).
     * When the test itself was held up so long that the first deadline may have passed before it was
     * replaced, that round proves nothing: the read is released and the next round has more room.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.netpoll.net.PipeConnTest#threads")
    void deadlineExtendedOrClearedWhileBlockedKeepsWaiting(ThreadFactory threads) throws Exception {
        run(threads, (g, c1, c2) -> {
            for (Instant later : Arrays.asList(Instant.now().plus(Duration.ofHours(1)), null)) {
                for (Duration first = Duration.ofMillis(300); ; first = first.multipliedBy(2)) {
                    assertTrue(first.compareTo(Duration.ofSeconds(5)) < 0, "the host is too slow to replace a deadline in time");
                    long t0 = System.nanoTime();
                    c1.setReadDeadline(Instant.now().plus(first));
                    AtomicReference<Object> got = new AtomicReference<>();
                    Thread reader = g.go(() -> {
                        try {
                            got.set(c1.read(new byte[4]));
                        } catch (IOException e) {
                            got.set(e);
                        }
                    });
                    c1.setReadDeadline(later);
                    long replaced = System.nanoTime() - t0;
                    Duration d = first;
                    if (replaced < d.toNanos() / 2) {
                        assertFalse(reader.join(d.plus(STILL_BLOCKED)), () -> "the read ended with " + got.get()
                                + " although its " + d + " deadline was replaced after " + Duration.ofNanos(replaced));
                        c2.write(new byte[] {1, 2});
                        g.join(reader);
                        assertEquals(2, got.get());
                        break;
                    }
                    c1.setReadDeadline(A_LONG_TIME_AGO);
                    g.join(reader);
                }
            }
        });
    }

    /** Huge deadlines saturate instead of overflowing; the far past is simply expired. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.netpoll.net.PipeConnTest#threads")
    void extremeDeadlines(ThreadFactory threads) throws Exception {
        run(threads, (g, c1, c2) -> {
            c1.setReadDeadline(Instant.MAX);
            Thread reader = g.go(() -> assertEquals(1, c1.read(new byte[1])));
            assertFalse(reader.join(STILL_BLOCKED), "read timed out on Instant.MAX");
            c2.write(new byte[1]);
            g.join(reader);

            c1.setReadDeadline(Instant.MIN);
            assertTimeout("read", assertThrows(IOException.class, () -> c1.read(new byte[1])));
        });
    }

    /** A write stopped by its deadline mid-way reports what was consumed, and its rest is withdrawn. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.netpoll.net.PipeConnTest#threads")
    void writeTimedOutMidwayKeepsPartialCount(ThreadFactory threads) throws Exception {
        run(threads, (g, c1, c2) -> {
            AtomicReference<IOException> err = new AtomicReference<>();
            Thread writer = g.go(() -> err.set(assertThrows(IOException.class, () -> c1.write(new byte[10]))));
            assertEquals(4, c2.read(new byte[4]));
            c1.setWriteDeadline(A_LONG_TIME_AGO);
            g.join(writer);
            assertTimeout("write", err.get());
            assertEquals(4, ((InterruptedIOException) err.get()).bytesTransferred);

            c2.setReadDeadline(Instant.now().plusMillis(50));
            assertTimeout("read", assertThrows(IOException.class, () -> c2.read(new byte[10])));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.netpoll.net.PipeConnTest#threads")
    void closeIsIdempotentAndEndsTheStream(ThreadFactory threads) throws Exception {
        run(threads, (g, c1, c2) -> {
            assertTrue(c1.isOpen());
            c1.close();
            c1.close();
            assertFalse(c1.isOpen());
            assertTrue(c2.isOpen(), "closing one end leaves the other open");
            assertEquals(-1, c2.read(new byte[1]));
            assertEquals(-1, c2.read(ByteBuffer.allocate(1)));
            assertEquals(-1, c2.inputStream().read());
        });
    }

    /** Closing an end wakes its own blocked read and write with AsynchronousCloseException. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.netpoll.net.PipeConnTest#threads")
    void closeWhileBlockedLocally(ThreadFactory threads) throws Exception {
        run(threads, (g, c1, c2) -> {
            Thread reader = g.go(() ->
                    assertClosedPipe(AsynchronousCloseException.class, "read", () -> c1.read(new byte[1])));
            Thread writer = g.go(() ->
                    assertClosedPipe(AsynchronousCloseException.class, "write", () -> c1.write(new byte[1])));
            awaitBlocked(reader, writer);
            c1.close();
            g.joinEach(List.of(reader, writer));
        });
    }

    /** Closing an end ends the peer's blocked read with end of stream and fails its blocked write. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.netpoll.net.PipeConnTest#threads")
    void closeWhileBlockedRemotely(ThreadFactory threads) throws Exception {
        run(threads, (g, c1, c2) -> {
            Thread reader = g.go(() -> assertEquals(-1, c2.read(new byte[1])));
            Thread writer = g.go(() ->
                    assertClosedPipe(AsynchronousCloseException.class, "write", () -> c2.write(new byte[1])));
            awaitBlocked(reader, writer);
            c1.close();
            g.joinEach(List.of(reader, writer));
            assertTrue(c2.isOpen());
        });
    }

    /**
     * Waits until each thread waits inside the pipe, parked on a direction's condition, so that what
     * the test does next lands on a blocked call rather than before the call starts (a call that
     * starts after a close fails differently). A thread merely started may not have reached the pipe
     * yet on a busy machine, however long a fixed sleep; waiting for the lock is not waiting in the pipe.
     */
    private static void awaitBlocked(Thread... threads) throws InterruptedException {
        for (Thread t : threads) {
            long end = System.nanoTime() + PROMPTLY.toNanos();
            while (!(LockSupport.getBlocker(t) instanceof AbstractQueuedSynchronizer.ConditionObject)) {
                assertTrue(t.isAlive(), () -> t + " returned before it blocked");
                assertTrue(System.nanoTime() - end < 0, () -> t + " did not block in the pipe within " + PROMPTLY
                        + " (state " + t.getState() + "): " + Arrays.toString(t.getStackTrace()));
                Thread.sleep(1);
            }
        }
    }

    /** A thread interrupted while blocked closes the end, gets ClosedByInterruptException and stays interrupted. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.netpoll.net.PipeConnTest#threads")
    void interruptWhileBlockedClosesTheEnd(ThreadFactory threads) throws Exception {
        for (String op : List.of("read", "write")) {
            run(threads, (g, c1, c2) -> {
                Thread blocked = g.go(() -> {
                    IOException e = assertThrows(IOException.class,
                            () -> { if (op.equals("read")) c1.read(new byte[1]); else c1.write(new byte[1]); });
                    assertInstanceOf(ClosedByInterruptException.class, e);
                    assertEquals(op, assertInstanceOf(NetError.class, e).op());
                    assertTrue(e.getMessage().startsWith(op + " pipe: "), e.getMessage());
                    assertTrue(Thread.currentThread().isInterrupted(), "interrupt status kept");
                });
                awaitBlocked(blocked);
                blocked.interrupt();
                g.join(blocked);
                assertFalse(c1.isOpen(), "the interrupted end is closed");
                assertEquals(-1, c2.read(new byte[1]), "the peer sees end of stream");
            });
        }
    }

    /** A thread already interrupted when it calls gets the same treatment, without blocking. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.netpoll.net.PipeConnTest#threads")
    void alreadyInterruptedCallerClosesTheEnd(ThreadFactory threads) throws Exception {
        run(threads, (g, c1, c2) -> {
            Thread.currentThread().interrupt();
            assertInstanceOf(ClosedByInterruptException.class, assertThrows(IOException.class, () -> c1.write(new byte[1])));
            assertTrue(Thread.interrupted(), "interrupt status kept (and cleared here)");
            assertFalse(c1.isOpen());

            Thread.currentThread().interrupt();
            assertInstanceOf(ClosedByInterruptException.class, assertThrows(IOException.class, () -> c2.read(new byte[1])));
            assertTrue(Thread.interrupted());
            assertFalse(c2.isOpen());
        });
    }

    /** The streams read and write through the end; closing either one closes the end. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.netpoll.net.PipeConnTest#threads")
    void streams(ThreadFactory threads) throws Exception {
        run(threads, (g, c1, c2) -> {
            OutputStream out = c1.outputStream();
            InputStream in = c2.inputStream();
            Thread writer = g.go(() -> {
                out.write('h');
                out.write("ello".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            });
            assertEquals('h', in.read());
            assertEquals("ello", new String(in.readNBytes(4), StandardCharsets.US_ASCII));
            g.join(writer);

            in.close();
            assertFalse(c2.isOpen(), "closing the input stream closes the end");
            assertClosedPipe(ClosedChannelException.class, "write", () -> out.write(1));
            out.close();
            assertFalse(c1.isOpen(), "closing the output stream closes the end");
        });
    }

    /** ByteBuffer reads and writes, heap and direct, move the buffers' positions by what was transferred. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.netpoll.net.PipeConnTest#threads")
    void byteBuffers(ThreadFactory threads) throws Exception {
        run(threads, (g, c1, c2) -> {
            ByteBuffer src = ByteBuffer.allocateDirect(16);
            src.put("..payload".getBytes(StandardCharsets.US_ASCII)).flip().position(2);
            Thread writer = g.go(() -> {
                assertEquals(7, c1.write(src));
                assertEquals(src.limit(), src.position());
            });
            ByteBuffer dst = ByteBuffer.allocate(5);
            assertEquals(5, c2.read(dst));
            assertFalse(dst.hasRemaining());
            ByteBuffer rest = ByteBuffer.allocateDirect(8);
            assertEquals(2, c2.read(rest));
            g.join(writer);
            byte[] got = new byte[7];
            dst.flip().get(got, 0, 5);
            rest.flip().get(got, 5, 2);
            assertEquals("payload", new String(got, StandardCharsets.US_ASCII));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.netpoll.net.PipeConnTest#threads")
    void badArgumentsFailClearly(ThreadFactory threads) throws Exception {
        run(threads, (g, c1, c2) -> {
            assertThrows(NullPointerException.class, () -> c1.read((byte[]) null));
            assertThrows(NullPointerException.class, () -> c1.write((ByteBuffer) null));
            assertThrows(IndexOutOfBoundsException.class, () -> c1.read(new byte[4], -1, 2));
            assertThrows(IndexOutOfBoundsException.class, () -> c1.write(new byte[4], 2, 3));
            assertThrows(IllegalArgumentException.class, () -> c1.read(ByteBuffer.allocate(4).asReadOnlyBuffer()));
            assertTrue(c1.isOpen(), "bad arguments leave the end open");
            assertNotNull(c1.toString());
        });
    }
}
