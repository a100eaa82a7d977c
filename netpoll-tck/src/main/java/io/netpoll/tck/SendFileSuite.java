// Ports Go's sendfile tests (src/net/sendfile_test.go: testSendfile, TestSendfileParts, TestSendfileSeeked,
// TestSendfilePipe's deadline case) through TCPConn.transferFrom(Path), Go's ReadFrom of an *os.File, on
// whichever path the provider takes.
package io.netpoll.tck;

import io.netpoll.net.NetError;
import io.netpoll.net.TCPConn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.SocketTimeoutException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;

import static io.netpoll.tck.Expect.CLOSED;
import static io.netpoll.tck.Expect.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * A file sent to a connection, which a provider may do inside the kernel ({@code sendfile}) or by
 * copying: every byte of the asked range arrives in order, the count is exact, a file shorter than asked
 * stops the send at its end, the write deadline and a close apply as to any write and the failure tells
 * how much was sent, and the file is closed afterwards whatever happened.
 */
public abstract class SendFileSuite extends ProviderSuite {

    /** For the one-line subclass that runs this suite on a provider. */
    protected SendFileSuite() {
    }

    private static final String NET = "tcp";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private Path file(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Reads {@code c} to its end, which must come after exactly the bytes of {@code want}. */
    private static void assertReadsExactly(TCPConn c, byte[] want) throws IOException {
        byte[] got = new byte[want.length];
        assertTrue(IO.readFull(c, got), "end of stream before " + want.length + " bytes");
        assertArrayEquals(want, got);
        assertEquals(-1, c.read(new byte[1]), "more than " + want.length + " bytes");
    }

    /** How many of this process's descriptors are open on {@code file}; -1 where that cannot be seen. */
    private static long openDescriptors(Path file) throws IOException {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return -1;
        }
        Path real = file.toRealPath();
        try (Stream<Path> entries = Files.list(fds)) {
            return entries.filter(p -> {
                try {
                    return Files.readSymbolicLink(p).equals(real);
                } catch (IOException e) {
                    return false; // closed while listing
                }
            }).count();
        }
    }

    private static void assertFileClosed(Path file) throws IOException {
        long open = openDescriptors(file);
        assertTrue(open <= 0, open + " descriptor(s) still open on " + file);
    }

    /** {@code c.transferFrom(file, offset, count)} in a task of {@code kind}, then the end of {@code c}'s writing. */
    private static Task<Long> send(ThreadKind kind, TCPConn c, Path file, long offset, long count) {
        return Task.call(kind, () -> {
            long n = c.transferFrom(file, offset, count);
            c.closeWrite();
            return n;
        });
    }

    /** The failure is {@code c}'s "readfrom" OpError whose text ends with {@code cause}. */
    private static void assertReadFromError(Throwable t, TCPConn c, String cause) {
        Expect.op(t, "readfrom", NET);
        String prefix = Expect.conn("readfrom", NET, c, "");
        assertTrue(t.getMessage().startsWith(prefix) && t.getMessage().endsWith(": " + cause),
                "message is \"" + t.getMessage() + "\"; want \"" + prefix + "...: " + cause + "\"");
    }

    /**
     * Go's testSendfile: a whole file of several MiB, its count, and its descriptor closed afterwards.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 120, threadMode = SEPARATE_THREAD)
    public void wholeFile(ThreadKind kind) throws IOException {
        byte[] data = random(8 << 20, 1);
        Path f = file("whole", data);
        try (Tcp.Pair p = Tcp.Pair.open()) {
            Task<Long> sender = Task.call(kind, () -> {
                long n = p.client().transferFrom(f);
                p.client().closeWrite();
                return n;
            });
            assertReadsExactly(p.server(), data);
            assertEquals(data.length, sender.get(WAIT));
        }
        assertFileClosed(f);
    }

    /**
     * Go's TestSendfileParts and TestSendfileSeeked: a range from an offset; the bytes before and after
     * it are not sent.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void rangeOfFile() throws IOException {
        byte[] data = random(3 << 20, 2);
        Path f = file("range", data);
        int offset = 12_345;
        int count = (2 << 20) + 11;
        try (Tcp.Pair p = Tcp.Pair.open()) {
            Task<Long> sender = send(ThreadKind.VIRTUAL, p.client(), f, offset, count);
            assertReadsExactly(p.server(), Arrays.copyOfRange(data, offset, offset + count));
            assertEquals(count, sender.get(WAIT));
        }
    }

    /**
     * A file shorter than asked stops the send at its end, with the count of what it had.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void fileEndsBeforeCount() throws IOException {
        byte[] data = random(100_000, 3);
        Path f = file("short", data);
        try (Tcp.Pair p = Tcp.Pair.open()) {
            Task<Long> sender = send(ThreadKind.VIRTUAL, p.client(), f, 99_900, 1_000_000);
            assertReadsExactly(p.server(), Arrays.copyOfRange(data, 99_900, 100_000));
            assertEquals(100, sender.get(WAIT));
        }
    }

    /**
     * At or past the end of the file, and from an empty file, nothing is sent and the count is 0; a
     * count of 0 sends nothing either.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void nothingToSend() throws IOException {
        Path f = file("small", random(10, 4));
        Path empty = file("empty", new byte[0]);
        try (Tcp.Pair p = Tcp.Pair.open()) {
            assertEquals(0, p.client().transferFrom(f, 10, 5));
            assertEquals(0, p.client().transferFrom(f, 1000, 5));
            assertEquals(0, p.client().transferFrom(f, 0, 0));
            assertEquals(0, p.client().transferFrom(empty));
            p.client().closeWrite();
            assertReadsExactly(p.server(), new byte[0]);
        }
    }

    /**
     * A file whose size reads 0 but which has bytes (Linux's /proc): all of them arrive.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void fileThatReportsNoSize() throws IOException {
        Path version = Path.of("/proc/version");
        assumeTrue(Files.isReadable(version) && Files.size(version) == 0, "no /proc/version of size 0 here");
        // Read line by line: on JDK 25 readAllBytes of a /proc file can come back short.
        byte[] want = (String.join("\n", Files.readAllLines(version, StandardCharsets.ISO_8859_1)) + "\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        try (Tcp.Pair p = Tcp.Pair.open()) {
            Task<Long> sender = send(ThreadKind.VIRTUAL, p.client(), version, 0, Long.MAX_VALUE);
            assertReadsExactly(p.server(), want);
            assertEquals(want.length, sender.get(WAIT));
        }
    }

    /**
     * A file that cannot be opened: Go's os.Open error inside the readfrom OpError, and the connection
     * is unharmed.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void missingFile() throws IOException {
        Path missing = dir.resolve("missing");
        try (Tcp.Pair p = Tcp.Pair.open()) {
            Throwable t = assertThrows(IOException.class, () -> p.client().transferFrom(missing));
            Expect.netError(t, IOException.class, Expect.conn("readfrom", NET, p.client(),
                    "open " + missing + ": no such file or directory"));
            assertEquals(0, ((NetError) t).bytesTransferred());
            p.client().write(new byte[] {7});
            byte[] one = new byte[1];
            assertTrue(IO.readFull(p.server(), one));
            assertEquals(7, one[0]);
        }
    }

    /**
     * Negative offsets and counts are the caller's error, as with FileChannel.transferTo.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void negativeArguments() throws IOException {
        Path f = file("args", new byte[10]);
        try (Tcp.Pair p = Tcp.Pair.open()) {
            assertThrows(IllegalArgumentException.class, () -> p.client().transferFrom(f, -1, 5));
            assertThrows(IllegalArgumentException.class, () -> p.client().transferFrom(f, 0, -5));
        }
    }

    /**
     * A closed connection refuses at once with Go's "use of closed network connection".
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void closedConnection() throws IOException {
        Path f = file("closed", new byte[10]);
        try (Tcp.Pair p = Tcp.Pair.open()) {
            p.client().close();
            Throwable t = assertThrows(IOException.class, () -> p.client().transferFrom(f));
            assertInstanceOf(ClosedChannelException.class, t);
            assertFalse(t instanceof AsynchronousCloseException, "closed before, not while blocked: " + t);
            assertReadFromError(t, p.client(), CLOSED);
        }
        assertFileClosed(f);
    }

    /** A sparse file far larger than any loopback socket buffers, so a send to a peer that does not read blocks. */
    private Path bigFile() throws IOException {
        Path f = dir.resolve("big");
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(256L << 20);
        }
        return f;
    }

    /**
     * The failed send's count is more than nothing, and (the sending end now being closed) exactly what
     * the peer reads before its end of stream.
     */
    private static void assertPeerGetsExactly(Throwable t, Tcp.Pair p) throws IOException {
        long n = ((NetError) t).bytesTransferred();
        assertTrue(n > 0 && n < 256L << 20, "bytesTransferred() is " + n);
        p.client().close();
        p.server().setReadDeadline(Instant.now().plus(WAIT));
        assertEquals(n, IO.copy(IO.discard(), IO.from(p.server())), "bytes the peer read up to its end of stream");
    }

    /**
     * Go's TestSendfilePipe deadline case: the write deadline ends a send the peer does not read,
     * with the count of what went out.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void writeDeadline() throws IOException {
        Path f = bigFile();
        try (Tcp.Pair p = Tcp.Pair.open()) {
            p.client().setWriteDeadline(Instant.now().plusMillis(500));
            Throwable t = assertThrows(IOException.class, () -> p.client().transferFrom(f));
            assertInstanceOf(SocketTimeoutException.class, t);
            Expect.timeout(t);
            assertReadFromError(t, p.client(), TIMEOUT);
            assertEquals(((SocketTimeoutException) t).bytesTransferred, ((NetError) t).bytesTransferred());
            assertPeerGetsExactly(t, p);
        }
        assertFileClosed(f);
    }

    /**
     * Closing the connection while the send waits for the peer wakes it with an asynchronous close and
     * the count of what went out.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void closedWhileSending(ThreadKind kind) throws IOException {
        Path f = bigFile();
        try (Tcp.Pair p = Tcp.Pair.open()) {
            Task<Long> sender = Task.call(kind, () -> p.client().transferFrom(f));
            assertTrue(IO.readFull(p.server(), new byte[1]), "end of stream before the first byte");
            sender.awaitParked();
            p.client().close();
            Throwable t = sender.failure();
            assertInstanceOf(AsynchronousCloseException.class, t);
            assertReadFromError(t, p.client(), CLOSED);
            long n = ((NetError) t).bytesTransferred();
            assertTrue(n > 0, "bytesTransferred() is " + n);
            p.server().setReadDeadline(Instant.now().plus(WAIT));
            assertEquals(n, 1 + IO.copy(IO.discard(), IO.from(p.server())), "bytes the peer read up to its end of stream");
        }
        assertFileClosed(f);
    }
}
