// Ports what Go's TCPConn adds to Conn (src/net/tcpsock.go, net.go): SetReadBuffer, SetWriteBuffer,
// SyscallConn, ReadFrom and WriteTo (sendfile_test.go, splice_test.go over the generic copy).
package io.netpoll.tck;

import io.netpoll.net.Net;
import io.netpoll.net.TCPConn;
import io.netpoll.net.TCPListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;

import static io.netpoll.tck.Expect.CLOSED;
import static io.netpoll.tck.Expect.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * What a {@link TCPConn} adds to a Conn: socket buffer sizes with Go's "set" errors, the socket's
 * options through {@code syscallConn()}, and {@code transferFrom}/{@code transferTo} (Go's
 * {@code ReadFrom}/{@code WriteTo}) from and to files, streams and other connections, with Go's
 * nested "readfrom"/"writeto" errors.
 */
public abstract class TcpConnSuite extends ProviderSuite {

    /** For the one-line subclass that runs this suite on a provider. */
    protected TcpConnSuite() {
    }

    private static final String NET = "tcp";

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /**
     * Go's SetReadBuffer/SetWriteBuffer: the sizes reach the socket (the kernel may double them, but a
     * small size stays well below the default); a negative size is EINVAL; after close, ErrClosed.
     * Errors name only the local address, as Go's "set" errors do.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void bufferSizes() throws IOException {
        try (Tcp.Pair p = Tcp.Pair.open()) {
            TCPConn c = p.client();
            int rcv = c.syscallConn().getOption(StandardSocketOptions.SO_RCVBUF);
            int snd = c.syscallConn().getOption(StandardSocketOptions.SO_SNDBUF);
            c.setReadBuffer(4096);
            c.setWriteBuffer(4096);
            int rcv2 = c.syscallConn().getOption(StandardSocketOptions.SO_RCVBUF);
            int snd2 = c.syscallConn().getOption(StandardSocketOptions.SO_SNDBUF);
            assertTrue(rcv2 >= 4096 && rcv2 < rcv, "SO_RCVBUF " + rcv2 + " after setReadBuffer(4096); " + rcv + " before");
            assertTrue(snd2 >= 4096 && snd2 < snd, "SO_SNDBUF " + snd2 + " after setWriteBuffer(4096); " + snd + " before");

            String set = GoText.opError("set", NET, null, c.localAddr(), "setsockopt: invalid argument");
            Expect.netError(assertThrows(IOException.class, () -> c.setReadBuffer(-1)), IOException.class, set);
            Expect.netError(assertThrows(IOException.class, () -> c.setWriteBuffer(-1)), IOException.class, set);

            c.close();
            Expect.closedBefore(assertThrows(IOException.class, () -> c.setReadBuffer(4096)),
                    GoText.opError("set", NET, null, c.localAddr(), CLOSED));
            Expect.closedBefore(assertThrows(IOException.class,
                            () -> c.syscallConn().getOption(StandardSocketOptions.SO_RCVBUF)),
                    GoText.opError("raw-control", NET, null, c.localAddr(), CLOSED));
        }
    }

    /**
     * Go's defaults, seen through syscallConn: Nagle off (TCP_NODELAY), keep-alive on, both ends; and
     * the setters change them.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void defaultOptions() throws IOException {
        try (Tcp.Pair p = Tcp.Pair.open()) {
            for (TCPConn c : new TCPConn[] {p.client(), p.server()}) {
                assertEquals(true, c.syscallConn().getOption(StandardSocketOptions.TCP_NODELAY));
                assertEquals(true, c.syscallConn().getOption(StandardSocketOptions.SO_KEEPALIVE));
            }
            TCPConn c = p.client();
            c.setNoDelay(false);
            assertEquals(false, c.syscallConn().getOption(StandardSocketOptions.TCP_NODELAY));
            // Go's SetKeepAlivePeriod sets the idle time, in whole seconds rounded up.
            c.setKeepAlivePeriod(Duration.ofMillis(19_500));
            assertEquals(20, c.syscallConn().getOption(JdkOptions.integer("TCP_KEEPIDLE")));
            c.setKeepAlive(false);
            assertEquals(false, c.syscallConn().getOption(StandardSocketOptions.SO_KEEPALIVE));
            // Go's SetLinger: 0 discards unsent data on close; negative is the background default.
            c.setLinger(0);
            assertEquals(0, c.syscallConn().getOption(StandardSocketOptions.SO_LINGER));
            c.setLinger(-1);
            assertEquals(-1, c.syscallConn().getOption(StandardSocketOptions.SO_LINGER));
        }
    }

    /**
     * Go's TestSendfile over the generic copy: transferFrom sends a whole file and returns its size;
     * the peer reads exactly the file. Also from a stream's channel.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void transferFromAFile(ThreadKind kind) throws IOException {
        byte[] data = random(1 << 20, 1);
        Path file = Files.createTempFile("netpoll-tck", ".bin");
        try (Tcp.Pair p = Tcp.Pair.open()) {
            Files.write(file, data);
            Task<byte[]> reader = Task.call(kind, () -> {
                byte[] got = new byte[data.length + data.length / 2];
                assertTrue(IO.readFull(p.server(), got));
                return got;
            });
            Task<Long> sender = Task.call(kind, () -> {
                long n;
                try (FileChannel f = FileChannel.open(file, StandardOpenOption.READ)) {
                    n = p.client().transferFrom(f);
                }
                ReadableByteChannel stream = Channels.newChannel(new ByteArrayInputStream(data, 0, data.length / 2));
                return n + p.client().transferFrom(stream);
            });
            assertEquals(data.length + data.length / 2, sender.get(Duration.ofSeconds(30)));
            byte[] got = reader.get(Duration.ofSeconds(30));
            assertArrayEquals(data, Arrays.copyOf(got, data.length));
            assertArrayEquals(Arrays.copyOf(data, data.length / 2),
                    Arrays.copyOfRange(got, data.length, got.length));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Go's WriteTo: transferTo copies the connection into a file until the peer ends its writing,
     * and returns the count.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void transferToAFile(ThreadKind kind) throws IOException {
        byte[] data = random(1 << 20, 2);
        Path file = Files.createTempFile("netpoll-tck", ".bin");
        try (Tcp.Pair p = Tcp.Pair.open()) {
            Task<Long> receiver = Task.call(kind, () -> {
                try (FileChannel f = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    return p.server().transferTo(f);
                }
            });
            p.client().write(data);
            p.client().closeWrite();
            assertEquals(data.length, receiver.get(Duration.ofSeconds(30)));
            assertArrayEquals(data, Files.readAllBytes(file));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Go's splice test over the generic copy: a proxy made of one connection's transferTo into
     * another; bytes and end of stream go through.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void transferBetweenConnections(ThreadKind kind) throws IOException {
        byte[] data = random(1 << 20, 3);
        try (Tcp.Pair in = Tcp.Pair.open(); Tcp.Pair out = Tcp.Pair.open()) {
            Task<Long> proxy = Task.call(kind, () -> {
                long n = in.server().transferTo(out.client());
                out.client().closeWrite();
                return n;
            });
            Task<byte[]> sink = Task.call(kind, () -> {
                byte[] got = new byte[data.length];
                assertTrue(IO.readFull(out.server(), got));
                assertEquals(-1, out.server().read(new byte[1]));
                return got;
            });
            in.client().write(data);
            in.client().closeWrite();
            assertEquals(data.length, proxy.get(Duration.ofSeconds(30)));
            assertArrayEquals(data, sink.get(Duration.ofSeconds(30)));
        }
    }

    /**
     * Go's ReadFrom/WriteTo errors: the failure inside is nested in their own OpError, the read's or
     * write's text after "readfrom"/"writeto" and the conn's addresses; a deadline stays a timeout.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void transferErrorsAreNested() throws IOException {
        try (Tcp.Pair p = Tcp.Pair.open(); Tcp.Pair q = Tcp.Pair.open()) {
            TCPConn c = p.client();
            ReadableByteChannel failing = Channels.newChannel(new InputStream() {
                @Override
                public int read() throws IOException {
                    throw new IOException("boom");
                }
            });
            Expect.netError(assertThrows(IOException.class, () -> c.transferFrom(failing)), IOException.class,
                    Expect.conn("readfrom", NET, c, "boom"));

            c.setReadDeadline(Instant.now().plusMillis(50));
            IOException timeout = assertThrows(IOException.class, () -> c.transferTo(q.client()));
            Expect.deadlineExceeded(timeout, Expect.conn("writeto", NET, c, Expect.conn("read", NET, c, TIMEOUT)));
            assertTrue(timeout instanceof SocketTimeoutException);

            c.setReadDeadline(null);
            q.client().close();
            p.server().write(new byte[] {1});
            Expect.closedBefore(assertThrows(IOException.class, () -> c.transferTo(q.client())),
                    Expect.conn("writeto", NET, c, Expect.conn("write", NET, q.client(), CLOSED)));
        }
    }

    /**
     * A channel in non-blocking mode would make the copy spin: it is refused before anything moves.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void nonBlockingChannelsAreRefused() throws IOException {
        try (Tcp.Pair p = Tcp.Pair.open(); SocketChannel nb = SocketChannel.open()) {
            nb.configureBlocking(false);
            assertThrows(IllegalBlockingModeException.class, () -> p.client().transferFrom(nb));
            assertThrows(IllegalBlockingModeException.class, () -> p.client().transferTo(nb));
            p.client().write(new byte[] {7});
            byte[] b = new byte[1];
            p.server().setReadDeadline(Instant.now().plusSeconds(10));
            assertEquals(1, p.server().read(b));
            assertEquals(7, b[0]);
        }
    }

    /**
     * A listener's accepted connection is a TCPConn with all of the above.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void acceptedConnectionsToo() throws IOException {
        try (TCPListener ln = Tcp.listen(); TCPConn c = (TCPConn) Net.dial("tcp", Tcp.address(ln)); TCPConn s = ln.accept()) {
            s.setWriteBuffer(8192);
            ByteBuffer small = ByteBuffer.wrap(new byte[] {1, 2, 3});
            assertEquals(3, s.transferFrom(Channels.newChannel(new ByteArrayInputStream(small.array()))));
            s.closeWrite();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertEquals(3, c.transferTo(Channels.newChannel(out)));
            assertArrayEquals(small.array(), out.toByteArray());
        }
    }
}
