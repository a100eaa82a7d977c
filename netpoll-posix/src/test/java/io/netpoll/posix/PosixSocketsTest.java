package io.netpoll.posix;

import io.netpoll.posix.internal.Libc;
import io.netpoll.posix.internal.OsTable;
import io.netpoll.spi.Errno;
import io.netpoll.spi.Family;
import io.netpoll.spi.Handle;
import io.netpoll.spi.NetpollSocketOptions;
import io.netpoll.spi.SocketType;
import io.netpoll.spi.Sockets;
import io.netpoll.spi.SyscallException;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The socket calls over loopback, without a poller: "would block" is retried by sleeping briefly, with
 * every wait bounded.
 */
class PosixSocketsTest {

    private static final OsTable T = OsTable.current();
    private static final long DEADLINE_NANOS = 5_000_000_000L;
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final PosixSockets sockets = new PosixSockets("test");
    private final List<Handle> open = new ArrayList<>();
    private long fdsBefore;

    @BeforeEach
    void countFds() throws IOException {
        fdsBefore = openFds();
    }

    @AfterEach
    void closeAllAndCheckForLeaks() throws IOException {
        for (Handle h : open) {
            if (((PosixHandle) h).fd() >= 0) {
                sockets.close(h);
            }
        }
        assertEquals(fdsBefore, openFds(), "socket descriptors leaked");
    }

    /** Open socket descriptors: jars and libraries the JVM opens lazily are not this test's business. */
    static long openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.filter(PosixSocketsTest::isSocket).count();
        }
    }

    private static boolean isSocket(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString().startsWith("socket:");
        } catch (IOException e) {
            return false; // closed while listing (the directory stream's own descriptor)
        }
    }

    private Handle track(Handle h) {
        open.add(Objects.requireNonNull(h));
        return h;
    }

    private Handle socket(Family f, SocketType t) throws IOException {
        return track(sockets.socket(f, t));
    }

    private Handle listener(Family f, SocketAddress at) throws IOException {
        Handle l = socket(f, SocketType.STREAM);
        sockets.setOption(l, StandardSocketOptions.SO_REUSEADDR, true);
        sockets.bind(l, at);
        sockets.listen(l, 0);
        return l;
    }

    /** Connects a new client to {@code l}, accepts it, and returns {client, server}. */
    private Handle[] connectedPair(Family f, Handle l) throws Exception {
        Handle c = socket(f, SocketType.STREAM);
        if (!sockets.connect(c, sockets.localAddress(l))) {
            awaitConnected(c);
        }
        return new Handle[] {c, awaitAccept(l)};
    }

    private void awaitConnected(Handle c) throws Exception {
        long end = System.nanoTime() + DEADLINE_NANOS;
        while (!sockets.finishConnect(c)) {
            if (System.nanoTime() > end) {
                fail("connect did not finish");
            }
            Thread.sleep(1);
        }
    }

    private Handle awaitAccept(Handle l) throws Exception {
        long end = System.nanoTime() + DEADLINE_NANOS;
        Handle a;
        while ((a = sockets.accept(l)) == null) {
            if (System.nanoTime() > end) {
                fail("nothing to accept");
            }
            Thread.sleep(1);
        }
        return track(a);
    }

    private int awaitRead(Handle h, ByteBuffer dst) throws Exception {
        long end = System.nanoTime() + DEADLINE_NANOS;
        int n;
        while ((n = sockets.read(h, dst)) == Sockets.WOULD_BLOCK) {
            if (System.nanoTime() > end) {
                fail("nothing to read");
            }
            Thread.sleep(1);
        }
        return n;
    }

    private SocketAddress awaitReceive(Handle h, ByteBuffer dst) throws Exception {
        long end = System.nanoTime() + DEADLINE_NANOS;
        SocketAddress from;
        while ((from = sockets.receive(h, dst)) == null) {
            if (System.nanoTime() > end) {
                fail("no datagram");
            }
            Thread.sleep(1);
        }
        return from;
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static String ascii(ByteBuffer b) {
        b.flip();
        return StandardCharsets.US_ASCII.decode(b).toString();
    }

    // ---- TCP ----

    @Test
    void tcpLoopbackRoundTripWithHeapAndDirectBuffers() throws Exception {
        Handle l = listener(Family.INET, new InetSocketAddress(LOOPBACK, 0));
        assertNull(sockets.accept(l), "nothing queued yet");
        Handle[] p = connectedPair(Family.INET, l);
        Handle c = p[0], s = p[1];

        assertEquals(Sockets.WOULD_BLOCK, sockets.read(s, ByteBuffer.allocate(8)));
        assertEquals(5, sockets.write(c, ascii("hello")));
        ByteBuffer heap = ByteBuffer.allocate(16);
        assertEquals(5, awaitRead(s, heap));
        assertEquals("hello", ascii(heap));

        ByteBuffer out = ByteBuffer.allocateDirect(16).put("direct".getBytes(StandardCharsets.US_ASCII)).flip();
        out.position(1);
        assertEquals(5, sockets.write(s, out));
        assertEquals(6, out.position());
        ByteBuffer in = ByteBuffer.allocateDirect(32);
        in.position(3);
        assertEquals(5, awaitRead(c, in));
        assertEquals(8, in.position());
        byte[] got = new byte[5];
        in.get(3, got);
        assertEquals("irect", new String(got, StandardCharsets.US_ASCII));

        assertEquals(0, sockets.read(s, ByteBuffer.allocate(0)), "no room reads nothing");
        assertEquals(sockets.localAddress(c), sockets.remoteAddress(s));
        assertEquals(sockets.localAddress(s), sockets.remoteAddress(c));
        assertEquals(LOOPBACK, ((InetSocketAddress) sockets.remoteAddress(s)).getAddress());
    }

    @Test
    void shutdownWriteGivesThePeerEofAndOurWriteABrokenPipe() throws Exception {
        Handle[] p = connectedPair(Family.INET, listener(Family.INET, new InetSocketAddress(LOOPBACK, 0)));
        Handle c = p[0], s = p[1];
        sockets.shutdown(c, false, true);
        assertEquals(Sockets.EOF, awaitRead(s, ByteBuffer.allocate(4)));
        // MSG_NOSIGNAL: EPIPE comes back as an error, and no SIGPIPE is raised.
        SyscallException e = assertThrows(SyscallException.class, () -> sockets.write(c, ascii("x")));
        assertEquals("write: broken pipe", e.getMessage());
        assertEquals("write", e.syscall());
        assertEquals(Errno.EPIPE, e.errno());
        // The other direction still works.
        assertEquals(2, sockets.write(s, ascii("ok")));
        assertEquals(2, awaitRead(c, ByteBuffer.allocate(4)));
    }

    @Test
    void aSocketpairWhoseSecondEndCannotBeSetUpClosesBothDescriptors() throws Exception {
        long before = openFds();
        int[] calls = {0};
        SyscallException e = assertThrows(SyscallException.class, () -> sockets.socketpair(SocketType.STREAM,
                (fd, family, type, peer) -> {
                    if (++calls[0] == 1) {
                        return new PosixHandle(fd, family, type, peer);
                    }
                    Libc.close(fd); // as the real set-up does when fcntl or SO_NOSIGPIPE fails on a BSD
                    throw new SyscallException("setnonblock", Errno.EBADF);
                }));
        assertEquals("setnonblock: bad file descriptor", e.getMessage());
        assertEquals(2, calls[0]);
        assertEquals(before, openFds(), "the first end of the pair leaked");
    }

    @Test
    void aGatherWriteToAClosedPeerFailsWithEpipeAndRaisesNoSigpipe() throws Exception {
        assumeTrue(com.sun.jna.Platform.isLinux(), "the probe blocks SIGPIPE with Linux's constants");
        Handle[] pair = sockets.socketpair(SocketType.STREAM);
        open.addAll(List.of(pair));
        sockets.close(pair[1]);
        Sigpipe.Outcome<Long> o = Sigpipe.during(
                () -> sockets.write(pair[0], new ByteBuffer[] {ascii("a"), ByteBuffer.allocateDirect(1)}, 0, 2));
        SyscallException e = assertInstanceOf(SyscallException.class, o.failure());
        assertEquals("writev: broken pipe", e.getMessage());
        assertFalse(o.raised(), "the gather write raised SIGPIPE");
    }

    @Test
    void writingToAResetPeerFailsWithEpipeOrEconnreset() throws Exception {
        Handle[] p = connectedPair(Family.INET, listener(Family.INET, new InetSocketAddress(LOOPBACK, 0)));
        Handle c = p[0], s = p[1];
        sockets.setOption(s, StandardSocketOptions.SO_LINGER, 0); // close sends RST
        sockets.close(s);
        long end = System.nanoTime() + DEADLINE_NANOS;
        SyscallException e = null;
        while (e == null && System.nanoTime() < end) {
            try {
                sockets.write(c, ascii("after reset"));
                Thread.sleep(1);
            } catch (SyscallException x) {
                e = x;
            }
        }
        assertNotNull(e, "a write to a reset peer must fail");
        assertTrue(e.errno().equals(Errno.EPIPE) || e.errno().equals(Errno.ECONNRESET), e.getMessage());
        assertTrue(e.getMessage().equals("write: broken pipe")
                || e.getMessage().equals("write: connection reset by peer"), e.getMessage());
    }

    @Test
    void readingFromAResetPeerFailsWithEconnreset() throws Exception {
        Handle[] p = connectedPair(Family.INET, listener(Family.INET, new InetSocketAddress(LOOPBACK, 0)));
        Handle c = p[0], s = p[1];
        sockets.setOption(s, StandardSocketOptions.SO_LINGER, 0);
        sockets.close(s);
        long end = System.nanoTime() + DEADLINE_NANOS;
        while (System.nanoTime() < end) {
            try {
                if (sockets.read(c, ByteBuffer.allocate(4)) != Sockets.WOULD_BLOCK) {
                    fail("expected a reset");
                }
                Thread.sleep(1);
            } catch (SyscallException e) {
                assertEquals("read: connection reset by peer", e.getMessage());
                return;
            }
        }
        fail("no reset seen");
    }

    @Test
    void refusedConnectIsConnectConnectionRefused() throws Exception {
        Handle probe = socket(Family.INET, SocketType.STREAM);
        sockets.bind(probe, new InetSocketAddress(LOOPBACK, 0));
        SocketAddress closedPort = sockets.localAddress(probe); // bound, never listening
        Handle c = socket(Family.INET, SocketType.STREAM);
        SyscallException e = assertThrows(SyscallException.class, () -> {
            if (!sockets.connect(c, closedPort)) {
                awaitConnected(c);
            }
        });
        assertEquals("connect: connection refused", e.getMessage());
        assertEquals("connect", e.syscall());
        assertEquals(Errno.ECONNREFUSED, e.errno());
    }

    @Test
    void bindingAPortInUseIsAddressAlreadyInUse() throws Exception {
        Handle l = listener(Family.INET, new InetSocketAddress(LOOPBACK, 0));
        Handle other = socket(Family.INET, SocketType.STREAM);
        SyscallException e = assertThrows(SyscallException.class, () -> sockets.bind(other, sockets.localAddress(l)));
        assertEquals("bind: address already in use", e.getMessage());
    }

    @Test
    void socketsAreNonBlockingAndCloseOnExec() throws Exception {
        for (Handle h : new Handle[] {socket(Family.INET, SocketType.STREAM), socket(Family.INET6, SocketType.DATAGRAM),
                socket(Family.UNIX, SocketType.STREAM)}) {
            assertFlags(((PosixHandle) h).fd());
        }
        Handle[] p = connectedPair(Family.INET, listener(Family.INET, new InetSocketAddress(LOOPBACK, 0)));
        assertFlags(((PosixHandle) p[1]).fd()); // accept4 flags
    }

    @Test
    void fcntlFallbackSetsTheSameFlags() throws Exception {
        int fd = Libc.socket(T.AF_INET(), T.SOCK_STREAM(), 0);
        assertTrue(fd >= 0);
        try {
            assertEquals(0, Libc.fcntl(fd, T.F_GETFL(), 0) & T.O_NONBLOCK());
            PosixSockets.setNonblockCloexec(fd);
            assertFlags(fd);
        } finally {
            Libc.close(fd);
        }
    }

    private static void assertFlags(int fd) {
        assertNotEquals(0, Libc.fcntl(fd, T.F_GETFL(), 0) & T.O_NONBLOCK(), "O_NONBLOCK");
        assertNotEquals(0, Libc.fcntl(fd, T.F_GETFD(), 0) & T.FD_CLOEXEC(), "FD_CLOEXEC");
    }

    @Test
    void aFailedCallReturnsMinusErrno() {
        assertEquals(-T.EBADF(), Libc.close(-1));
        assertEquals(-T.EBADF(), Libc.read(-1, 0, 0));
        assertEquals(-T.EBADF(), Libc.fcntl(-1, T.F_GETFL(), 0));
        assertEquals(-T.EAFNOSUPPORT(), Libc.socket(-1, T.SOCK_STREAM(), 0));
    }

    @Test
    void largeHeapWritesAreShortAndComplete() throws Exception {
        Handle[] p = connectedPair(Family.INET, listener(Family.INET, new InetSocketAddress(LOOPBACK, 0)));
        Handle c = p[0], s = p[1];
        byte[] data = new byte[300_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        ByteBuffer src = ByteBuffer.wrap(data);
        ByteBuffer dst = ByteBuffer.allocate(data.length);
        long end = System.nanoTime() + DEADLINE_NANOS * 2;
        while (dst.hasRemaining()) {
            if (System.nanoTime() > end) {
                fail("transfer stalled at " + dst.position());
            }
            if (src.hasRemaining()) {
                int n = sockets.write(c, src);
                assertTrue(n == Sockets.WOULD_BLOCK || (n >= 0 && n <= 64 * 1024), "clamped to the scratch: " + n);
            }
            int r = sockets.read(s, dst);
            assertNotEquals(Sockets.EOF, r);
            if (r == Sockets.WOULD_BLOCK) {
                Thread.sleep(1);
            }
        }
        assertArrayEquals(data, dst.array());
    }

    @Test
    void readOnlyBuffersCanBeWrittenButNotReadInto() throws Exception {
        Handle[] p = connectedPair(Family.INET, listener(Family.INET, new InetSocketAddress(LOOPBACK, 0)));
        assertEquals(3, sockets.write(p[0], ascii("abc").asReadOnlyBuffer()));
        assertThrows(java.nio.ReadOnlyBufferException.class,
                () -> sockets.read(p[1], ByteBuffer.allocate(4).asReadOnlyBuffer()));
    }

    @Test
    void vectoredWriteAndRead() throws Exception {
        Handle[] p = connectedPair(Family.INET, listener(Family.INET, new InetSocketAddress(LOOPBACK, 0)));
        ByteBuffer[] out = {ascii("one-"), ByteBuffer.allocateDirect(4).put("two-".getBytes(StandardCharsets.US_ASCII)).flip(),
                ascii("three")};
        assertEquals(13, sockets.write(p[0], out, 0, 3));
        for (ByteBuffer b : out) {
            assertFalse(b.hasRemaining());
        }
        ByteBuffer a = ByteBuffer.allocate(3), b = ByteBuffer.allocateDirect(6), c = ByteBuffer.allocate(10);
        long end = System.nanoTime() + DEADLINE_NANOS;
        long n;
        while ((n = sockets.read(p[1], new ByteBuffer[] {a, b, c}, 0, 3)) == Sockets.WOULD_BLOCK) {
            assertTrue(System.nanoTime() < end);
            Thread.sleep(1);
        }
        assertEquals(13, n);
        assertEquals("one", ascii(a));
        assertEquals("-two-t", ascii(b));
        assertEquals("hree", ascii(c));
        sockets.shutdown(p[0], false, true);
        while ((n = sockets.read(p[1], new ByteBuffer[] {ByteBuffer.allocate(2)}, 0, 1)) == Sockets.WOULD_BLOCK) {
            assertTrue(System.nanoTime() < end);
            Thread.sleep(1);
        }
        assertEquals(Sockets.EOF, n);
    }

    @Test
    void tcpOverIpv6LoopbackWhenAvailable() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        Handle l;
        try {
            l = listener(Family.INET6, new InetSocketAddress(v6, 0));
        } catch (SyscallException e) {
            // No IPv6 on this host (EADDRNOTAVAIL / EAFNOSUPPORT): nothing else to check.
            assertTrue(e.syscall().equals("bind") || e.syscall().equals("socket"), e.getMessage());
            return;
        }
        Handle[] p = connectedPair(Family.INET6, l);
        assertEquals(v6, ((InetSocketAddress) sockets.remoteAddress(p[1])).getAddress());
        assertEquals(2, sockets.write(p[0], ascii("v6")));
        assertEquals(2, awaitRead(p[1], ByteBuffer.allocate(4)));
    }

    @Test
    void dualStackListenerSeesIpv4PeersAsIpv4() throws Exception {
        Handle l;
        try {
            l = socket(Family.INET6, SocketType.STREAM);
        } catch (SyscallException e) {
            return; // no IPv6 sockets at all
        }
        sockets.setOption(l, NetpollSocketOptions.IPV6_V6ONLY, false);
        assertFalse(sockets.getOption(l, NetpollSocketOptions.IPV6_V6ONLY));
        sockets.bind(l, new InetSocketAddress(InetAddress.getByName("::"), 0));
        sockets.listen(l, 16);
        int port = ((InetSocketAddress) sockets.localAddress(l)).getPort();
        Handle c = socket(Family.INET, SocketType.STREAM);
        if (!sockets.connect(c, new InetSocketAddress(LOOPBACK, port))) {
            awaitConnected(c);
        }
        Handle s = awaitAccept(l);
        assertEquals(sockets.localAddress(c), sockets.remoteAddress(s));
        assertEquals(LOOPBACK, ((InetSocketAddress) sockets.remoteAddress(s)).getAddress());
    }

    // ---- UDP ----

    @Test
    void udpDatagramsWithSenderTruncationAndEmptyDatagrams() throws Exception {
        Handle a = socket(Family.INET, SocketType.DATAGRAM);
        Handle b = socket(Family.INET, SocketType.DATAGRAM);
        sockets.bind(a, new InetSocketAddress(LOOPBACK, 0));
        sockets.bind(b, new InetSocketAddress(LOOPBACK, 0));
        assertNull(sockets.receive(a, ByteBuffer.allocate(8)), "nothing waiting");

        assertEquals(11, sockets.send(b, ascii("hello world"), sockets.localAddress(a)));
        ByteBuffer small = ByteBuffer.allocate(5);
        assertEquals(sockets.localAddress(b), awaitReceive(a, small));
        assertEquals("hello", ascii(small), "the rest of the datagram is dropped");

        assertEquals(0, sockets.send(b, ByteBuffer.allocate(0), sockets.localAddress(a)));
        assertEquals(3, sockets.send(b, ascii("3rd"), sockets.localAddress(a)));
        ByteBuffer empty = ByteBuffer.allocateDirect(16);
        assertEquals(sockets.localAddress(b), awaitReceive(a, empty));
        assertEquals(0, empty.position(), "the empty datagram");
        ByteBuffer next = ByteBuffer.allocate(16);
        awaitReceive(a, next);
        assertEquals("3rd", ascii(next));
    }

    @Test
    void connectedUdpReadsEmptyDatagramsAsZeroNotEof() throws Exception {
        Handle a = socket(Family.INET, SocketType.DATAGRAM);
        Handle b = socket(Family.INET, SocketType.DATAGRAM);
        sockets.bind(a, new InetSocketAddress(LOOPBACK, 0));
        sockets.bind(b, new InetSocketAddress(LOOPBACK, 0));
        assertTrue(sockets.connect(b, sockets.localAddress(a)));
        assertTrue(sockets.connect(a, sockets.localAddress(b)));
        assertEquals(0, sockets.send(b, ByteBuffer.allocate(0), null));
        assertEquals(0, awaitRead(a, ByteBuffer.allocate(8)));
        assertEquals(4, sockets.write(b, ascii("ping")));
        assertEquals(4, awaitRead(a, ByteBuffer.allocate(8)));
    }

    @Test
    void bigHeapDatagramsGoWhole() throws Exception {
        Handle[] pair = sockets.socketpair(SocketType.DATAGRAM);
        track(pair[0]);
        track(pair[1]);
        sockets.setOption(pair[0], StandardSocketOptions.SO_SNDBUF, 1 << 20);
        byte[] data = new byte[100_000];
        data[99_999] = 42;
        assertEquals(data.length, sockets.send(pair[0], ByteBuffer.wrap(data), null));
        ByteBuffer in = ByteBuffer.allocate(150_000);
        assertEquals(UnixDomainSocketAddress.of(""), awaitReceive(pair[1], in));
        assertEquals(data.length, in.position());
        assertEquals(42, in.get(99_999));
    }

    // ---- Unix ----

    @Test
    void unixStreamOverAPath(@TempDir Path dir) throws Exception {
        UnixDomainSocketAddress at = UnixDomainSocketAddress.of(dir.resolve("s.sock"));
        Handle l = listener(Family.UNIX, at);
        assertEquals(at, sockets.localAddress(l));
        Handle[] p = connectedPair(Family.UNIX, l);
        assertEquals(at, sockets.remoteAddress(p[0]));
        assertEquals(UnixDomainSocketAddress.of(""), sockets.remoteAddress(p[1]), "unnamed client");
        assertEquals(UnixDomainSocketAddress.of(""), sockets.localAddress(p[0]));
        assertEquals(4, sockets.write(p[0], ascii("unix")));
        assertEquals(4, awaitRead(p[1], ByteBuffer.allocate(8)));
    }

    @Test
    void unixStreamOverAnAbstractName() throws Exception {
        UnixDomainSocketAddress at = UnixDomainSocketAddress.of("@netpoll4j-test-" + ProcessHandle.current().pid());
        Handle l = listener(Family.UNIX, at);
        assertEquals(at, sockets.localAddress(l));
        Handle[] p = connectedPair(Family.UNIX, l);
        assertEquals(at, sockets.remoteAddress(p[0]));
        assertEquals(1, sockets.write(p[1], ascii("@")));
        assertEquals(1, awaitRead(p[0], ByteBuffer.allocate(8)));
    }

    @Test
    void unixDatagramsFromUnnamedAndNamedSenders(@TempDir Path dir) throws Exception {
        UnixDomainSocketAddress at = UnixDomainSocketAddress.of(dir.resolve("g.sock"));
        Handle server = socket(Family.UNIX, SocketType.DATAGRAM);
        sockets.bind(server, at);
        Handle client = socket(Family.UNIX, SocketType.DATAGRAM);
        assertEquals(2, sockets.send(client, ascii("hi"), at));
        ByteBuffer in = ByteBuffer.allocate(8);
        assertEquals(UnixDomainSocketAddress.of(""), awaitReceive(server, in));

        UnixDomainSocketAddress named = UnixDomainSocketAddress.of(dir.resolve("c.sock"));
        sockets.bind(client, named);
        assertEquals(3, sockets.send(client, ascii("yo!"), at));
        in.clear();
        assertEquals(named, awaitReceive(server, in));
    }

    @Test
    void connectingToAMissingPathIsNoSuchFile(@TempDir Path dir) throws Exception {
        Handle c = socket(Family.UNIX, SocketType.STREAM);
        SyscallException e = assertThrows(SyscallException.class,
                () -> sockets.connect(c, UnixDomainSocketAddress.of(dir.resolve("none.sock"))));
        assertEquals("connect: no such file or directory", e.getMessage());
    }

    // ---- options ----

    @Test
    void optionsRoundTrip() throws Exception {
        Handle h = socket(Family.INET, SocketType.STREAM);
        roundTrip(h, StandardSocketOptions.SO_REUSEADDR, true, false);
        roundTrip(h, StandardSocketOptions.SO_REUSEPORT, true, false);
        roundTrip(h, StandardSocketOptions.SO_KEEPALIVE, true, false);
        roundTrip(h, StandardSocketOptions.TCP_NODELAY, true, false);
        roundTrip(h, StandardSocketOptions.SO_LINGER, 7, 0, -1);
        roundTrip(h, ExtendedSocketOptions.TCP_KEEPIDLE, 30, 15);
        roundTrip(h, ExtendedSocketOptions.TCP_KEEPINTERVAL, 5, 9);
        roundTrip(h, ExtendedSocketOptions.TCP_KEEPCOUNT, 3, 8);
        sockets.setOption(h, StandardSocketOptions.SO_RCVBUF, 65536);
        assertTrue(sockets.getOption(h, StandardSocketOptions.SO_RCVBUF) >= 65536);
        sockets.setOption(h, StandardSocketOptions.SO_SNDBUF, 65536);
        assertTrue(sockets.getOption(h, StandardSocketOptions.SO_SNDBUF) >= 65536);

        Handle u = socket(Family.INET, SocketType.DATAGRAM);
        roundTrip(u, StandardSocketOptions.SO_BROADCAST, true, false);
        Handle v6 = socket(Family.INET6, SocketType.STREAM);
        roundTrip(v6, NetpollSocketOptions.IPV6_V6ONLY, true, false);
    }

    @SafeVarargs
    private <V> void roundTrip(Handle h, SocketOption<V> option, V... values) throws IOException {
        for (V v : values) {
            sockets.setOption(h, option, v);
            assertEquals(v, sockets.getOption(h, option), option.name());
        }
    }

    @Test
    void badOptionsAreClearErrors() throws Exception {
        Handle h = socket(Family.INET, SocketType.STREAM);
        UnsupportedOperationException u = assertThrows(UnsupportedOperationException.class,
                () -> sockets.setOption(h, StandardSocketOptions.IP_TOS, 4));
        assertEquals("socket option IP_TOS is not supported by the test provider", u.getMessage());
        assertThrows(IllegalArgumentException.class, () -> sockets.setOption(h, StandardSocketOptions.TCP_NODELAY, null));
        SyscallException e = assertThrows(SyscallException.class,
                () -> sockets.setOption(h, ExtendedSocketOptions.TCP_KEEPIDLE, -5));
        assertEquals("setsockopt: invalid argument", e.getMessage());
    }

    // ---- closing ----

    @Test
    void closeIsOnceAndLaterCallsSeeABadDescriptor() throws Exception {
        Handle h = sockets.socket(Family.INET, SocketType.STREAM);
        sockets.close(h);
        assertEquals(-1, ((PosixHandle) h).fd());
        SyscallException twice = assertThrows(SyscallException.class, () -> sockets.close(h));
        assertEquals("close: bad file descriptor", twice.getMessage());
        SyscallException read = assertThrows(SyscallException.class, () -> sockets.read(h, ByteBuffer.allocate(1)));
        assertEquals("read: bad file descriptor", read.getMessage());
    }

    @Test
    void foreignHandlesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> sockets.read(new Handle() { }, ByteBuffer.allocate(1)));
    }

    @Test
    void listenBacklogIsCappedNotRejected() throws Exception {
        Handle l = socket(Family.INET, SocketType.STREAM);
        sockets.bind(l, new InetSocketAddress(LOOPBACK, 0));
        sockets.listen(l, Integer.MAX_VALUE);
        Handle[] p = connectedPair(Family.INET, l);
        assertNotNull(p[1]);
    }

    @Test
    void notConnectedPeerIsNull() throws Exception {
        Handle h = socket(Family.INET, SocketType.STREAM);
        assertNull(sockets.remoteAddress(h));
        SyscallException e = assertThrows(SyscallException.class, () -> sockets.shutdown(h, true, true));
        assertEquals("shutdown: transport endpoint is not connected", e.getMessage());
    }
}
