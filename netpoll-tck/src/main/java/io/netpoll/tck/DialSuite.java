// Ports Go's src/net/dial_test.go and the dial half of timeout_test.go and listen_test.go (ListenConfig).
package io.netpoll.tck;

import io.netpoll.Netpoll;
import io.netpoll.net.Conn;
import io.netpoll.net.Control;
import io.netpoll.net.Dialer;
import io.netpoll.net.ListenConfig;
import io.netpoll.net.Listener;
import io.netpoll.net.Net;
import io.netpoll.net.NetError;
import io.netpoll.net.PacketConn;
import io.netpoll.net.Resolver;
import io.netpoll.net.TCPConn;
import io.netpoll.net.TCPListener;
import io.netpoll.net.UnixListener;
import io.netpoll.spi.NetpollProvider;
import io.netpoll.spi.NetpollSocketOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.netpoll.tck.Expect.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * Dialing (section D of the catalogue) through {@link Dialer} and {@link ListenConfig}: refused and
 * timed-out dials with Go's errors, expired and saturated timeouts, local addresses, keep-alive
 * defaults, the control hook, SO_REUSEPORT, Happy Eyeballs between 127.0.0.1 and ::1 on one port
 * ("localhost"), and dials ended by an interrupt.
 *
 * <p>A dial that must hang goes to a {@link Blackhole}: a loopback port whose accept queue is full.
 */
public abstract class DialSuite extends ProviderSuite {

    /** For the one-line subclass that runs this suite on a provider. */
    protected DialSuite() {
    }

    private static final String REFUSED = "connect: connection refused";

    private static InetAddress v4() throws IOException {
        return InetAddress.getByName("127.0.0.1");
    }

    private static InetAddress v6() throws IOException {
        return InetAddress.getByName("::1");
    }

    private static int port(SocketAddress a) {
        return ((InetSocketAddress) a).getPort();
    }

    private static String localhost(int port) {
        return "localhost:" + port;
    }

    /**
     * D16/D17: a dial to a loopback port nobody listens on is refused, at once and not as a timeout,
     * with Go's text; a local address given to the dialer is printed as the source.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void refused() throws IOException {
        try (Tcp.ClosedPort closed = Tcp.ClosedPort.open()) {
            int p = closed.port();
            long t0 = System.nanoTime();
            IOException e = assertThrows(IOException.class, () -> Net.dial("tcp", "127.0.0.1:" + p));
            long took = System.nanoTime() - t0;
            Expect.netError(e, ConnectException.class, "dial tcp 127.0.0.1:" + p + ": " + REFUSED);
            assertFalse(((NetError) e).isTimeout());
            assertTrue(took < Timing.LATE.toNanos(), () -> "a refused dial took " + Duration.ofNanos(took));

            Dialer d = Dialer.builder().localAddr(new InetSocketAddress(v4(), 0)).build();
            Expect.netError(assertThrows(IOException.class, () -> d.dial("tcp", "127.0.0.1:" + p)), ConnectException.class,
                    "dial tcp 127.0.0.1:0->127.0.0.1:" + p + ": " + REFUSED);
        }
    }

    /**
     * Go's TestDialTimeout (A1), the expired rows: a timeout or deadline already past fails the dial
     * with "i/o timeout" before it connects, even to a listener that would accept; the most negative
     * values saturate rather than wrap.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void expiredTimeouts() throws IOException {
        Duration min = Duration.ofNanos(Long.MIN_VALUE);
        Object[][] tests = {
                {Duration.ofSeconds(-5), null}, {Duration.ZERO, Duration.ofSeconds(-5)},
                {Duration.ofSeconds(-5), Duration.ofSeconds(5)}, {min, null}, {Duration.ZERO, min},
        };
        try (TCPListener ln = Tcp.listen()) {
            Rows rows = new Rows();
            for (Object[] tt : tests) {
                Duration timeout = (Duration) tt[0];
                Duration offset = (Duration) tt[1];
                rows.run("timeout " + timeout + ", deadline " + offset, () -> {
                    Dialer d = Dialer.builder().timeout(timeout)
                            .deadline(offset == null ? null : Instant.now().plus(offset)).build();
                    IOException e = assertThrows(IOException.class, () -> d.dial("tcp", Tcp.address(ln)).close());
                    Expect.deadlineExceeded(e, "dial tcp " + Tcp.address(ln) + ": " + TIMEOUT);
                    Expect.op(e, "dial", "tcp");
                });
            }
            rows.verify();
        }
    }

    /**
     * Go's TestDialTimeout (A1), a real timeout: a dial to a black hole ends with "i/o timeout" no
     * sooner than its timeout and not much later, on either kind of thread, through Dialer.timeout,
     * Dialer.deadline and Net.dialTimeout alike.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void timeoutAgainstABlackhole(ThreadKind kind) throws IOException {
        Duration d = Duration.ofMillis(200);
        try (Blackhole b = Blackhole.open(v4(), 0)) {
            String addr = GoText.addr(b.address());
            List<Task.Body<Conn>> dials = List.of(
                    () -> Dialer.builder().timeout(d).build().dial("tcp", addr),
                    () -> Dialer.builder().deadline(Instant.now().plus(d)).build().dial("tcp", addr),
                    () -> Net.dialTimeout("tcp", addr, d));
            for (Task.Body<Conn> dial : dials) {
                Task<Long> t = Task.call(kind, () -> {
                    long t0 = System.nanoTime();
                    IOException e = assertThrows(IOException.class, () -> dial.call().close());
                    Expect.deadlineExceeded(e, "dial tcp " + addr + ": " + TIMEOUT);
                    return t0;
                });
                long t0 = t.get();
                // Deadlines are wall-clock instants: allow the wall clock a little slew against nanoTime.
                Timing.assertNotBefore(t0, t.finishedAt(), d.minusMillis(20), "dial");
                Timing.assertNotLate(t0, t.finishedAt(), d, "dial");
            }
        }
    }

    /**
     * Go's TestDialTimeoutMaxDuration (A2): the largest timeout and the farthest deadline saturate
     * instead of wrapping into the past, so the dial succeeds.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void hugeTimeoutsSaturate() throws IOException {
        try (TCPListener ln = Tcp.listen()) {
            for (Dialer d : List.of(Dialer.builder().timeout(Duration.ofNanos(Long.MAX_VALUE)).build(),
                    Dialer.builder().timeout(Duration.ofSeconds(Long.MAX_VALUE)).build(),
                    Dialer.builder().deadline(Instant.MAX).build())) {
                try (Conn c = d.dial("tcp", Tcp.address(ln)); Conn s = ln.accept()) {
                    assertEquals(c.localAddr(), s.remoteAddr());
                }
            }
        }
    }

    /**
     * Go's TestDialerLocalAddr (D6): which local addresses go with which remote ones. A wildcard
     * goes with anything its family can reach; an address of the other version leaves no remote
     * address ("no suitable address found"), or for tcp4 cannot be an IPv4 socket's address at all;
     * an address of another kind is refused ("mismatched local address type").
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void localAddr() throws IOException {
        boolean ipv6 = Tcp.ipv6Loopback();
        try (TCPListener ln4 = (TCPListener) Net.listen("tcp4", "127.0.0.1:0");
             TCPListener ln6 = ipv6 ? (TCPListener) Net.listen("tcp6", "[::1]:0") : null) {
            SocketAddress any4 = new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0);
            SocketAddress any6 = new InetSocketAddress(InetAddress.getByName("::"), 0);
            SocketAddress lo4 = new InetSocketAddress(v4(), 0);
            SocketAddress lo6 = new InetSocketAddress(v6(), 0);
            SocketAddress unix = UnixDomainSocketAddress.of("/nonexistent");
            String noSuitable = "no suitable address found";
            String mismatched = "mismatched local address type";
            List<Object[]> tests = new ArrayList<>(List.of(
                    new Object[] {"tcp4", "127.0.0.1", null, null},
                    new Object[] {"tcp4", "127.0.0.1", any4, null},
                    new Object[] {"tcp4", "127.0.0.1", any6, "dial tcp4 [::]:0->%s: address ::: non-IPv4 address"},
                    new Object[] {"tcp4", "127.0.0.1", lo4, null},
                    new Object[] {"tcp4", "127.0.0.1", lo6, "dial tcp4: address [::1]:0: " + noSuitable},
                    new Object[] {"tcp4", "127.0.0.1", unix, "dial tcp4: address /nonexistent: " + mismatched},
                    new Object[] {"tcp", "127.0.0.1", null, null},
                    new Object[] {"tcp", "127.0.0.1", any4, null},
                    new Object[] {"tcp", "127.0.0.1", lo4, null},
                    new Object[] {"tcp", "127.0.0.1", lo6, "dial tcp: address [::1]:0: " + noSuitable},
                    new Object[] {"tcp", "127.0.0.1", unix, "dial tcp: address /nonexistent: " + mismatched}));
            if (ipv6) {
                tests.addAll(List.of(
                        new Object[] {"tcp", "127.0.0.1", any6, null},
                        new Object[] {"tcp6", "::1", null, null},
                        new Object[] {"tcp6", "::1", any4, null},
                        new Object[] {"tcp6", "::1", any6, null},
                        new Object[] {"tcp6", "::1", lo4, "dial tcp6: address 127.0.0.1:0: " + noSuitable},
                        new Object[] {"tcp6", "::1", lo6, null},
                        new Object[] {"tcp6", "::1", unix, "dial tcp6: address /nonexistent: " + mismatched},
                        new Object[] {"tcp", "::1", null, null},
                        new Object[] {"tcp", "::1", any4, null},
                        new Object[] {"tcp", "::1", any6, null},
                        new Object[] {"tcp", "::1", lo4, "dial tcp: address 127.0.0.1:0: " + noSuitable},
                        new Object[] {"tcp", "::1", lo6, null}));
            }
            Rows rows = new Rows();
            for (Object[] tt : tests) {
                String network = (String) tt[0];
                TCPListener ln = tt[1].equals("127.0.0.1") ? ln4 : ln6;
                SocketAddress laddr = (SocketAddress) tt[2];
                String want = (String) tt[3];
                rows.run(network + " " + laddr + "->" + tt[1], () -> {
                    Dialer d = Dialer.builder().localAddr(laddr).build();
                    String raddr = Tcp.address(ln);
                    if (want != null) {
                        IOException e = assertThrows(IOException.class, () -> d.dial(network, raddr).close());
                        Expect.netError(e, IOException.class, want.formatted(raddr));
                        Expect.op(e, "dial", network);
                        return;
                    }
                    try (Conn c = d.dial(network, raddr); Conn s = ln.accept()) {
                        assertEquals(c.localAddr(), s.remoteAddr());
                        assertEquals(ln.addr(), c.remoteAddr());
                        if (laddr != null && !((InetSocketAddress) laddr).getAddress().isAnyLocalAddress()) {
                            assertEquals(((InetSocketAddress) laddr).getAddress(), ((InetSocketAddress) c.localAddr()).getAddress());
                        }
                    }
                });
            }
            rows.verify();
        }
    }

    /**
     * Go's TestDialerLocalAddr (tcpsock_test.go): a local address with a port is bound as given.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void localAddrWithAPort() throws IOException {
        try (TCPListener ln = Tcp.listen()) {
            for (int attempt = 0; ; attempt++) {
                InetSocketAddress local;
                try (Tcp.ClosedPort free = Tcp.ClosedPort.open()) {
                    local = new InetSocketAddress(v4(), free.port()); // free now; taken again at times, hence the retries
                }
                try (Conn c = Dialer.builder().localAddr(local).build().dial("tcp", Tcp.address(ln)); Conn s = ln.accept()) {
                    assertEquals(local, c.localAddr());
                    assertEquals(local, s.remoteAddr());
                    return;
                } catch (BindException e) {
                    if (attempt == 4) {
                        throw e; // the port was taken again five times over
                    }
                }
            }
        }
    }

    /**
     * Go's TestDialListenerAddr (D11, issue 18806): the address a wildcard listener reports ("[::]:P"
     * or "0.0.0.0:P") can be dialed, as can "[::]:P" on tcp4 (the local system).
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void dialListenerAddr() throws IOException {
        try (Listener ln = Net.listen("tcp", ":0"); Conn c = Net.dial("tcp", GoText.addr(ln.addr())); Conn s = ln.accept()) {
            assertEquals(c.localAddr(), s.remoteAddr());
        }
        try (Listener ln = Net.listen("tcp4", "localhost:0");
             Conn c = Net.dial("tcp4", "[::]:" + port(ln.addr())); Conn s = ln.accept()) {
            assertEquals(c.localAddr(), s.remoteAddr());
        }
    }

    private static final SocketOption<Integer> KEEPIDLE = JdkOptions.integer("TCP_KEEPIDLE");
    private static final SocketOption<Integer> KEEPINTERVAL = JdkOptions.integer("TCP_KEEPINTERVAL");
    private static final SocketOption<Integer> KEEPCOUNT = JdkOptions.integer("TCP_KEEPCOUNT");

    /** SO_KEEPALIVE, and with it on, idle, interval and count. */
    private static List<Object> keepAlive(TCPConn c) throws IOException {
        if (!c.syscallConn().getOption(StandardSocketOptions.SO_KEEPALIVE)) {
            return List.of(false);
        }
        return List.of(true, c.syscallConn().getOption(KEEPIDLE), c.syscallConn().getOption(KEEPINTERVAL),
                c.syscallConn().getOption(KEEPCOUNT));
    }

    /**
     * Go's TestDialerKeepAlive / TestDialTCPDefaultKeepAlive (D7): keep-alive is on by default with
     * Go's timing (15 s idle, 15 s apart, 9 probes); a positive duration is the idle time in whole
     * seconds rounded up; a negative one leaves it off. The same for the connections a listen
     * config accepts.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void keepAlive() throws IOException {
        Object[][] tests = {
                {Duration.ZERO, List.of(true, 15, 15, 9)},
                {Duration.ofSeconds(30), List.of(true, 30, 15, 9)},
                {Duration.ofMillis(1500), List.of(true, 2, 15, 9)},
                {Duration.ofSeconds(-1), List.of(false)},
        };
        Rows rows = new Rows();
        for (Object[] tt : tests) {
            Duration ka = (Duration) tt[0];
            rows.run("keepAlive " + ka, () -> {
                try (TCPListener ln = (TCPListener) ListenConfig.builder().keepAlive(ka).build().listen("tcp", "127.0.0.1:0");
                     TCPConn c = (TCPConn) Dialer.builder().keepAlive(ka).build().dial("tcp", Tcp.address(ln));
                     TCPConn s = ln.accept()) {
                    assertEquals(tt[1], keepAlive(c), "dialed");
                    assertEquals(tt[1], keepAlive(s), "accepted");
                }
            });
        }
        rows.verify();
    }

    /** A control hook's call: the network and address it was told. */
    private record Call(String network, String address) {
    }

    private static Control recording(List<Call> calls) {
        return (network, address, c) -> calls.add(new Call(network, address));
    }

    /**
     * Go's TestDialerControl (D10): the hook runs once per socket, before it connects, told the
     * socket's real network ("tcp4"/"tcp6" for "tcp") and the address dialed; an option it sets is
     * in force on the connection.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void dialerControl() throws IOException {
        List<Call> calls = Collections.synchronizedList(new ArrayList<>());
        Dialer d = Dialer.builder().control(recording(calls)).build();
        try (TCPListener ln = Tcp.listen()) {
            String a = Tcp.address(ln);
            for (String network : new String[] {"tcp", "tcp4"}) {
                calls.clear();
                try (Conn c = d.dial(network, a); Conn s = ln.accept()) {
                    assertEquals(List.of(new Call("tcp4", a)), calls, network);
                }
            }
        }
        if (Tcp.ipv6Loopback()) {
            try (Listener ln = Net.listen("tcp6", "[::1]:0")) {
                String a = GoText.addr(ln.addr());
                for (String network : new String[] {"tcp", "tcp6"}) {
                    calls.clear();
                    try (Conn c = d.dial(network, a); Conn s = ln.accept()) {
                        assertEquals(List.of(new Call("tcp6", a)), calls, network);
                    }
                }
            }
        }
        try (PacketConn pc = Net.listenPacket("udp", "127.0.0.1:0")) {
            calls.clear();
            String a = GoText.addr(pc.localAddr());
            try (Conn c = d.dial("udp", a)) {
                assertEquals(List.of(new Call("udp4", a)), calls);
            }
        }
        try (Unix tmp = Unix.tempDir(); UnixListener ln = (UnixListener) Net.listen("unix", tmp.path())) {
            calls.clear();
            String a = GoText.addr(ln.addr());
            try (Conn c = d.dial("unix", a); Conn s = ln.accept()) {
                assertEquals(List.of(new Call("unix", a)), calls);
            }
        }
    }

    /**
     * D10: a receive buffer the hook sets before connect is the connection's; a hook that throws
     * fails the dial with its error in Go's OpError, and nothing connects.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void dialerControlSetsOptionsAndCanRefuse() throws IOException {
        try (TCPListener ln = Tcp.listen()) {
            int defaultSize;
            try (TCPConn c = (TCPConn) Net.dial("tcp", Tcp.address(ln)); Conn s = ln.accept()) {
                defaultSize = c.syscallConn().getOption(StandardSocketOptions.SO_RCVBUF);
            }
            Dialer small = Dialer.builder()
                    .control((n, a, c) -> c.setOption(StandardSocketOptions.SO_RCVBUF, 4096)).build();
            try (TCPConn c = (TCPConn) small.dial("tcp", Tcp.address(ln)); Conn s = ln.accept()) {
                int size = c.syscallConn().getOption(StandardSocketOptions.SO_RCVBUF);
                assertTrue(size < defaultSize, "SO_RCVBUF " + size + " after the hook set 4096; " + defaultSize + " without");
            }

            Dialer refusing = Dialer.builder().control((n, a, c) -> {
                throw new IOException("not this socket");
            }).build();
            Expect.netError(assertThrows(IOException.class, () -> refusing.dial("tcp", Tcp.address(ln))), IOException.class,
                    "dial tcp " + Tcp.address(ln) + ": not this socket");
            ln.setDeadline(Instant.now().plusMillis(200));
            assertThrows(SocketTimeoutException.class, ln::accept, "a refused socket connected anyway");
        }
    }

    /**
     * listen_test.go's TestListenConfigControl (D10): the hook runs after SO_REUSEADDR and before
     * bind, told the socket's network and the address being bound; one that throws fails the listen.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void listenConfigControl() throws IOException {
        List<Call> calls = new ArrayList<>();
        List<Boolean> reuseAddr = new ArrayList<>();
        ListenConfig lc = ListenConfig.builder().control((n, a, c) -> {
            calls.add(new Call(n, a));
            reuseAddr.add(c.getOption(StandardSocketOptions.SO_REUSEADDR));
        }).build();
        try (Listener ln = lc.listen("tcp", "127.0.0.1:0")) {
            assertEquals(List.of(new Call("tcp4", "127.0.0.1:0")), calls);
            assertEquals(List.of(true), reuseAddr);
        }
        if (Tcp.ipv6Loopback()) {
            // Go's setDefaultSockopts: IPV6_V6ONLY off for the dual-stack "tcp" wildcard, on for
            // "tcp6" where the provider can set it.
            List<Boolean> v6only = new ArrayList<>();
            ListenConfig v6 = ListenConfig.builder().control((n, a, c) -> {
                calls.add(new Call(n, a));
                v6only.add(c.getOption(NetpollSocketOptions.IPV6_V6ONLY));
            }).build();
            calls.clear();
            try (Listener ln = v6.listen("tcp", ":0"); Listener ln6 = v6.listen("tcp6", "[::1]:0")) {
                assertEquals(List.of(new Call("tcp6", ":0"), new Call("tcp6", "[::1]:0")), calls,
                        "a tcp wildcard is dual-stack IPv6");
                assertEquals(List.of(false, UdpSuite.providerSetsV6Only()), v6only);
            }
        }
        calls.clear();
        try (Unix tmp = Unix.tempDir()) {
            String path = tmp.path();
            try (Listener ln = ListenConfig.builder().control(recording(calls)).build().listen("unix", path)) {
                assertEquals(List.of(new Call("unix", path)), calls);
            }
        }
        ListenConfig refusing = ListenConfig.builder().control((n, a, c) -> {
            throw new IOException("not this socket");
        }).build();
        Expect.netError(assertThrows(IOException.class, () -> refusing.listen("tcp", "127.0.0.1:0")), IOException.class,
                "listen tcp 127.0.0.1:0: not this socket");
    }

    /**
     * ListenConfig.reusePort: sockets that all set SO_REUSEPORT share a port; one without it cannot
     * join them.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void reusePort() throws IOException {
        ListenConfig lc = ListenConfig.builder().reusePort(true).build();
        try (Listener ln1 = lc.listen("tcp", "127.0.0.1:0");
             Listener ln2 = lc.listen("tcp", Tcp.address(ln1))) {
            assertEquals(ln1.addr(), ln2.addr());
            IOException e = assertThrows(IOException.class, () -> Net.listen("tcp", Tcp.address(ln1)).close());
            Expect.netError(e, BindException.class, "listen tcp " + Tcp.address(ln1) + ": bind: address already in use");
            try (Conn c = Net.dial("tcp", Tcp.address(ln1))) {
                assertNotEquals(null, c.remoteAddr());
            }
        }
        try (PacketConn p1 = lc.listenPacket("udp", "127.0.0.1:0");
             PacketConn p2 = lc.listenPacket("udp", GoText.addr(p1.localAddr()))) {
            assertEquals(p1.localAddr(), p2.localAddr());
        }
    }

    /**
     * Dialer.resolver: names are resolved by the dialer's own resolver (here one whose hosts file
     * alone knows the name, and whose name server does not answer), and its failure is the dial's,
     * as Go's "dial tcp: lookup NAME...".
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void dialerResolver() throws IOException {
        Path hosts = Files.createTempFile("netpoll-tck", ".hosts");
        try (TCPListener ln = Tcp.listen(); PacketConn silent = Net.listenPacket("udp", "127.0.0.1:0")) {
            Files.writeString(hosts, "127.0.0.1 netpoll-tck.test\n");
            Resolver r = Resolver.builder().hostsFile(hosts).nameservers(GoText.addr(silent.localAddr()))
                    .timeout(Duration.ofMillis(200)).attempts(1).build();
            Dialer d = Dialer.builder().resolver(r).build();
            try (Conn c = d.dial("tcp", "netpoll-tck.test:" + port(ln.addr())); Conn s = ln.accept()) {
                assertEquals(ln.addr(), c.remoteAddr());
            }
            IOException e = assertThrows(IOException.class, () -> d.dial("tcp", "missing.netpoll-tck.test:80").close());
            assertInstanceOf(UnknownHostException.class, e, e.toString());
            Expect.op(e, "dial", "tcp");
            assertTrue(e.getMessage().startsWith("dial tcp: lookup missing.netpoll-tck.test"), e.getMessage());
        } finally {
            Files.deleteIfExists(hosts);
        }
    }

    // ---- Happy Eyeballs (dialParallel) ----

    /** A tcp6 listener on ::1 at {@code port}, or null when that port is taken there. */
    private static TCPListener listen6(int port) throws IOException {
        try {
            return (TCPListener) Net.listen("tcp6", "[::1]:" + port);
        } catch (BindException e) {
            return null;
        }
    }

    /** Whether a JDK connect to 127.0.0.1:{@code port} is refused. */
    private static boolean refusedOn4(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(v4(), port), 2000);
            return false;
        } catch (ConnectException e) {
            return true;
        }
    }

    /** A tcp6 listener on ::1 whose port nobody listens on at 127.0.0.1. */
    private static TCPListener listen6Only() throws IOException {
        for (int attempt = 0; attempt < 5; attempt++) {
            TCPListener ln = (TCPListener) Net.listen("tcp6", "[::1]:0");
            if (refusedOn4(port(ln.addr()))) {
                return ln;
            }
            ln.close();
        }
        throw new AssertionError("found no port free on 127.0.0.1 while listening on ::1");
    }

    /**
     * Go's TestDialParallel, "refused primary" (D2): localhost is 127.0.0.1 then ::1; 127.0.0.1
     * refuses, so the fallback to ::1 starts at once (not after the 10 s fallback delay) and wins.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void happyEyeballsRefusedPrimary() throws IOException {
        assumeTrue(Tcp.ipv6Loopback(), "needs IPv6");
        try (TCPListener ln6 = listen6Only()) {
            Dialer d = Dialer.builder().fallbackDelay(Duration.ofSeconds(10)).build();
            long t0 = System.nanoTime();
            try (Conn c = d.dial("tcp", localhost(port(ln6.addr()))); Conn s = ln6.accept()) {
                assertEquals(ln6.addr(), c.remoteAddr());
                assertEquals(c.localAddr(), s.remoteAddr());
            }
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos(),
                    "the fallback waited for its delay after the primary was refused");
        }
    }

    /**
     * D2, "first try succeeds": when 127.0.0.1 accepts, it wins and ::1 is never needed.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void happyEyeballsPrimaryWins() throws IOException {
        try (TCPListener ln4 = (TCPListener) Net.listen("tcp4", "127.0.0.1:0")) {
            try (Conn c = Net.dial("tcp", localhost(port(ln4.addr()))); Conn s = ln4.accept()) {
                assertEquals(ln4.addr(), c.remoteAddr());
            }
        }
    }

    /**
     * D2/D3, "slow primary": 127.0.0.1 neither accepts nor refuses, so ::1 is dialed after the
     * fallback delay and wins; the primary racer is cancelled and its socket closed.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void happyEyeballsSlowPrimary(ThreadKind kind) throws IOException {
        assumeTrue(Tcp.ipv6Loopback(), "needs IPv6");
        Duration delay = Duration.ofMillis(200);
        for (int attempt = 0; ; attempt++) {
            try (Blackhole b = Blackhole.open(v4(), 0); TCPListener ln6 = listen6(b.port())) {
                if (ln6 == null) {
                    assertTrue(attempt < 5, "found no port free on ::1 beside a black hole on 127.0.0.1");
                    continue;
                }
                Dialer d = Dialer.builder().fallbackDelay(delay).build();
                Task<Long> dial = Task.call(kind, () -> {
                    long t0 = System.nanoTime();
                    try (Conn c = d.dial("tcp", localhost(b.port())); Conn s = ln6.accept()) {
                        assertEquals(ln6.addr(), c.remoteAddr());
                    }
                    return t0;
                });
                long t0 = dial.get(Duration.ofSeconds(30));
                Timing.assertNotBefore(t0, dial.finishedAt(), delay, "the fallback");
                Timing.assertNotLate(t0, dial.finishedAt(), delay, "the fallback");
                return;
            }
        }
    }

    /**
     * D2 with the fallback off (a negative delay): addresses are dialed one after the other, so a
     * black-holed 127.0.0.1 takes the whole 1 s timeout and the error is its timeout.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void happyEyeballsOff() throws IOException {
        assumeTrue(Tcp.ipv6Loopback(), "needs IPv6");
        for (int attempt = 0; ; attempt++) {
            try (Blackhole b = Blackhole.open(v4(), 0); TCPListener ln6 = listen6(b.port())) {
                if (ln6 == null) {
                    assertTrue(attempt < 5, "found no port free on ::1 beside a black hole on 127.0.0.1");
                    continue;
                }
                Dialer d = Dialer.builder().fallbackDelay(Duration.ofMillis(-1)).timeout(Duration.ofSeconds(1)).build();
                Expect.deadlineExceeded(assertThrows(IOException.class, () -> d.dial("tcp", localhost(b.port())).close()),
                        "dial tcp 127.0.0.1:" + b.port() + ": " + TIMEOUT);
                return;
            }
        }
    }

    /**
     * D2, "all refused": both racers fail, and the error is the primary's (127.0.0.1's).
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void happyEyeballsBothRefusedReportsThePrimary() throws IOException {
        assumeTrue(Tcp.ipv6Loopback(), "needs IPv6");
        int p;
        try (TCPListener ln6 = listen6Only()) {
            p = port(ln6.addr());
        }
        IOException e = assertThrows(IOException.class, () -> Net.dial("tcp", localhost(p)).close());
        Expect.netError(e, ConnectException.class, "dial tcp 127.0.0.1:" + p + ": " + REFUSED);
    }

    /**
     * Go's TestDialParallelSpuriousConnection (D4): both racers connect (a 1 ns fallback delay); the
     * winner is returned and works, and the loser's connection is closed: its server end reads end
     * of stream (or a reset).
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    public void happyEyeballsLoserIsClosed() throws IOException {
        assumeTrue(Tcp.ipv6Loopback(), "needs IPv6");
        Dialer d = Dialer.builder().fallbackDelay(Duration.ofNanos(1)).build();
        for (int round = 0, tries = 0; round < 5; tries++) {
            try (TCPListener ln4 = (TCPListener) Net.listen("tcp4", "127.0.0.1:0");
                 TCPListener ln6 = listen6(port(ln4.addr()))) {
                if (ln6 == null) {
                    assertTrue(tries < 20, "found no port free on ::1 beside 127.0.0.1 in 20 tries");
                    continue;
                }
                round++;
                try (Conn c = d.dial("tcp", localhost(port(ln4.addr())))) {
                    List<Conn> accepted = new ArrayList<>();
                    try {
                        for (TCPListener ln : List.of(ln4, ln6)) {
                            ln.setDeadline(Instant.now().plusSeconds(1));
                            try {
                                accepted.add(ln.accept());
                            } catch (SocketTimeoutException e) {
                                // that racer was cancelled before it connected
                            }
                        }
                        Conn peer = null;
                        for (Conn s : accepted) {
                            if (s.remoteAddr().equals(c.localAddr())) {
                                peer = s;
                                continue;
                            }
                            s.setReadDeadline(Instant.now().plusSeconds(10));
                            try {
                                assertEquals(-1, s.read(new byte[1]), "the loser's connection is open");
                            } catch (IOException e) {
                                assertTrue(e.getMessage().endsWith("connection reset by peer"), e.toString());
                            }
                        }
                        assertNotEquals(null, peer, "the winner's connection was not accepted");
                        c.write("winner".getBytes(StandardCharsets.UTF_8));
                        byte[] b = new byte[6];
                        peer.setReadDeadline(Instant.now().plusSeconds(10));
                        assertTrue(IO.readFull(peer, b));
                        assertEquals("winner", new String(b, StandardCharsets.UTF_8));
                    } finally {
                        for (Conn s : accepted) {
                            s.close();
                        }
                    }
                }
            }
        }
    }

    // ---- interrupts ----

    /**
     * DESIGN and issue 4: a thread interrupted while its dial waits ends the dial with
     * ClosedByInterruptException (Go's cancelled dial), its interrupt status kept.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void interruptCancelsADial(ThreadKind kind) throws IOException {
        try (Blackhole b = Blackhole.open(v4(), 0)) {
            String addr = GoText.addr(b.address());
            Task<Boolean> dial = Task.call(kind, () -> interrupted(() -> Net.dial("tcp", addr), "dial tcp " + addr));
            dial.awaitParked();
            dial.thread().interrupt();
            assertTrue(dial.get(), "the interrupt status was cleared");
        }
    }

    /**
     * Happy Eyeballs too: a thread interrupted while the racers dial ends the dial at once, and the
     * racers are cancelled (their sockets closed; the suite's descriptor check sees to that).
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void interruptCancelsTheRacers(ThreadKind kind) throws IOException {
        assumeTrue(Tcp.ipv6Loopback(), "needs IPv6");
        for (int attempt = 0; ; attempt++) {
            Blackhole b4 = Blackhole.open(v4(), 0);
            Blackhole b6;
            try {
                b6 = Blackhole.open(v6(), b4.port());
            } catch (BindException e) {
                b4.close();
                assertTrue(attempt < 5, "found no port free on ::1 beside a black hole on 127.0.0.1");
                continue;
            }
            try (b4; b6) {
                Dialer d = Dialer.builder().fallbackDelay(Duration.ofMillis(50)).build();
                Task<Boolean> dial = Task.call(kind,
                        () -> interrupted(() -> d.dial("tcp", localhost(b4.port())), "dial tcp 127.0.0.1:" + b4.port()));
                Sleep.millis(200); // both racers are dialing by now, or else the interrupt ends the dial sooner
                dial.awaitParkedOn(Object.class); // waiting for the racers' word
                dial.thread().interrupt();
                assertTrue(dial.get(), "the interrupt status was cleared");
                return;
            }
        }
    }

    /**
     * A thread already interrupted when it dials does not connect: ClosedByInterruptException at once.
     *
     * @param kind the kind of thread the test runs its blocking calls on
     * @throws IOException on an unexpected failure, which fails the test
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void alreadyInterruptedDoesNotDial(ThreadKind kind) throws IOException {
        try (TCPListener ln = Tcp.listen()) {
            Task<Boolean> dial = Task.call(kind, () -> {
                Thread.currentThread().interrupt();
                return interrupted(() -> Net.dial("tcp", Tcp.address(ln)), "dial tcp " + Tcp.address(ln));
            });
            assertTrue(dial.get(), "the interrupt status was cleared");
            ln.setDeadline(Instant.now().plusMillis(200));
            assertThrows(SocketTimeoutException.class, ln::accept, "an interrupted dial connected");
        }
    }

    /**
     * Runs a dial that an interrupt must end: it throws {@link ClosedByInterruptException} with
     * Go's OpError text {@code "<prefix>: operation was interrupted"}. Returns the interrupt status.
     */
    private static boolean interrupted(Task.Body<Conn> dial, String prefix) {
        IOException e = assertThrows(IOException.class, () -> dial.call().close());
        Expect.netError(e, ClosedByInterruptException.class, prefix + ": operation was interrupted");
        Expect.op(e, "dial", "tcp");
        return Thread.currentThread().isInterrupted();
    }

    /**
     * Dialer.provider and ListenConfig.provider take only a provider that can run here, and a local
     * address must be resolved.
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void buildersRefuseWhatCannotWork() {
        for (NetpollProvider p : Netpoll.providers()) {
            if (!p.availability().available()) {
                assertThrows(IllegalArgumentException.class, () -> Dialer.builder().provider(p));
                assertThrows(IllegalArgumentException.class, () -> ListenConfig.builder().provider(p));
            } else {
                assertInstanceOf(Dialer.class, Dialer.builder().provider(p).build());
            }
        }
        assertThrows(IllegalArgumentException.class,
                () -> Dialer.builder().localAddr(InetSocketAddress.createUnresolved("localhost", 0)), "an unresolved local address");
    }
}
