// Ports Go's src/net/unixsock_test.go and the Unix half of server_test.go.
package io.netpoll.tck;

import io.netpoll.Netpoll;
import io.netpoll.net.Conn;
import io.netpoll.net.Dialer;
import io.netpoll.net.Net;
import io.netpoll.net.NetError;
import io.netpoll.net.PacketConn;
import io.netpoll.net.UnixConn;
import io.netpoll.net.UnixListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

import static io.netpoll.tck.Expect.CLOSED;
import static io.netpoll.tck.Expect.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * Unix domain sockets (section H of the catalogue): the listener's socket file (made on listen,
 * removed once on close, never for an abstract name), names of both ends with and without a local
 * address, "address already in use" for a path that exists, streams, and Unix datagrams where the
 * provider has them — or a clear error naming the provider and the network where it does not.
 *
 * <p>An unnamed Unix socket's address is {@code UnixDomainSocketAddress.of("")} (DESIGN), where Go
 * has a nil address or, on Linux, "@".
 */
public abstract class UnixSuite extends ProviderSuite {

    /** For the one-line subclass that runs this suite on a provider. */
    protected UnixSuite() {
    }

    private static final UnixDomainSocketAddress UNNAMED = UnixDomainSocketAddress.of("");

    private static UnixListener listen(String path) throws IOException {
        return (UnixListener) Net.listen("unix", path);
    }

    private static UnixDomainSocketAddress addr(String path) {
        return UnixDomainSocketAddress.of(path);
    }

    /**
     * Go's TestUnixUnlink (H1): Listen makes the socket file and Close removes it; a second Close
     * leaves alone a file that appeared at the path meanwhile; the path can be listened on again.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void unlinkOnClose() throws IOException {
        try (Unix tmp = Unix.tempDir()) {
            String path = tmp.path();
            UnixListener ln = listen(path);
            assertTrue(Files.exists(Path.of(path)), "listen made no socket file");
            ln.close();
            assertFalse(Files.exists(Path.of(path)), "close left the socket file");

            UnixListener again = listen(path);
            again.close();
            Files.createFile(Path.of(path));
            again.close();
            assertTrue(Files.exists(Path.of(path)), "a second close removed a file it did not make");
        }
    }

    /**
     * Abstract names (issue 4, Linux): "{@literal @}name" lives in no file system; listen makes no file, dial
     * reaches it, the address reads back as "{@literal @}name", and close frees the name without unlinking
     * anything. A provider whose socket layer has no abstract names refuses them with an error;
     * none may take "{@literal @}name" for a path and make a file of that name.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void abstractNames() throws IOException {
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux"), "abstract names are Linux's");
        String name = "@netpoll-tck-" + Long.toHexString(new Random().nextLong());
        Path asFile = Path.of(name).toAbsolutePath();
        try {
            UnixListener first;
            try {
                first = listen(name);
            } catch (IOException refused) {
                assertInstanceOf(NetError.class, refused);
                assertFalse(Files.exists(asFile), "a refused abstract name made a file: " + asFile);
                return;
            }
            for (int round = 0; round < 2; round++) {
                try (UnixListener ln = round == 0 ? first : listen(name);
                     Conn c = Net.dial("unix", name);
                     Conn s = ln.accept()) {
                    assertFalse(Files.exists(asFile), "an abstract name made a file: " + asFile);
                    assertEquals(addr(name), ln.addr());
                    assertEquals(addr(name), c.remoteAddr());
                    c.write("abstract".getBytes(StandardCharsets.UTF_8));
                    byte[] b = new byte[8];
                    assertTrue(IO.readFull(s, b));
                    assertEquals("abstract", new String(b, StandardCharsets.UTF_8));
                }
            }
        } finally {
            Files.deleteIfExists(asFile);
        }
    }

    /**
     * Go's TestUnixConnLocalAndRemoteNames (H5): the listener is its path; a client dialing with no
     * local address is unnamed; one dialing from a path has it, and the server sees it as the peer.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void streamNames() throws IOException {
        try (Unix tmp = Unix.tempDir()) {
            String path = tmp.path();
            String local = tmp.path();
            try (UnixListener ln = listen(path)) {
                assertEquals(addr(path), ln.addr());
                try (Conn c = Net.dial("unix", path); Conn s = ln.accept()) {
                    assertEquals(UNNAMED, c.localAddr());
                    assertEquals(addr(path), c.remoteAddr());
                    assertEquals(addr(path), s.localAddr());
                    assertEquals(UNNAMED, s.remoteAddr());
                }
                try (Conn c = Dialer.builder().localAddr(addr(local)).build().dial("unix", path); Conn s = ln.accept()) {
                    assertEquals(addr(local), c.localAddr());
                    assertEquals(addr(path), c.remoteAddr());
                    assertEquals(addr(local), s.remoteAddr());
                }
            }
        }
    }

    /**
     * Go's server_test.go over "unix": a stream echo, then the client's closeWrite ends the server's
     * reading; ReadFrom on a stream names the peer.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void streamEcho(ThreadKind kind) throws IOException {
        try (Unix tmp = Unix.tempDir()) {
            String path = tmp.path();
            try (UnixListener ln = listen(path)) {
                Task<Long> server = Task.call(kind, () -> {
                    try (UnixConn s = ln.accept()) {
                        long n = IO.copy(IO.to(s), IO.from(s));
                        s.closeWrite();
                        return n;
                    }
                });
                byte[] data = new byte[1 << 20];
                new Random(1).nextBytes(data);
                try (UnixConn c = (UnixConn) Net.dial("unix", path)) {
                    Task<byte[]> reader = Task.call(kind, () -> {
                        byte[] got = new byte[data.length];
                        assertTrue(IO.readFull(c, got));
                        ByteBuffer more = ByteBuffer.allocate(1);
                        assertEquals(null, c.readFrom(more), "a stream's ReadFrom at end of stream");
                        return got;
                    });
                    c.write(data);
                    c.closeWrite();
                    assertArrayEquals(data, reader.get(Duration.ofSeconds(30)));
                    assertEquals(data.length, server.get());
                }
            }
        }
    }

    /**
     * A read deadline on a Unix stream fires on time on either kind of thread, as on TCP.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void streamReadDeadline(ThreadKind kind) throws IOException {
        try (Unix tmp = Unix.tempDir(); UnixListener ln = listen(tmp.path());
             Conn c = Net.dial("unix", GoText.addr(ln.addr())); Conn s = ln.accept()) {
            Duration d = Duration.ofMillis(50);
            Task<Long> read = Task.call(kind, () -> {
                long t0 = System.nanoTime(); // before the deadline is taken, so "not before" is exact
                c.setReadDeadline(Instant.now().plus(d));
                Expect.deadlineExceeded(assertThrows(IOException.class, () -> c.read(new byte[1])),
                        Expect.conn("read", "unix", c, TIMEOUT));
                return t0;
            });
            long t0 = read.get();
            Timing.assertNotBefore(t0, read.finishedAt(), d, "Read");
            Timing.assertNotLate(t0, read.finishedAt(), d, "Read");
        }
    }

    /**
     * Close while Accept waits: Accept fails with "use of closed network connection", and the socket
     * file is gone.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void closeWhileBlockedInAccept(ThreadKind kind) throws IOException {
        try (Unix tmp = Unix.tempDir()) {
            String path = tmp.path();
            UnixListener ln = listen(path);
            Task<UnixConn> accept = Task.call(kind, ln::accept);
            accept.awaitParked();
            ln.close();
            Expect.closedWhileBlocked(accept.failure(), Expect.local("accept", "unix", ln, CLOSED));
            assertFalse(Files.exists(Path.of(path)));
        }
    }

    /**
     * Go's H6: a path where something exists already, a plain file or a stale socket nobody removed,
     * cannot be listened on (Go does not remove stale files): "bind: address already in use".
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void existingPathIsInUse() throws IOException {
        try (Unix tmp = Unix.tempDir()) {
            String file = tmp.path();
            Files.createFile(Path.of(file));
            String stale = tmp.path();
            try (ServerSocketChannel jdk = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                jdk.bind(addr(stale)); // the JDK leaves the file behind on close
            }
            for (String path : new String[] {file, stale}) {
                IOException e = assertThrows(IOException.class, () -> listen(path).close());
                Expect.netError(e, BindException.class, "listen unix " + path + ": bind: address already in use");
                assertTrue(Files.exists(Path.of(path)), "a failed listen removed " + path);
            }
        }
    }

    /**
     * Dialing a path nobody listens on fails at once: no such file, or refused for a stale socket.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void dialNobody() throws IOException {
        try (Unix tmp = Unix.tempDir()) {
            String missing = tmp.path();
            Expect.netError(assertThrows(IOException.class, () -> Net.dial("unix", missing)), IOException.class,
                    "dial unix " + missing + ": connect: no such file or directory");
            String stale = tmp.path();
            try (ServerSocketChannel jdk = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                jdk.bind(addr(stale));
            }
            Expect.netError(assertThrows(IOException.class, () -> Net.dial("unix", stale)), ConnectException.class,
                    "dial unix " + stale + ": connect: connection refused");
        }
    }

    // ---- unixgram ----

    /**
     * Issue 4: a provider without Unix datagram sockets refuses "unixgram" with an error that names
     * the provider and the network, for listenPacket and dial alike.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void unixgramWhereUnsupported() throws IOException {
        assumeFalse(Unix.hasUnixgram(), "the provider has Unix datagram sockets");
        String why = "netpoll provider " + Netpoll.provider().name() + " does not support unixgram sockets";
        try (Unix tmp = Unix.tempDir()) {
            String path = tmp.path();
            Expect.netError(assertThrows(IOException.class, () -> Net.listenPacket("unixgram", path)), IOException.class,
                    "listen unixgram " + path + ": " + why);
            Expect.netError(assertThrows(IOException.class, () -> Net.dial("unixgram", path)), IOException.class,
                    "dial unixgram " + path + ": " + why);
            assertFalse(Files.exists(Path.of(path)));
        }
    }

    /**
     * Go's TestReadUnixgramWithUnnamedSocket (H2): a datagram from an unbound socket reads with the
     * unnamed address as its sender.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void unixgramUnnamedSender() throws IOException {
        assumeTrue(Unix.hasUnixgram(), "the provider has no Unix datagram sockets");
        try (Unix tmp = Unix.tempDir(); UnixConn ln = (UnixConn) Net.listenPacket("unixgram", tmp.path());
             Conn c = Net.dial("unixgram", GoText.addr(ln.localAddr()))) {
            assertEquals(UNNAMED, c.localAddr());
            c.write("UNIXG".getBytes(StandardCharsets.UTF_8));
            ln.setReadDeadline(Instant.now().plusSeconds(10));
            ByteBuffer b = ByteBuffer.allocate(16);
            assertEquals(UNNAMED, ln.readFrom(b));
            b.flip();
            assertEquals("UNIXG", StandardCharsets.UTF_8.decode(b).toString());
        }
    }

    /**
     * Go's TestUnixgramZeroBytePayload / TestUnixgramZeroByteBuffer (H3): an empty datagram is sent
     * (Write returns 0) and read as 0 bytes; ReadFrom into an empty buffer takes a datagram.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void unixgramZeroBytes() throws IOException {
        assumeTrue(Unix.hasUnixgram(), "the provider has no Unix datagram sockets");
        try (Unix tmp = Unix.tempDir(); UnixConn ln = (UnixConn) Net.listenPacket("unixgram", tmp.path());
             UnixConn c = (UnixConn) Dialer.builder().localAddr(addr(tmp.path())).build()
                     .dial("unixgram", GoText.addr(ln.localAddr()))) {
            assertEquals(0, c.write(new byte[0]));
            ln.setReadDeadline(Instant.now().plusSeconds(10));
            ByteBuffer b = ByteBuffer.allocate(4);
            assertEquals(c.localAddr(), ln.readFrom(b));
            assertEquals(0, b.position());

            c.write(new byte[25]);
            assertEquals(c.localAddr(), ln.readFrom(ByteBuffer.allocate(0)));
            ln.setReadDeadline(Instant.now().plusMillis(100));
            Expect.deadlineExceeded(assertThrows(IOException.class, () -> ln.readFrom(ByteBuffer.allocate(25))),
                    GoText.opError("read", "unixgram", ln.localAddr(), null, TIMEOUT));
        }
    }

    /**
     * Go's TestUnixgramWrite (H4): a connected socket refuses WriteTo and takes Write; an unconnected
     * one takes WriteTo and refuses Write.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void unixgramWrite() throws IOException {
        assumeTrue(Unix.hasUnixgram(), "the provider has no Unix datagram sockets");
        try (Unix tmp = Unix.tempDir(); UnixConn ln = (UnixConn) Net.listenPacket("unixgram", tmp.path());
             UnixConn c = (UnixConn) Net.dial("unixgram", GoText.addr(ln.localAddr()));
             PacketConn other = Net.listenPacket("unixgram", tmp.path())) {
            SocketAddress raddr = ln.localAddr();
            Expect.netError(assertThrows(IOException.class, () -> c.writeTo(ByteBuffer.wrap(new byte[] {1}), raddr)),
                    IOException.class, GoText.opError("write", "unixgram", c.localAddr(), raddr,
                            "use of WriteTo with pre-connected connection"));
            assertEquals(1, c.write(new byte[] {1}));

            assertEquals(1, other.writeTo(ByteBuffer.wrap(new byte[] {2}), raddr));
            Expect.netError(assertThrows(IOException.class, () -> ((Conn) other).write(new byte[] {3})), IOException.class,
                    GoText.opError("write", "unixgram", other.localAddr(), null, "write: destination address required"));

            ln.setReadDeadline(Instant.now().plusSeconds(10));
            ByteBuffer b = ByteBuffer.allocate(4);
            assertEquals(UNNAMED, ln.readFrom(b));
            b.clear();
            assertEquals(other.localAddr(), ln.readFrom(b));
            assertEquals(2, b.get(0));
        }
    }

    /**
     * Go's TestUnixgramConnLocalAndRemoteNames (H5) and TestUnixgramServer: names with and without a
     * local path, and a datagram echo back to the sender's name.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void unixgramNamesAndEcho(ThreadKind kind) throws IOException {
        assumeTrue(Unix.hasUnixgram(), "the provider has no Unix datagram sockets");
        try (Unix tmp = Unix.tempDir()) {
            String path = tmp.path();
            String local = tmp.path();
            try (UnixConn ln = (UnixConn) Net.listenPacket("unixgram", path);
                 UnixConn c = (UnixConn) Dialer.builder().localAddr(addr(local)).build().dial("unixgram", path)) {
                assertEquals(addr(path), ln.localAddr());
                assertEquals(null, ln.remoteAddr());
                assertEquals(addr(local), c.localAddr());
                assertEquals(addr(path), c.remoteAddr());
                Task<SocketAddress> echo = Task.call(kind, () -> {
                    ln.setReadDeadline(Instant.now().plusSeconds(10));
                    ByteBuffer b = ByteBuffer.allocate(64);
                    SocketAddress from = ln.readFrom(b);
                    b.flip();
                    ln.writeTo(b, from);
                    return from;
                });
                byte[] msg = "UNIXGRAM SERVER TEST".getBytes(StandardCharsets.UTF_8);
                c.write(msg);
                c.setReadDeadline(Instant.now().plusSeconds(10));
                byte[] r = new byte[64];
                int n = c.read(r);
                assertArrayEquals(msg, Arrays.copyOf(r, n));
                assertEquals(addr(local), echo.get());
            }
        }
    }
}
