// Ports Go's src/net/udpsock_test.go and the UDP half of server_test.go and listen_test.go.
package io.netpoll.tck;

import io.netpoll.Netpoll;
import io.netpoll.net.Conn;
import io.netpoll.net.Dialer;
import io.netpoll.net.ListenConfig;
import io.netpoll.net.Net;
import io.netpoll.net.NetError;
import io.netpoll.net.PacketConn;
import io.netpoll.net.RawConn;
import io.netpoll.net.UDPConn;
import io.netpoll.spi.Family;
import io.netpoll.spi.Handle;
import io.netpoll.spi.NetpollSocketOptions;
import io.netpoll.spi.SocketType;
import io.netpoll.spi.Sockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.netpoll.tck.Expect.CLOSED;
import static io.netpoll.tck.Expect.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * UDP (section G of the catalogue): connected and unconnected sockets and what each may write,
 * addresses, empty datagrams and empty buffers, truncation, deadlines, close and interrupt while
 * blocked, echo across every address combination Go tries, IPv4-mapped peers of a dual-stack socket,
 * and the options Go sets on every UDP socket (SO_BROADCAST; IPV6_V6ONLY as the family choice says).
 */
public abstract class UdpSuite extends ProviderSuite {

    /** For the one-line subclass that runs this suite on a provider. */
    protected UdpSuite() {
    }

    private static UDPConn listen(String network, String address) throws IOException {
        return (UDPConn) Net.listenPacket(network, address);
    }

    private static UDPConn dial(String network, SocketAddress to) throws IOException {
        return (UDPConn) Net.dial(network, GoText.addr(to));
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(ByteBuffer b) {
        b.flip();
        return StandardCharsets.UTF_8.decode(b).toString();
    }

    private static int port(SocketAddress a) {
        return ((InetSocketAddress) a).getPort();
    }

    /**
     * Go's TestUDPConnLocalAndRemoteNames (G2): a bound socket reports its real port; one from
     * listenPacket has no remote address, a dialed one has the address it dialed.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void localAndRemoteNames() throws IOException {
        try (UDPConn ln = listen("udp", "127.0.0.1:0");
             UDPConn c = dial("udp", ln.localAddr())) {
            assertNotEquals(0, port(ln.localAddr()), "listenPacket reports port 0");
            assertNull(ln.remoteAddr(), "an unconnected socket has a remote address");
            assertEquals(ln.localAddr(), c.remoteAddr());
            assertNotEquals(0, port(c.localAddr()), "a dialed socket reports port 0");
            assertEquals(InetAddress.getByName("127.0.0.1"), ((InetSocketAddress) c.localAddr()).getAddress());
        }
    }

    /**
     * Go's TestWriteToUDP (G1): a connected socket refuses WriteTo, with or without its own peer's
     * address, and takes Write; an unconnected one takes WriteTo and refuses Write (no destination),
     * and refuses a destination of another network's kind (EINVAL).
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void writeToConnectedAndUnconnected() throws IOException {
        try (UDPConn ln = listen("udp", "127.0.0.1:0");
             UDPConn c = dial("udp", ln.localAddr())) {
            for (SocketAddress to : List.of(ln.localAddr(), new InetSocketAddress(InetAddress.getLoopbackAddress(), 9))) {
                IOException e = assertThrows(IOException.class, () -> c.writeTo(bytes("x"), to));
                Expect.netError(e, IOException.class, GoText.opError("write", "udp", c.localAddr(), to,
                        "use of WriteTo with pre-connected connection"));
                Expect.op(e, "write", "udp");
            }
            assertEquals(5, c.write(bytes("hello")));
            ByteBuffer b = ByteBuffer.allocate(16);
            ln.setReadDeadline(Instant.now().plusSeconds(10));
            assertEquals(c.localAddr(), ln.readFrom(b), "the sender of a connected socket's datagram");
            assertEquals("hello", text(b));

            assertEquals(3, ln.writeTo(bytes("bye"), c.localAddr()));
            byte[] r = new byte[16];
            c.setReadDeadline(Instant.now().plusSeconds(10));
            assertEquals(3, c.read(r));
            assertEquals("bye", new String(r, 0, 3, StandardCharsets.UTF_8));

            Expect.netError(assertThrows(IOException.class, () -> ln.write(bytes("x"))), IOException.class,
                    GoText.opError("write", "udp", ln.localAddr(), null, "write: destination address required"));
            SocketAddress unix = UnixDomainSocketAddress.of("/nonexistent");
            Expect.netError(assertThrows(IOException.class, () -> ln.writeTo(bytes("x"), unix)), IOException.class,
                    GoText.opError("write", "udp", ln.localAddr(), unix, "invalid argument"));
            Expect.netError(assertThrows(IOException.class, () -> ln.writeTo(bytes("x"), null)), IOException.class,
                    GoText.opError("write", "udp", ln.localAddr(), null, "invalid argument"));
        }
        // An IPv4 socket cannot send to an IPv6 address: Go's AddrError "non-IPv4 address".
        try (UDPConn v4 = listen("udp4", "127.0.0.1:0")) {
            SocketAddress v6 = new InetSocketAddress(InetAddress.getByName("::1"), 9);
            Expect.netError(assertThrows(IOException.class, () -> v4.writeTo(bytes("x"), v6)), IOException.class,
                    GoText.opError("write", "udp4", v4.localAddr(), v6, "address ::1: non-IPv4 address"));
        }
    }

    /**
     * Go's TestUDPZeroBytePayload (G3): an empty datagram is sent (WriteTo returns 0) and read as
     * 0 bytes with no error, by ReadFrom and by the generic Read alike.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void zeroBytePayload() throws IOException {
        try (UDPConn c = listen("udp", "127.0.0.1:0")) {
            for (boolean genericRead : new boolean[] {false, true}) {
                assertEquals(0, c.writeTo(ByteBuffer.allocate(0), c.localAddr()));
                c.setReadDeadline(Instant.now().plusSeconds(30));
                if (genericRead) {
                    assertEquals(0, c.read(new byte[1]), "Read of an empty datagram");
                } else {
                    ByteBuffer b = ByteBuffer.allocate(1);
                    assertEquals(c.localAddr(), c.readFrom(b), "the sender of an empty datagram");
                    assertEquals(0, b.position(), "ReadFrom of an empty datagram");
                }
            }
        }
    }

    /**
     * Go's TestUDPZeroByteBuffer (G4): ReadFrom into an empty buffer takes a datagram (its sender is
     * returned, nothing else happens); Read into an empty buffer returns 0 at once and takes nothing.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void zeroByteBuffer() throws IOException {
        try (UDPConn c = listen("udp", "127.0.0.1:0")) {
            byte[] b = new byte[25];
            c.writeTo(ByteBuffer.wrap(b), c.localAddr());
            c.setReadDeadline(Instant.now().plusSeconds(30));
            assertEquals(c.localAddr(), c.readFrom(ByteBuffer.allocate(0)), "ReadFrom into an empty buffer");
            c.setReadDeadline(Instant.now().plusMillis(100));
            Expect.deadlineExceeded(assertThrows(IOException.class, () -> c.readFrom(ByteBuffer.allocate(25))),
                    GoText.opError("read", "udp", c.localAddr(), null, TIMEOUT));

            c.writeTo(ByteBuffer.wrap(b), c.localAddr());
            assertEquals(0, c.read(new byte[0]), "Read into an empty buffer");
            c.setReadDeadline(Instant.now().plusSeconds(30));
            ByteBuffer all = ByteBuffer.allocate(25);
            assertEquals(c.localAddr(), c.readFrom(all));
            assertEquals(25, all.position(), "the empty Read took the datagram");
        }
    }

    /**
     * Go's TestUDPReadSizeError (G5): a datagram longer than the buffer fills it, silently, and the
     * rest is dropped; both ReadFrom and Read.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void readSizeTruncates() throws IOException {
        try (UDPConn c1 = listen("udp", "127.0.0.1:0");
             UDPConn c2 = dial("udp", c1.localAddr())) {
            byte[] b1 = new byte[20];
            for (int i = 0; i < b1.length; i++) {
                b1[i] = (byte) 'a';
            }
            for (boolean genericRead : new boolean[] {false, true}) {
                assertEquals(20, c2.write(b1));
                c1.setReadDeadline(Instant.now().plusSeconds(30));
                byte[] b2 = new byte[19];
                int n;
                if (genericRead) {
                    n = c1.read(b2);
                } else {
                    ByteBuffer bb = ByteBuffer.wrap(b2);
                    c1.readFrom(bb);
                    n = bb.position();
                }
                assertEquals(19, n);
                assertArrayEquals(Arrays.copyOf(b1, 19), b2);
                // The rest of the datagram is gone: nothing more to read.
                c1.setReadDeadline(Instant.now().plusMillis(100));
                Expect.deadlineExceeded(assertThrows(IOException.class, () -> c1.read(new byte[20])),
                        GoText.opError("read", "udp", c1.localAddr(), null, TIMEOUT));
            }
        }
    }

    /**
     * A heap buffer larger than 64 KiB costs no direct memory per call: 300 reads into a 1 MiB array
     * that would block (each ended by its deadline) and 30 that receive a datagram leave the JDK's
     * direct memory within a few MiB of where it was (a copy per call would take 300 MiB, or fail with
     * OutOfMemoryError under a small -XX:MaxDirectMemorySize).
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void largeHeapBuffersCostNoDirectMemoryPerCall() throws IOException {
        BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct")).findFirst().orElseThrow();
        try (UDPConn c = listen("udp", "127.0.0.1:0")) {
            byte[] big = new byte[1 << 20];
            c.writeTo(ByteBuffer.wrap(big, 0, 1000), c.localAddr());
            c.setReadDeadline(Instant.now().plusSeconds(30));
            c.readFrom(ByteBuffer.wrap(big)); // the first large read may set up what later ones reuse
            long before = direct.getMemoryUsed();
            for (int i = 0; i < 300; i++) {
                c.setReadDeadline(Instant.now().plusMillis(5));
                Expect.deadlineExceeded(assertThrows(IOException.class, () -> c.readFrom(ByteBuffer.wrap(big))),
                        GoText.opError("read", "udp", c.localAddr(), null, TIMEOUT));
            }
            for (int i = 0; i < 30; i++) {
                c.writeTo(ByteBuffer.wrap(big, 0, 1000 + i), c.localAddr());
                c.setReadDeadline(Instant.now().plusSeconds(30));
                ByteBuffer dst = ByteBuffer.wrap(big);
                assertEquals(c.localAddr(), c.readFrom(dst));
                assertEquals(1000 + i, dst.position());
            }
            long grown = direct.getMemoryUsed() - before;
            assertTrue(grown < 16 << 20, "330 reads into a 1 MiB heap array grew direct memory by " + grown + " bytes");
        }
    }

    /**
     * Go's TestUDPReadTimeout (G6): a deadline of now fails ReadFrom at once with a timeout, reading
     * nothing.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void readTimeoutNow() throws IOException {
        try (UDPConn c = listen("udp", "127.0.0.1:0")) {
            c.writeTo(bytes("pending"), c.localAddr());
            c.setDeadline(Instant.now());
            ByteBuffer b = ByteBuffer.allocate(16);
            Expect.deadlineExceeded(assertThrows(IOException.class, () -> c.readFrom(b)),
                    GoText.opError("read", "udp", c.localAddr(), null, TIMEOUT));
            assertEquals(0, b.position(), "a timed-out ReadFrom read something");
        }
    }

    /**
     * A deadline set before a ReadFrom that waits fires on time, not early, on either kind of thread;
     * the socket stays usable.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void readFromDeadlineWhileBlocked(ThreadKind kind) throws IOException {
        try (UDPConn c = listen("udp", "127.0.0.1:0")) {
            Duration d = Duration.ofMillis(50);
            Task<Long> read = Task.call(kind, () -> {
                long t0 = System.nanoTime(); // before the deadline is taken, so "not before" is exact
                c.setReadDeadline(Instant.now().plus(d));
                IOException e = assertThrows(IOException.class, () -> c.readFrom(ByteBuffer.allocate(8)));
                Expect.deadlineExceeded(e, GoText.opError("read", "udp", c.localAddr(), null, TIMEOUT));
                return t0;
            });
            long t0 = read.get();
            Timing.assertNotBefore(t0, read.finishedAt(), d, "ReadFrom");
            Timing.assertNotLate(t0, read.finishedAt(), d, "ReadFrom");
            c.setReadDeadline(null);
            c.writeTo(bytes("ok"), c.localAddr());
            ByteBuffer b = ByteBuffer.allocate(8);
            c.readFrom(b);
            assertEquals("ok", text(b));
        }
    }

    /**
     * A write deadline in the past fails WriteTo before it sends anything.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void writeToPastDeadline() throws IOException {
        try (UDPConn c = listen("udp", "127.0.0.1:0")) {
            c.setWriteDeadline(Timing.A_LONG_TIME_AGO);
            Expect.deadlineExceeded(assertThrows(IOException.class, () -> c.writeTo(bytes("x"), c.localAddr())),
                    GoText.opError("write", "udp", c.localAddr(), c.localAddr(), TIMEOUT));
            c.setReadDeadline(Instant.now().plusMillis(100));
            assertThrows(SocketTimeoutException.class, () -> c.readFrom(ByteBuffer.allocate(8)), "a datagram was sent");
        }
    }

    /**
     * Close while ReadFrom waits: the reader fails with "use of closed network connection" as an
     * AsynchronousCloseException, at once.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void closeWhileBlockedInReadFrom(ThreadKind kind) throws IOException {
        UDPConn c = listen("udp", "127.0.0.1:0");
        SocketAddress la = c.localAddr();
        Task<SocketAddress> read = Task.call(kind, () -> c.readFrom(ByteBuffer.allocate(8)));
        read.awaitParked();
        c.close();
        Expect.closedWhileBlocked(read.failure(), GoText.opError("read", "udp", la, null, CLOSED));
        Expect.closedBefore(assertThrows(IOException.class, () -> c.readFrom(ByteBuffer.allocate(8))),
                GoText.opError("read", "udp", la, null, CLOSED));
    }

    /**
     * DESIGN: a thread interrupted while ReadFrom waits closes the socket and gets
     * ClosedByInterruptException; its interrupt status stays set.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void interruptWhileBlockedInReadFrom(ThreadKind kind) throws IOException {
        try (UDPConn c = listen("udp", "127.0.0.1:0")) {
            Task<Boolean> read = Task.call(kind, () -> {
                IOException e = assertThrows(IOException.class, () -> c.readFrom(ByteBuffer.allocate(8)));
                assertInstanceOf(ClosedByInterruptException.class, e);
                Expect.op(e, "read", "udp");
                return Thread.currentThread().isInterrupted();
            });
            read.awaitParked();
            read.thread().interrupt();
            assertTrue(read.get(), "the interrupt status was cleared");
            assertFalse(c.isOpen(), "the interrupt did not close the socket");
        }
    }

    /**
     * Go's TestUDPServer (G7, server_test.go): a datagram echo between a server on each address Go
     * lists and a client dialing the target; the echo goes back to the sender ReadFrom named.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void echoAcrossAddresses(ThreadKind kind) {
        String[][] tests = {
                {"udp", ":0", "udp", "127.0.0.1"}, {"udp", "0.0.0.0:0", "udp", "127.0.0.1"},
                {"udp", "[::ffff:0.0.0.0]:0", "udp", "127.0.0.1"}, {"udp", "[::]:0", "udp", "::1"},
                {"udp", ":0", "udp", "::1"}, {"udp", "0.0.0.0:0", "udp", "::1"},
                {"udp", "[::ffff:0.0.0.0]:0", "udp", "::1"}, {"udp", "[::]:0", "udp", "127.0.0.1"},
                {"udp", "127.0.0.1:0", "udp", "127.0.0.1"}, {"udp", "[::ffff:127.0.0.1]:0", "udp", "127.0.0.1"},
                {"udp", "[::1]:0", "udp", "::1"},
                {"udp4", ":0", "udp4", "127.0.0.1"}, {"udp4", "0.0.0.0:0", "udp4", "127.0.0.1"},
                {"udp4", "[::ffff:0.0.0.0]:0", "udp4", "127.0.0.1"}, {"udp4", "127.0.0.1:0", "udp4", "127.0.0.1"},
                {"udp6", ":0", "udp6", "::1"}, {"udp6", "[::]:0", "udp6", "::1"}, {"udp6", "[::1]:0", "udp6", "::1"},
        };
        boolean ipv6 = Tcp.ipv6Loopback();
        Rows rows = new Rows();
        for (String[] tt : tests) {
            if (!ipv6 && (tt[0].equals("udp6") || tt[3].equals("::1") || tt[1].startsWith("[::]"))) {
                continue;
            }
            rows.run(tt[0] + " " + tt[1] + " <- " + tt[2] + " " + tt[3], () -> echo(kind, tt[0], tt[1], tt[2], tt[3]));
        }
        rows.verify();
    }

    private static void echo(ThreadKind kind, String snet, String saddr, String tnet, String taddr) throws IOException {
        try (UDPConn server = listen(snet, saddr)) {
            Task<SocketAddress> echo = Task.call(kind, () -> {
                server.setReadDeadline(Instant.now().plusSeconds(10));
                ByteBuffer b = ByteBuffer.allocate(64);
                SocketAddress from = server.readFrom(b);
                b.flip();
                server.writeTo(b, from);
                return from;
            });
            String port = Integer.toString(port(server.localAddr()));
            try (UDPConn c = (UDPConn) Net.dial(tnet, GoText.joinHostPort(taddr, port))) {
                c.write(bytes("UDP SERVER TEST"));
                c.setReadDeadline(Instant.now().plusSeconds(10));
                byte[] r = new byte[64];
                int n = c.read(r);
                assertEquals("UDP SERVER TEST", new String(r, 0, n, StandardCharsets.UTF_8));
                assertEquals(c.localAddr(), echo.get(), "the sender the server saw");
            }
        }
    }

    /**
     * IPv4-mapped peers (issue 4): a "udp" wildcard socket is one dual-stack IPv6 socket; a datagram
     * from an IPv4 client is reported from the client's plain IPv4 address (as Go prints it), and
     * writing to a plain IPv4 address from that socket reaches it.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void ipv4MappedPeersOfADualStackSocket() throws IOException {
        assumeTrue(Tcp.ipv6Loopback(), "needs IPv6");
        try (UDPConn server = listen("udp", ":0");
             UDPConn c = (UDPConn) Net.dial("udp4", "127.0.0.1:" + port(server.localAddr()))) {
            assertEquals("[::]:" + port(server.localAddr()), GoText.addr(server.localAddr()));
            c.write(bytes("mapped"));
            server.setReadDeadline(Instant.now().plusSeconds(10));
            ByteBuffer b = ByteBuffer.allocate(16);
            InetSocketAddress from = (InetSocketAddress) server.readFrom(b);
            assertInstanceOf(Inet4Address.class, from.getAddress(), "sender " + from);
            assertEquals(c.localAddr(), from);
            SocketAddress plain = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), from.getPort());
            server.writeTo(bytes("back"), plain);
            byte[] r = new byte[16];
            c.setReadDeadline(Instant.now().plusSeconds(10));
            assertEquals("back", new String(r, 0, c.read(r), StandardCharsets.UTF_8));
        }
        try (UDPConn c = listen("udp4", "[::ffff:127.0.0.1]:0")) {
            assertEquals(InetAddress.getByName("127.0.0.1"), ((InetSocketAddress) c.localAddr()).getAddress(),
                    "udp4 on an IPv4-mapped literal");
        }
        IOException e = assertThrows(IOException.class, () -> Net.listenPacket("udp6", "127.0.0.1:0"));
        Expect.netError(e, IOException.class, "listen udp6: address 127.0.0.1: no suitable address found");
    }

    /** What a control hook saw: the network, the address, and the options already set. */
    private record Seen(String network, String address, boolean broadcast, boolean v6only) {
    }

    private static Seen seen(String network, String address, RawConn c) throws IOException {
        boolean v6 = network.endsWith("6");
        return new Seen(network, address, c.getOption(StandardSocketOptions.SO_BROADCAST),
                v6 && c.getOption(NetpollSocketOptions.IPV6_V6ONLY));
    }

    /** Whether the provider under test can make an IPv6 socket IPv6-only (the nio provider cannot). */
    static boolean providerSetsV6Only() throws IOException {
        Sockets s = Netpoll.provider().sockets();
        Handle h = s.socket(Family.INET6, SocketType.DATAGRAM);
        try {
            s.setOption(h, NetpollSocketOptions.IPV6_V6ONLY, true);
            return s.getOption(h, NetpollSocketOptions.IPV6_V6ONLY);
        } catch (UnsupportedOperationException e) {
            return false;
        } finally {
            s.close(h);
        }
    }

    /**
     * Go's setDefaultSockopts (issue 4): every UDP socket has SO_BROADCAST on; an IPv6 one has
     * IPV6_V6ONLY on for "udp6" and off for a "udp" dual-stack wildcard, where the provider can set
     * it. A control hook runs after them, sees them, and is told the socket's real network.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void defaultOptions() throws IOException {
        boolean ipv6 = Tcp.ipv6Loopback();
        boolean v6only = providerSetsV6Only();
        List<Seen> seen = new ArrayList<>();
        ListenConfig lc = ListenConfig.builder().control((n, a, c) -> seen.add(seen(n, a, c))).build();
        try (PacketConn c = lc.listenPacket("udp4", "127.0.0.1:0")) {
            assertEquals(List.of(new Seen("udp4", "127.0.0.1:0", true, false)), seen);
            seen.clear();
            Dialer d = Dialer.builder().control((n, a, raw) -> seen.add(seen(n, a, raw))).build();
            try (Conn dialed = d.dial("udp", GoText.addr(c.localAddr()))) {
                assertEquals(List.of(new Seen("udp4", GoText.addr(c.localAddr()), true, false)), seen);
            }
        }
        if (!ipv6) {
            return;
        }
        seen.clear();
        try (PacketConn c = lc.listenPacket("udp6", "[::1]:0")) {
            assertEquals(List.of(new Seen("udp6", "[::1]:0", true, v6only)), seen);
        }
        seen.clear();
        try (PacketConn c = lc.listenPacket("udp", ":0")) {
            assertEquals(List.of(new Seen("udp6", ":0", true, false)), seen, "a udp wildcard is dual-stack IPv6");
        }
    }

    /**
     * Go's TestDualStackUDPListener (E3 for UDP): a second socket on the first's port. "udp" wildcards
     * collide with each other and with either version's wildcard; udp4 and udp6 wildcards coexist where
     * the provider makes udp6 IPv6-only; 127.0.0.1 and ::1 coexist always.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void dualStackUdpListener() throws IOException {
        assumeTrue(Tcp.ipv6Loopback(), "needs IPv6");
        boolean v6only = providerSetsV6Only();
        String[][] tests = {
                {"udp", "", "udp", "", "in use"}, {"udp", "", "udp", "0.0.0.0", "in use"},
                {"udp", "0.0.0.0", "udp", "", "in use"}, {"udp", "", "udp", "::", "in use"},
                {"udp", "::", "udp", "0.0.0.0", "in use"}, {"udp", "", "udp4", "", "in use"},
                {"udp4", "", "udp6", "", v6only ? "" : "in use"}, {"udp6", "::", "udp4", "0.0.0.0", v6only ? "" : "in use"},
                {"udp", "127.0.0.1", "udp", "::1", ""}, {"udp6", "::1", "udp4", "127.0.0.1", ""},
        };
        Rows rows = new Rows();
        for (String[] tt : tests) {
            rows.run(tt[0] + " \"" + tt[1] + "\" then " + tt[2] + " \"" + tt[3] + "\"", () -> {
                // A pair that should coexist may meet a port someone else holds in the other family: retry.
                for (int attempt = 0; ; attempt++) {
                    try (PacketConn c1 = Net.listenPacket(tt[0], GoText.joinHostPort(tt[1], "0"))) {
                        String port = Integer.toString(port(c1.localAddr()));
                        String addr2 = GoText.joinHostPort(tt[3], port);
                        if (tt[4].isEmpty()) {
                            try (PacketConn c2 = Net.listenPacket(tt[2], addr2)) {
                                assertEquals(port(c1.localAddr()), port(c2.localAddr()));
                                return;
                            } catch (BindException e) {
                                if (attempt == 4) {
                                    throw e;
                                }
                            }
                        } else {
                            IOException e = assertThrows(IOException.class, () -> Net.listenPacket(tt[2], addr2).close());
                            assertInstanceOf(BindException.class, e, e.toString());
                            assertTrue(e.getMessage().endsWith(": bind: address already in use"), e.getMessage());
                            Expect.op(e, "listen", tt[2]);
                            return;
                        }
                    }
                }
            });
        }
        rows.verify();
    }

    /**
     * A connected socket hears only its peer: the kernel drops a datagram from anyone else.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void connectedSocketHearsOnlyItsPeer() throws IOException {
        try (UDPConn peer = listen("udp", "127.0.0.1:0");
             UDPConn stranger = listen("udp", "127.0.0.1:0");
             UDPConn c = dial("udp", peer.localAddr())) {
            stranger.writeTo(bytes("stranger"), c.localAddr());
            peer.writeTo(bytes("peer"), c.localAddr());
            c.setReadDeadline(Instant.now().plusSeconds(10));
            byte[] r = new byte[16];
            assertEquals("peer", new String(r, 0, c.read(r), StandardCharsets.UTF_8));
            c.setReadDeadline(Instant.now().plusMillis(100));
            assertThrows(SocketTimeoutException.class, () -> c.read(r), "the stranger's datagram arrived");
        }
    }

    /**
     * An empty Write on a connected socket sends an empty datagram, as Go's does; a provider whose
     * socket layer cannot (java.nio's connected DatagramChannel sends nothing) fails with an error
     * naming itself rather than pretending.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void emptyWriteOnAConnectedSocket() throws IOException {
        try (UDPConn peer = listen("udp", "127.0.0.1:0");
             UDPConn c = dial("udp", peer.localAddr())) {
            int n;
            try {
                n = c.write(new byte[0]);
            } catch (IOException e) {
                assertInstanceOf(NetError.class, e);
                assertTrue(e.getMessage().startsWith(GoText.opError("write", "udp", c.localAddr(), c.remoteAddr(), ""))
                        && e.getMessage().contains("netpoll provider " + Netpoll.provider().name()), e.getMessage());
                return;
            }
            assertEquals(0, n);
            peer.setReadDeadline(Instant.now().plusSeconds(10));
            ByteBuffer b = ByteBuffer.allocate(8);
            assertEquals(c.localAddr(), peer.readFrom(b));
            assertEquals(0, b.position());
        }
    }
}
