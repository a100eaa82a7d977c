// The peers Go's tests never need: another provider in the same process, and the JDK's own sockets.
package io.netpoll.tck;

import io.netpoll.net.Conn;
import io.netpoll.net.Dialer;
import io.netpoll.net.ListenConfig;
import io.netpoll.net.Listener;
import io.netpoll.net.PacketConn;
import io.netpoll.net.TCPConn;
import io.netpoll.net.UDPConn;
import io.netpoll.net.UnixConn;
import io.netpoll.spi.Family;
import io.netpoll.spi.NetpollProvider;
import io.netpoll.spi.SocketType;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * Interoperation: a server on one provider and a client on another, in one process (through
 * {@link ListenConfig.Builder#provider} and {@link Dialer.Builder#provider}), over every ordered pair
 * of the providers available here, for TCP, UDP, Unix streams and Unix datagrams; and the JDK's own
 * sockets ({@code java.net.Socket}/{@code ServerSocket}, NIO channels) as the peer of each provider.
 * Bytes arrive whole and in order both ways, and end of stream crosses over.
 */
public abstract class InteropSuite extends ProviderSuite {

    /** For the one-line subclass that runs this suite on a provider. */
    protected InteropSuite() {
    }

    @RegisterExtension
    static final AllProviders ALL = new AllProviders();

    private static final int SIZE = 256 << 10;

    /** Every (server, client) pair of available providers, on either kind of thread. */
    static Stream<Arguments> pairs() {
        List<Arguments> out = new ArrayList<>();
        for (NetpollProvider server : ALL.providers()) {
            for (NetpollProvider client : ALL.providers()) {
                for (ThreadKind kind : ThreadKind.values()) {
                    out.add(Arguments.of(server.name(), client.name(), kind));
                }
            }
        }
        return out.stream();
    }

    /** Every available provider, on either kind of thread. */
    static Stream<Arguments> providers() {
        List<Arguments> out = new ArrayList<>();
        for (NetpollProvider p : ALL.providers()) {
            for (ThreadKind kind : ThreadKind.values()) {
                out.add(Arguments.of(p.name(), kind));
            }
        }
        return out.stream();
    }

    private static NetpollProvider provider(String name) {
        return ALL.providers().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    private static ListenConfig on(String name) {
        return ListenConfig.builder().provider(provider(name)).build();
    }

    private static Dialer from(String name) {
        return Dialer.builder().provider(provider(name)).build();
    }

    private static byte[] random(long seed) {
        byte[] b = new byte[SIZE];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Sends {@code data} on {@code c}, then closeWrite; reads everything back until end of stream. */
    private static void roundTrip(ThreadKind kind, Conn c, CloseWrite closeWrite) throws IOException {
        byte[] data = random(c.hashCode());
        Task<byte[]> reader = Task.call(kind, () -> {
            byte[] got = new byte[data.length];
            assertEquals(true, IO.readFull(c, got));
            assertEquals(-1, c.read(new byte[1]), "end of stream did not cross over");
            return got;
        });
        c.write(data);
        closeWrite.close(c);
        assertArrayEquals(data, reader.get(Duration.ofSeconds(60)));
    }

    /** Accepts one connection and echoes it until end of stream, then ends its own writing. */
    private static Task<Long> echoServer(ThreadKind kind, Listener ln, CloseWrite closeWrite) {
        return Task.call(kind, () -> {
            try (Conn s = ln.accept()) {
                long n = IO.copy(IO.to(s), IO.from(s));
                closeWrite.close(s);
                return n;
            }
        });
    }

    @FunctionalInterface
    private interface CloseWrite {
        void close(Conn c) throws IOException;
    }

    /**
     * TCP between two providers: an echo of 256 KiB, and end of stream both ways.
     *
     * @param server the name of the provider that listens
     * @param client the name of the provider that dials
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest(name = "{0} server, {1} client, {2}")
    @MethodSource("pairs")
    @Timeout(value = 120, threadMode = SEPARATE_THREAD)
    public void tcp(String server, String client, ThreadKind kind) throws IOException {
        try (Listener ln = on(server).listen("tcp", "127.0.0.1:0")) {
            Task<Long> echo = echoServer(kind, ln, c -> ((TCPConn) c).closeWrite());
            try (TCPConn c = (TCPConn) from(client).dial("tcp", Tcp.address(ln))) {
                roundTrip(kind, c, x -> ((TCPConn) x).closeWrite());
            }
            assertEquals(SIZE, echo.get(Duration.ofSeconds(60)));
        }
    }

    /**
     * UDP between two providers: datagrams each way, the sender named as it is.
     *
     * @param server the name of the provider that listens
     * @param client the name of the provider that dials
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest(name = "{0} server, {1} client, {2}")
    @MethodSource("pairs")
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void udp(String server, String client, ThreadKind kind) throws IOException {
        try (UDPConn s = (UDPConn) on(server).listenPacket("udp", "127.0.0.1:0");
             UDPConn c = (UDPConn) from(client).dial("udp", GoText.addr(s.localAddr()))) {
            Task<Integer> echo = Task.call(kind, () -> {
                int n = 0;
                for (int i = 0; i < 3; i++) {
                    s.setReadDeadline(Instant.now().plusSeconds(10));
                    ByteBuffer b = ByteBuffer.allocate(2048);
                    SocketAddress from = s.readFrom(b);
                    assertEquals(c.localAddr(), from);
                    b.flip();
                    n += s.writeTo(b, from);
                }
                return n;
            });
            for (int i = 0; i < 3; i++) {
                byte[] d = new byte[1000 + i];
                new Random(i).nextBytes(d);
                c.write(d);
                c.setReadDeadline(Instant.now().plusSeconds(10));
                byte[] r = new byte[2048];
                int n = c.read(r);
                assertArrayEquals(d, Arrays.copyOf(r, n));
            }
            assertEquals(3003, echo.get());
        }
    }

    private static boolean both(String a, String b, SocketType type) {
        return provider(a).sockets().supports(Family.UNIX, type) && provider(b).sockets().supports(Family.UNIX, type);
    }

    /**
     * Unix streams between two providers.
     *
     * @param server the name of the provider that listens
     * @param client the name of the provider that dials
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest(name = "{0} server, {1} client, {2}")
    @MethodSource("pairs")
    @Timeout(value = 120, threadMode = SEPARATE_THREAD)
    public void unix(String server, String client, ThreadKind kind) throws IOException {
        assumeTrue(both(server, client, SocketType.STREAM), "a provider has no Unix streams");
        try (Unix tmp = Unix.tempDir(); Listener ln = on(server).listen("unix", tmp.path())) {
            Task<Long> echo = echoServer(kind, ln, c -> ((UnixConn) c).closeWrite());
            try (UnixConn c = (UnixConn) from(client).dial("unix", GoText.addr(ln.addr()))) {
                roundTrip(kind, c, x -> ((UnixConn) x).closeWrite());
            }
            assertEquals(SIZE, echo.get(Duration.ofSeconds(60)));
        }
    }

    /**
     * Unix datagrams between two providers that have them.
     *
     * @param server the name of the provider that listens
     * @param client the name of the provider that dials
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest(name = "{0} server, {1} client, {2}")
    @MethodSource("pairs")
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void unixgram(String server, String client, ThreadKind kind) throws IOException {
        assumeTrue(both(server, client, SocketType.DATAGRAM), "a provider has no Unix datagrams");
        try (Unix tmp = Unix.tempDir(); PacketConn s = on(server).listenPacket("unixgram", tmp.path());
             UnixConn c = (UnixConn) Dialer.builder().provider(provider(client)).localAddr(UnixDomainSocketAddress.of(tmp.path()))
                     .build().dial("unixgram", GoText.addr(s.localAddr()))) {
            Task<SocketAddress> echo = Task.call(kind, () -> {
                s.setReadDeadline(Instant.now().plusSeconds(10));
                ByteBuffer b = ByteBuffer.allocate(64);
                SocketAddress from = s.readFrom(b);
                b.flip();
                s.writeTo(b, from);
                return from;
            });
            c.write(new byte[] {1, 2, 3});
            c.setReadDeadline(Instant.now().plusSeconds(10));
            byte[] r = new byte[8];
            assertEquals(3, c.read(r));
            assertEquals(c.localAddr(), echo.get());
        }
    }

    /**
     * java.net.ServerSocket as the server, each provider as the client.
     *
     * @param client the name of the provider that dials
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("providers")
    @Timeout(value = 120, threadMode = SEPARATE_THREAD)
    public void javaNetServer(String client, ThreadKind kind) throws IOException {
        try (ServerSocket ss = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Task<Long> echo = Task.call(ThreadKind.PLATFORM, () -> {
                try (Socket s = ss.accept()) {
                    long n = s.getInputStream().transferTo(s.getOutputStream());
                    s.shutdownOutput();
                    return n;
                }
            });
            try (TCPConn c = (TCPConn) from(client).dial("tcp", GoText.addr(ss.getLocalSocketAddress()))) {
                roundTrip(kind, c, x -> ((TCPConn) x).closeWrite());
            }
            assertEquals(SIZE, echo.get(Duration.ofSeconds(60)));
        }
    }

    /**
     * Each provider as the server, java.net.Socket as the client.
     *
     * @param server the name of the provider that listens
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("providers")
    @Timeout(value = 120, threadMode = SEPARATE_THREAD)
    public void javaNetClient(String server, ThreadKind kind) throws IOException {
        try (Listener ln = on(server).listen("tcp", "127.0.0.1:0")) {
            Task<Long> echo = echoServer(kind, ln, c -> ((TCPConn) c).closeWrite());
            try (Socket s = new Socket()) {
                s.connect(ln.addr(), 10_000);
                s.setSoTimeout(60_000);
                byte[] data = random(7);
                Task<byte[]> reader = Task.call(ThreadKind.PLATFORM, () -> {
                    InputStream in = s.getInputStream();
                    byte[] got = in.readNBytes(data.length);
                    assertEquals(-1, in.read());
                    return got;
                });
                OutputStream out = s.getOutputStream();
                out.write(data);
                s.shutdownOutput();
                assertArrayEquals(data, reader.get(Duration.ofSeconds(60)));
            }
            assertEquals(SIZE, echo.get(Duration.ofSeconds(60)));
        }
    }

    /**
     * The JDK's DatagramChannel as a UDP peer of each provider.
     *
     * @param name the name of the provider under test
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("providers")
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void jdkDatagramPeer(String name, ThreadKind kind) throws IOException {
        try (UDPConn s = (UDPConn) on(name).listenPacket("udp", "127.0.0.1:0");
             DatagramChannel jdk = DatagramChannel.open()) {
            jdk.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            Task<SocketAddress> echo = Task.call(kind, () -> {
                s.setReadDeadline(Instant.now().plusSeconds(10));
                ByteBuffer b = ByteBuffer.allocate(64);
                SocketAddress from = s.readFrom(b);
                b.flip();
                s.writeTo(b, from);
                return from;
            });
            jdk.send(ByteBuffer.wrap(new byte[] {4, 5, 6}), s.localAddr());
            ByteBuffer r = ByteBuffer.allocate(8);
            assertEquals(s.localAddr(), jdk.receive(r));
            assertEquals(3, r.position());
            assertEquals(jdk.getLocalAddress(), echo.get());
        }
    }

    /**
     * The JDK's Unix SocketChannel as the client of each provider's Unix listener.
     *
     * @param server the name of the provider that listens
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("providers")
    @Timeout(value = 120, threadMode = SEPARATE_THREAD)
    public void jdkUnixClient(String server, ThreadKind kind) throws IOException {
        assumeTrue(provider(server).sockets().supports(Family.UNIX, SocketType.STREAM), "no Unix streams");
        try (Unix tmp = Unix.tempDir(); Listener ln = on(server).listen("unix", tmp.path())) {
            Task<Long> echo = echoServer(kind, ln, c -> ((UnixConn) c).closeWrite());
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(ln.addr());
                byte[] data = random(9);
                Task<byte[]> reader = Task.call(ThreadKind.PLATFORM, () -> {
                    ByteBuffer got = ByteBuffer.allocate(data.length);
                    while (got.hasRemaining() && ch.read(got) >= 0) {
                        // read until full
                    }
                    assertEquals(-1, ch.read(ByteBuffer.allocate(1)));
                    return got.array();
                });
                ByteBuffer src = ByteBuffer.wrap(data);
                while (src.hasRemaining()) {
                    ch.write(src);
                }
                ch.shutdownOutput();
                assertArrayEquals(data, reader.get(Duration.ofSeconds(60)));
            }
            assertEquals(SIZE, echo.get(Duration.ofSeconds(60)));
        }
    }
}
