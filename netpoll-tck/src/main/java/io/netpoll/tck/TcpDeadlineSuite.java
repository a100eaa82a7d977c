// Ports Go's src/net/timeout_test.go over TCP, with TestReadTimeoutUnblocksRead from net_test.go.
package io.netpoll.tck;

import io.netpoll.net.Conn;
import io.netpoll.net.Net;
import io.netpoll.net.NetError;
import io.netpoll.net.TCPConn;
import io.netpoll.net.TCPListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import static io.netpoll.tck.Expect.CLOSED;
import static io.netpoll.tck.Expect.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * Deadlines and timeouts on TCP: dial timeouts, accept/read/write deadlines in the past, present and
 * future, deadlines changed while an operation waits, and deadline races. Section A of the catalogue.
 */
public abstract class TcpDeadlineSuite extends ProviderSuite {

    /** For the one-line subclass that runs this suite on a provider. */
    protected TcpDeadlineSuite() {
    }

    private static final String NET = "tcp";

    /**
     * Go's TestDialTimeout (A1), through Net.dialTimeout. The listener never accepts; the kernel may
     * still complete a handshake on its behalf, so a dial that gets through is closed and retried with
     * half the timeout until one times out. A timeout never fires before its time.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void dialTimeout() throws IOException {
        try (TCPListener ln = Tcp.listen()) {
            String want = GoText.opError("dial", NET, null, ln.addr(), TIMEOUT);
            for (Duration initial : List.of(Duration.ofSeconds(-5), Duration.ofNanos(Long.MIN_VALUE), Duration.ofMillis(1))) {
                Duration timeout = initial;
                IOException err = null;
                long t0;
                long t1;
                while (true) {
                    t0 = System.nanoTime();
                    try {
                        Net.dialTimeout(NET, Tcp.address(ln), timeout).close();
                    } catch (IOException e) {
                        err = e;
                    }
                    t1 = System.nanoTime();
                    if (err != null) {
                        break;
                    }
                    assertTrue(timeout.toNanos() > 1, "dial with timeout " + timeout + " succeeded; can't reduce it");
                    timeout = timeout.dividedBy(2);
                }
                if (timeout.isPositive()) {
                    Timing.assertNotBefore(t0, t1, timeout, "dial");
                }
                Timing.assertNotLate(t0, t1, timeout.isNegative() ? Duration.ZERO : timeout, "dial");
                Expect.deadlineExceeded(err, want);
                Expect.op(err, "dial", NET);
            }
        }
    }

    /**
     * Go's TestDialTimeoutMaxDuration (A2): a timeout too large to add to the clock saturates instead
     * of wrapping into the past, so the dial succeeds.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void dialTimeoutMaxDuration() throws IOException {
        try (TCPListener ln = Tcp.listen()) {
            for (Duration d : List.of(Duration.ofNanos(Long.MAX_VALUE), Duration.ofSeconds(Long.MAX_VALUE, 999_999_999))) {
                Task<Void> dial = Task.run(ThreadKind.VIRTUAL, () -> Net.dialTimeout(NET, Tcp.address(ln), d).close());
                dial.get(Timing.LATE);
            }
        }
    }

    /**
     * Go's TestAcceptTimeout (A3): a deadline in the past fails Accept although a connection is
     * queued; a 50 ms deadline with nobody dialing times out, and not before its time.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void acceptTimeout() throws IOException {
        try (TCPListener ln = Tcp.listen(); Conn queued = Tcp.dial(ln)) {
            assertNotNull(queued);
            String want = Expect.local("accept", NET, ln, TIMEOUT);
            ln.setDeadline(Instant.now().minusSeconds(5));
            for (int j = 0; j < 2; j++) {
                Expect.deadlineExceeded(assertThrows(IOException.class, ln::accept), want);
            }

            Duration d = Duration.ofMillis(50);
            long t0 = System.nanoTime();
            ln.setDeadline(Instant.now().plus(d));
            IOException err = null;
            while (err == null) {
                try {
                    ln.accept().close(); // the connection queued above
                    Sleep.millis(10);
                } catch (IOException e) {
                    err = e;
                }
            }
            long t1 = System.nanoTime();
            Expect.deadlineExceeded(err, want);
            Timing.assertNotBefore(t0, t1, d, "Accept");
            Timing.assertNotLate(t0, t1, d, "Accept");
            Expect.deadlineExceeded(assertThrows(IOException.class, ln::accept), want);
        }
    }

    /**
     * Go's TestAcceptTimeoutMustReturn (A4): clearing and then setting a 10 ms deadline makes a
     * waiting Accept time out.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void acceptTimeoutMustReturn(ThreadKind kind) throws IOException {
        try (TCPListener ln = Tcp.listen()) {
            Task<Void> accept = Task.run(kind, () -> {
                ln.setDeadline(null);
                ln.setDeadline(Instant.now().plusMillis(10));
                ln.accept().close();
            });
            assertTrue(accept.finishesWithin(Timing.LATE), "Accept didn't return within 5 s of a 10 ms deadline");
            Expect.deadlineExceeded(accept.failure(), Expect.local("accept", NET, ln, TIMEOUT));
        }
    }

    /**
     * Go's TestAcceptTimeoutMustNotReturn (A5, B9): a past deadline that is then cleared leaves Accept
     * waiting; Close wakes it with "use of closed network connection", which is no timeout.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    @SuppressWarnings("try") // closes a resource early on purpose
    public void acceptTimeoutMustNotReturn(ThreadKind kind) throws IOException {
        try (TCPListener ln = Tcp.listen()) {
            Task<Void> accept = Task.run(kind, () -> {
                ln.setDeadline(Instant.now().minusSeconds(5));
                ln.setDeadline(null);
                ln.accept().close();
            });
            accept.assertBlockedFor(Duration.ofMillis(100), "Accept returned although its deadline was cleared");
            accept.awaitParked();
            ln.close();
            Expect.closedWhileBlocked(accept.failure(), Expect.local("accept", NET, ln, CLOSED));
        }
    }

    /**
     * Go's TestReadTimeout (A6): with 17 bytes waiting, a past deadline fails two reads in a row; a
     * 50 ms deadline lets reads succeed until it passes, then fails them. A failed read consumes nothing.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void readTimeout() throws IOException {
        try (Tcp.Pair p = Tcp.Pair.open()) {
            byte[] msg = "READ TIMEOUT TEST".getBytes(StandardCharsets.US_ASCII);
            p.server().write(msg);
            TCPConn c = p.client();
            byte[] got = new byte[msg.length];
            int n = c.read(got, 0, 1); // the bytes have arrived: what follows must fail with data waiting
            assertEquals(1, n);
            String want = Expect.conn("read", NET, c, TIMEOUT);

            c.setReadDeadline(Instant.now().minusSeconds(5));
            for (int j = 0; j < 2; j++) {
                Expect.deadlineExceeded(assertThrows(IOException.class, () -> c.read(new byte[1])), want);
            }

            Duration d = Duration.ofMillis(50);
            long t0 = System.nanoTime();
            c.setReadDeadline(Instant.now().plus(d));
            for (int j = 0; j < 2; j++) {
                while (true) {
                    try {
                        assertEquals(1, c.read(got, n, 1));
                        n++;
                        Sleep.of(d.dividedBy(3));
                    } catch (IOException e) {
                        Expect.deadlineExceeded(e, want);
                        break;
                    }
                }
            }
            long t1 = System.nanoTime();
            Timing.assertNotBefore(t0, t1, d, "Read");

            c.setReadDeadline(null);
            while (n < msg.length) {
                n += c.read(got, n, msg.length - n);
            }
            assertArrayEquals(msg, got, "bytes were lost by reads that timed out");
        }
    }

    /**
     * Go's TestReadTimeoutMustNotReturn (A7, B9): past deadlines that are then cleared for reading
     * leave Read waiting; Close wakes it with an error that is no timeout.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void readTimeoutMustNotReturn(ThreadKind kind) throws IOException {
        try (Tcp.Pair p = Tcp.Pair.open()) {
            TCPConn c = p.client();
            Task<Integer> read = Task.call(kind, () -> {
                c.setDeadline(Instant.now().minusSeconds(5));
                c.setWriteDeadline(Instant.now().minusSeconds(5));
                c.setReadDeadline(null);
                return c.read(new byte[1]);
            });
            read.assertBlockedFor(Duration.ofMillis(100), "Read returned although its deadline was cleared");
            read.awaitParked();
            c.close();
            Expect.closedWhileBlocked(read.failure(), Expect.conn("read", NET, c, CLOSED));
        }
    }

    /**
     * Go's TestWriteTimeout (A9), with a peer that never reads: a past deadline fails two writes in a
     * row with the send buffer empty, and sends nothing; a 10 ms deadline lets writes succeed until it
     * passes, then fails them.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void writeTimeout() throws IOException {
        byte[] msg = "WRITE TIMEOUT TEST".getBytes(StandardCharsets.US_ASCII);
        try (TCPListener ln = Tcp.listen()) {
            try (TCPConn c = Tcp.dial(ln)) {
                c.setWriteDeadline(Instant.now().minusSeconds(5));
                String want = Expect.conn("write", NET, c, TIMEOUT);
                for (int j = 0; j < 2; j++) {
                    Expect.deadlineExceeded(assertThrows(IOException.class, () -> c.write(msg)), want);
                }
            }
            try (Conn s = ln.accept()) {
                assertEquals(-1, s.read(new byte[64]), "a write that timed out sent bytes");
            }

            try (TCPConn c = Tcp.dial(ln)) {
                String want = Expect.conn("write", NET, c, TIMEOUT);
                Duration d = Duration.ofMillis(10);
                long t0 = System.nanoTime();
                c.setWriteDeadline(Instant.now().plus(d));
                for (int j = 0; j < 2; j++) {
                    while (true) {
                        try {
                            assertEquals(msg.length, c.write(msg));
                            Sleep.of(d.dividedBy(3));
                        } catch (IOException e) {
                            Expect.deadlineExceeded(e, want);
                            break;
                        }
                    }
                }
                Timing.assertNotBefore(t0, System.nanoTime(), d, "Write");
            }
        }
    }

    /**
     * Go's TestWriteTimeoutMustNotReturn (A10, B9): past deadlines that are then cleared for writing
     * let a write too big for the buffers fill them and wait; Close wakes it with an error that is no
     * timeout. (Go loops over small writes; one write keeps a write in flight whenever Close lands.)
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    @SuppressWarnings("try") // closes a resource early on purpose
    public void writeTimeoutMustNotReturn(ThreadKind kind) throws IOException {
        try (TCPListener ln = Tcp.listen(); TCPConn c = Tcp.dial(ln)) {
            Task<Void> write = Task.run(kind, () -> {
                c.setDeadline(Instant.now().minusSeconds(5));
                c.setReadDeadline(Instant.now().minusSeconds(5));
                c.setWriteDeadline(null);
                c.write(new byte[Tcp.UNSENDABLE]);
            });
            write.assertBlockedFor(Duration.ofMillis(100), "Write returned although its deadline was cleared");
            write.awaitParked();
            c.close();
            Expect.closedWhileBlocked(write.failure(), Expect.conn("write", NET, c, CLOSED));
        }
    }

    /**
     * Go's TestReadTimeoutFluctuation (A12): Read with a deadline d ahead fails with a timeout, never
     * before d and, on a host fast enough, within d*1.1; a slow host retries with a longer d up to 4 s.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void readTimeoutFluctuation(ThreadKind kind) throws IOException {
        try (Tcp.Pair p = Tcp.Pair.open()) {
            TCPConn c = p.client();
            String want = Expect.conn("read", NET, c, TIMEOUT);
            Task.run(kind, () -> {
                Duration d = Timing.MIN_DYNAMIC;
                while (true) {
                    long t0 = System.nanoTime();
                    c.setReadDeadline(Instant.now().plus(d));
                    IOException err = assertThrows(IOException.class, () -> c.read(new byte[256]));
                    long t1 = System.nanoTime();
                    Expect.deadlineExceeded(err, want);
                    Timing.assertNotBefore(t0, t1, d, "Read");
                    Duration actual = Duration.ofNanos(t1 - t0);
                    if (actual.compareTo(Timing.upperBound(d)) > 0) {
                        Duration next = Timing.next(actual);
                        assertNotNull(next, "Read took " + actual + "; expected at most " + Timing.upperBound(d));
                        d = next;
                        continue;
                    }
                    return;
                }
            }).get(Duration.ofSeconds(50));
        }
    }

    /**
     * Go's TestWriteTimeoutFluctuation (A13): a loop of 19-byte writes to a peer that never reads ends
     * with a timeout, never before the deadline. Past d*1.1 it retries: with a longer d when the host
     * was slow, with twice d when bytes still fit in the send buffer.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 120, threadMode = SEPARATE_THREAD)
    public void writeTimeoutFluctuation(ThreadKind kind) throws IOException {
        try (TCPListener ln = Tcp.listen(); TCPConn c = Tcp.dial(ln)) {
            String want = Expect.conn("write", NET, c, TIMEOUT);
            byte[] msg = "TIMEOUT TRANSMITTER".getBytes(StandardCharsets.US_ASCII);
            Task.run(kind, () -> {
                Duration d = Timing.MIN_DYNAMIC;
                while (true) {
                    long t0 = System.nanoTime();
                    c.setWriteDeadline(Instant.now().plus(d));
                    long n = 0;
                    IOException err;
                    while (true) {
                        try {
                            n += c.write(msg);
                        } catch (IOException e) {
                            err = e;
                            break;
                        }
                    }
                    long t1 = System.nanoTime();
                    Expect.deadlineExceeded(err, want);
                    Timing.assertNotBefore(t0, t1, d, "Write");
                    Duration actual = Duration.ofNanos(t1 - t0);
                    if (actual.compareTo(Timing.upperBound(d)) > 0) {
                        if (n > 0) {
                            // The send buffer still took bytes: give the next round time to fill it.
                            if (d.compareTo(Timing.MAX_DYNAMIC.dividedBy(2)) <= 0) {
                                d = d.multipliedBy(2);
                            }
                        } else {
                            Duration next = Timing.next(actual);
                            assertNotNull(next, "Write took " + actual + "; expected at most " + Timing.upperBound(d));
                            d = next;
                        }
                        continue;
                    }
                    return;
                }
            }).get(Duration.ofSeconds(110));
        }
    }

    /**
     * Go's TestVariousDeadlines (A14; its 1Proc/4Proc variants become the thread kinds): deadlines from
     * 1 ns to 1 s, three times each, on a read loop whose peer never writes: every one ends in a
     * timeout within 5 s, however tiny or already expired the deadline.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 90, threadMode = SEPARATE_THREAD)
    @SuppressWarnings("try") // closes a resource early on purpose
    public void variousDeadlines(ThreadKind kind) throws IOException {
        List<Duration> timeouts = new ArrayList<>();
        for (long ns : new long[] {1, 2, 5, 50, 100, 200, 500, 750}) {
            timeouts.add(Duration.ofNanos(ns));
        }
        for (long us : new long[] {1, 5, 25, 250, 500}) {
            timeouts.add(Duration.ofNanos(us * 1000));
        }
        for (long ms : new long[] {1, 5, 100, 250, 500, 1000}) {
            timeouts.add(Duration.ofMillis(ms));
        }
        try (TCPListener ln = Tcp.listen()) {
            Task<Void> server = Task.go(() -> {
                while (true) {
                    Conn s;
                    try {
                        s = ln.accept();
                    } catch (IOException e) {
                        return;
                    }
                    try (s) {
                        s.read(new byte[1]); // waits for the client to close
                    } catch (IOException e) {
                        assertInstanceOf(NetError.class, e);
                    }
                }
            });
            for (Duration timeout : timeouts) {
                for (int run = 0; run < 3; run++) {
                    String name = timeout + " " + run + "/3";
                    TCPConn c = Tcp.dial(ln);
                    String want = Expect.conn("read", NET, c, TIMEOUT);
                    Task<Void> client = Task.run(kind, () -> {
                        try (c) {
                            c.setDeadline(Instant.now().plus(timeout));
                            byte[] b = new byte[32 << 10];
                            long n = 0;
                            for (int r; (r = c.read(b)) >= 0; ) {
                                n += r;
                            }
                            fail(name + ": Copy = " + n + ", EOF; want timeout");
                        }
                    });
                    assertTrue(client.finishesWithin(Timing.LATE), name + ": client stuck in Dial+Copy");
                    Throwable err = client.failure();
                    if (err instanceof AssertionError a) {
                        throw a;
                    }
                    Expect.deadlineExceeded(err, want);
                }
            }
            ln.close();
            server.get();
        }
    }

    /**
     * Go's TestReadWriteProlongedTimeout (A15): the server keeps pushing its read and write deadlines an
     * hour ahead around every 1-byte operation while the client does 1000 write/read pairs; teardown
     * errors are well formed.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void readWriteProlongedTimeout() throws IOException {
        try (Tcp.Pair p = Tcp.Pair.open()) {
            TCPConn s = p.server();
            Task<Void> reader = Task.go(() -> {
                byte[] b = new byte[1];
                while (true) {
                    s.setReadDeadline(Instant.now().plus(Duration.ofHours(1)));
                    try {
                        if (s.read(b) < 0) {
                            return;
                        }
                    } catch (IOException e) {
                        assertInstanceOf(NetError.class, e);
                        return;
                    }
                }
            });
            Task<Void> writer = Task.go(() -> {
                byte[] b = new byte[1];
                while (true) {
                    s.setWriteDeadline(Instant.now().plus(Duration.ofHours(1)));
                    try {
                        s.write(b);
                    } catch (IOException e) {
                        assertInstanceOf(NetError.class, e);
                        return;
                    }
                }
            });
            TCPConn c = p.client();
            byte[] b = new byte[1];
            for (int i = 0; i < 1000; i++) {
                c.write(b);
                assertEquals(1, c.read(b));
            }
            c.close();
            reader.get();
            writer.get();
        }
    }

    /**
     * Go's TestReadWriteDeadlineRace (A16): deadlines reset to 2 µs ahead every 2 µs while one thread
     * reads and another writes, 1000 times each: nothing wedges, and every error is well formed.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void readWriteDeadlineRace() throws IOException {
        int n = 1000;
        try (Tcp.Pair p = Tcp.Pair.open()) {
            TCPConn c = p.client();
            Task<Void> setter = Task.go(() -> {
                for (int i = 0; i < n; i++) {
                    c.setReadDeadline(Instant.now().plusNanos(2000));
                    c.setWriteDeadline(Instant.now().plusNanos(2000));
                    LockSupport.parkNanos(2000);
                }
            });
            Task<Void> reader = Task.go(() -> {
                byte[] b = new byte[1];
                for (int i = 0; i < n; i++) {
                    try {
                        c.read(b);
                    } catch (IOException e) {
                        assertInstanceOf(NetError.class, e);
                    }
                }
            });
            Task<Void> writer = Task.go(() -> {
                byte[] b = new byte[1];
                for (int i = 0; i < n; i++) {
                    try {
                        c.write(b);
                    } catch (IOException e) {
                        assertInstanceOf(NetError.class, e);
                    }
                }
            });
            setter.get(Duration.ofSeconds(50));
            reader.get(Duration.ofSeconds(50));
            writer.get(Duration.ofSeconds(50));
        }
    }

    /**
     * Go's TestConcurrentSetDeadline (A17, issue 35367): 8 threads set steadily earlier read and write
     * deadlines on 10 connections, 100 rounds each, without error.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void concurrentSetDeadline() throws IOException {
        try (TCPListener ln = Tcp.listen()) {
            TCPConn[] c = new TCPConn[10];
            try {
                for (int k = 0; k < c.length; k++) {
                    c[k] = Tcp.dial(ln);
                }
                Instant now = Instant.now();
                List<Task<Void>> setters = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    int gi = i;
                    setters.add(Task.go(() -> {
                        for (int j = 100; j > 0; j--) {
                            for (int k = 0; k < c.length; k++) {
                                long later = (long) gi * j * k;
                                c[k].setReadDeadline(now.plus(Duration.ofHours(2)).plusSeconds(later));
                                c[k].setWriteDeadline(now.plus(Duration.ofHours(1)).plusSeconds(later));
                            }
                        }
                    }));
                }
                for (Task<Void> t : setters) {
                    t.get(Duration.ofSeconds(50));
                }
            } finally {
                for (TCPConn k : c) {
                    if (k != null) {
                        k.close();
                    }
                }
            }
        }
    }

    /**
     * Go's TestReadTimeoutUnblocksRead (A18, net_test.go): a deadline set in the past while Read waits
     * wakes it with a timeout within 5 s.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void readTimeoutUnblocksRead(ThreadKind kind) throws IOException {
        try (Tcp.Pair p = Tcp.Pair.open()) {
            TCPConn s = p.server();
            Task<Integer> read = Task.call(kind, () -> s.read(new byte[1]));
            read.awaitParked();
            s.setReadDeadline(Instant.ofEpochSecond(123));
            assertTrue(read.finishesWithin(Timing.LATE), "timeout waiting for Read to finish");
            Expect.deadlineExceeded(read.failure(), Expect.conn("read", NET, s, TIMEOUT));
        }
    }

    /**
     * K12 (derived): a deadline extended while Read waits takes effect at once — Read is still waiting
     * after the old deadline and times out at the new one, not before; a deadline cleared while Read
     * waits leaves it waiting until Close.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void deadlineChangedWhileBlocked(ThreadKind kind) throws IOException {
        try (Tcp.Pair p = Tcp.Pair.open()) {
            TCPConn c = p.client();

            Changed extended = blockThenChange(kind, c, false);
            Sleep.of(Duration.ofNanos(extended.t0 + extended.first.toNanos() + 100_000_000L - System.nanoTime()));
            assertFalse(extended.read.isDone(), () -> "Read ended " + Duration.ofNanos(extended.read.finishedAt() - extended.t0)
                    + " after it started, at its old deadline " + extended.first + " although the deadline was extended");
            assertTrue(extended.read.finishesWithin(extended.next.plus(Timing.LATE)), "Read missed its extended deadline");
            Expect.deadlineExceeded(extended.read.failure(), Expect.conn("read", NET, c, TIMEOUT));
            Timing.assertNotBefore(extended.changedAt, extended.read.finishedAt(), extended.next, "Read after the extension");

            Changed cleared = blockThenChange(kind, c, true);
            cleared.read.assertBlockedFor(
                    Duration.ofNanos(cleared.t0 + cleared.first.toNanos() + 300_000_000L - System.nanoTime()),
                    "Read ended although its deadline was cleared");
            c.close();
            Expect.closedWhileBlocked(cleared.read.failure(), Expect.conn("read", NET, c, CLOSED));
        }
    }

    private record Changed(Task<Integer> read, long t0, Duration first, long changedAt, Duration next) {
    }

    /**
     * Starts a read with a deadline {@code first} ahead, waits until it is parked, then extends the
     * deadline to five times {@code first} (or clears it). When the host was too slow to make the
     * change in the first half of {@code first}, that read is released and the next try has more room.
     */
    private static Changed blockThenChange(ThreadKind kind, TCPConn c, boolean clear) throws IOException {
        for (Duration first = Duration.ofMillis(200); ; first = first.multipliedBy(2)) {
            assertTrue(first.compareTo(Duration.ofSeconds(4)) < 0, "the host is too slow to change a deadline in time");
            long t0 = System.nanoTime();
            c.setReadDeadline(Instant.now().plus(first));
            Task<Integer> read = Task.call(kind, () -> c.read(new byte[1]));
            read.awaitParked();
            Duration next = first.multipliedBy(5);
            long changedAt = System.nanoTime();
            c.setReadDeadline(clear ? null : Instant.now().plus(next));
            // Timed from after the change: a thread held up inside setReadDeadline past the old
            // deadline would let the read time out at it.
            long changed = System.nanoTime() - t0;
            if (changed < first.toNanos() / 2) {
                return new Changed(read, t0, first, changedAt, next);
            }
            c.setReadDeadline(Timing.A_LONG_TIME_AGO);
            assertTrue(read.finishesWithin(Timing.LATE), "a past deadline did not release Read");
        }
    }
}
