package io.netpoll.tck;

import io.netpoll.Netpoll;
import io.netpoll.net.Conn;
import io.netpoll.net.DNSError;
import io.netpoll.net.Dialer;
import io.netpoll.net.NetError;
import io.netpoll.net.TCPListener;
import io.netpoll.net.MX;
import io.netpoll.net.Net;
import io.netpoll.net.NS;
import io.netpoll.net.Resolver;
import io.netpoll.net.SRV;
import io.netpoll.runtime.PollServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * The Resolver on the provider under test: every query goes over net-core's own UDP and TCP conns
 * to a {@link FakeDns} on loopback. What the DNS client decides (search lists, orders, error
 * rules, malformed replies) is tested in net-core without sockets; this suite proves the exchanges
 * themselves run through the provider: UDP, a truncated answer asked again over TCP, a server that
 * never answers, and that a lookup on a virtual thread parks on the poller rather than pinning its
 * carrier.
 */
@Timeout(value = 60, threadMode = SEPARATE_THREAD)
public abstract class ResolverSuite extends ProviderSuite {

    /** For the one-line subclass that runs this suite on a provider. */
    protected ResolverSuite() {
    }

    @TempDir
    static Path dir;

    private static FakeDns dns;
    private static Resolver resolver;

    @BeforeAll
    static void startServer() throws Exception {
        dns = new FakeDns()
                .add("www.zone.test", FakeDns.A, "192.0.2.10")
                .add("www.zone.test", FakeDns.AAAA, "2001:db8::10")
                .add("alias.zone.test", FakeDns.CNAME, "www.zone.test")
                .add("zone.test", FakeDns.MX, "20", "mail2.zone.test")
                .add("zone.test", FakeDns.MX, "10", "mail1.zone.test")
                .add("zone.test", FakeDns.NS, "ns1.zone.test")
                .add("zone.test", FakeDns.TXT, "v=spf1 ", "-all")
                .add("_http._tcp.zone.test", FakeDns.SRV, "10", "60", "8080", "www.zone.test")
                .add("10.2.0.192.in-addr.arpa", FakeDns.PTR, "www.zone.test")
                .add("loop.zone.test", FakeDns.A, "127.0.0.1")
                .add("dual-loop.zone.test", FakeDns.AAAA, "::1")
                .add("dual-loop.zone.test", FakeDns.A, "127.0.0.1");
        for (int i = 1; i <= 60; i++) {
            dns.add("big.zone.test", FakeDns.A, "198.51.100." + i);
        }
        Files.writeString(dir.resolve("resolv.conf"), "search zone.test\noptions ndots:1\n");
        resolver = builder().build();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (dns != null) {
            dns.close();
        }
    }

    private static Resolver.Builder builder() {
        return Resolver.builder().nameservers(dns.server()).resolvConf(dir.resolve("resolv.conf"))
                .hostsFile(dir.resolve("no-hosts")).timeout(Duration.ofSeconds(5)).attempts(1);
    }

    private static Set<String> texts(List<InetAddress> addrs) {
        Set<String> s = new HashSet<>();
        for (InetAddress a : addrs) {
            s.add(a.getHostAddress());
        }
        return s;
    }

    /**
     * Addresses over UDP, with the search list; the AAAA question goes over UDP too.
     *
     * @throws Exception on an unexpected failure, which fails the test
     */
    @Test
    public void addressesOverUdp() throws Exception {
        assertEquals(Set.of("192.0.2.10", "2001:db8:0:0:0:0:0:10"), texts(resolver.lookupIP("ip", "www.zone.test")));
        assertEquals(List.of("192.0.2.10"), List.copyOf(texts(resolver.lookupIP("ip4", "www"))));
        assertEquals(Set.of("192.0.2.10", "2001:db8::10"), new HashSet<>(resolver.lookupHost("www.zone.test.")));
        assertTrue(dns.queries().stream().anyMatch(q -> q.name().equals("www.zone.test.") && q.type() == FakeDns.AAAA
                && !q.tcp()), dns.queries()::toString);
    }

    /**
     * Every record type the resolver asks for: CNAME, A, MX, NS, TXT, SRV and PTR.
     *
     * @throws Exception on an unexpected failure, which fails the test
     */
    @Test
    public void everyRecordType() throws Exception {
        assertEquals("www.zone.test.", resolver.lookupCNAME("alias.zone.test"));
        assertEquals(List.of("192.0.2.10"), List.copyOf(texts(resolver.lookupIP("ip4", "alias.zone.test."))));
        assertEquals(List.of(new MX("mail1.zone.test.", 10), new MX("mail2.zone.test.", 20)),
                resolver.lookupMX("zone.test."));
        assertEquals(List.of(new NS("ns1.zone.test.")), resolver.lookupNS("zone.test."));
        assertEquals(List.of("v=spf1 -all"), resolver.lookupTXT("zone.test."));
        assertEquals(List.of(new SRV("www.zone.test.", 8080, 10, 60)), resolver.lookupSRV("http", "tcp", "zone.test."));
        assertEquals(List.of("www.zone.test."), resolver.lookupAddr("192.0.2.10"));
    }

    /**
     * NXDOMAIN is Go's "no such host": not found, neither a timeout nor temporary, naming the server.
     */
    @Test
    public void noSuchHostHasGosText() {
        DNSError e = assertThrows(DNSError.class, () -> resolver.lookupHost("nosuch.zone.test."));
        assertEquals("lookup nosuch.zone.test. on " + dns.server() + ": no such host", e.getMessage());
        assertTrue(e.isNotFound());
        assertFalse(e.isTimeout());
        assertFalse(e.isTemporary());
        assertEquals(dns.server(), e.server());
    }

    /**
     * An answer too big for UDP comes back truncated and is asked again over TCP.
     *
     * @throws Exception on an unexpected failure, which fails the test
     */
    @Test
    public void truncatedUdpAnswerIsAskedAgainOverTcp() throws Exception {
        List<InetAddress> big = resolver.lookupIP("ip4", "big.zone.test.");
        assertEquals(60, big.size());
        List<FakeDns.Query> asked = dns.queries().stream().filter(q -> q.name().equals("big.zone.test.")).toList();
        assertTrue(asked.stream().anyMatch(q -> !q.tcp()) && asked.stream().anyMatch(FakeDns.Query::tcp),
                "want the question over UDP, then over TCP: " + asked);
    }

    /**
     * A server that never answers: the lookup times out with Go's text, within the resolver's timeout.
     */
    @Test
    public void aServerThatNeverAnswersTimesOut() {
        Resolver quick = builder().timeout(Duration.ofMillis(300)).build();
        long start = System.nanoTime();
        DNSError e = assertThrows(DNSError.class, () -> quick.lookupHost("x.silent.test."));
        long ms = (System.nanoTime() - start) / 1_000_000;
        // Go's text: the DNSError wraps the read's own error, "read udp LOCAL->SERVER: i/o timeout". The
        // deadline runs from the start of the exchange, so a thread held up that long before its read
        // (a busy box) meets it in the dial: "dial udp SERVER: i/o timeout", as Go's would.
        String server = dns.server().replace(".", "\\.");
        assertTrue(e.getMessage().matches("lookup x\\.silent\\.test\\. on " + server
                + ": (read udp 127\\.0\\.0\\.1:\\d+->|dial udp )" + server + ": i/o timeout"), e.getMessage());
        assertTrue(e.isTimeout());
        assertTrue(e.isTemporary());
        assertFalse(e.isNotFound());
        assertTrue(ms >= 250 && ms < 5000, "a lookup with a 300 ms timeout took " + ms + " ms");
    }

    /**
     * Go's Dialer with a Resolver: the name's addresses are the Resolver's, and the dial goes to them.
     *
     * @throws Exception on an unexpected failure, which fails the test
     */
    @Test
    public void aDialerResolvesThroughItsResolver() throws Exception {
        Dialer d = Dialer.builder().resolver(resolver).timeout(Duration.ofSeconds(10)).build();
        try (TCPListener ln = Tcp.listen()) {
            int port = ((InetSocketAddress) ln.addr()).getPort();
            try (Conn c = d.dial("tcp", "loop.zone.test:" + port); Conn s = ln.accept()) {
                assertEquals(new InetSocketAddress("127.0.0.1", port), c.remoteAddr());
                c.write(new byte[] {42});
                assertEquals(42, s.inputStream().read());
            }
            assertTrue(dns.queries().stream().anyMatch(q -> q.name().equals("loop.zone.test.")), dns.queries()::toString);
        }
    }

    /**
     * Happy Eyeballs on the Resolver's answer: ::1 comes first by RFC 6724 and nothing listens there
     * on this port (or IPv6 is off), so the dial falls back to 127.0.0.1.
     *
     * @throws Exception on an unexpected failure, which fails the test
     */
    @Test
    public void aDialerFallsBackAcrossTheResolversAddresses() throws Exception {
        Dialer d = Dialer.builder().resolver(resolver).timeout(Duration.ofSeconds(10)).build();
        try (TCPListener ln = Tcp.listen()) {
            int port = ((InetSocketAddress) ln.addr()).getPort();
            try (Conn c = d.dial("tcp", "dual-loop.zone.test:" + port); Conn s = ln.accept()) {
                assertEquals(new InetSocketAddress("127.0.0.1", port), c.remoteAddr());
                assertEquals(c.localAddr(), s.remoteAddr());
            }
        }
    }

    /**
     * A dial whose name does not resolve fails as Go's does: "dial tcp: lookup NAME on SERVER: no such host", an {@code UnknownHostException} and a {@code NetError}.
     */
    @Test
    public void aDialerReportsTheResolversErrorAsGoDoes() {
        Dialer d = Dialer.builder().resolver(resolver).build();
        IOException e = assertThrows(IOException.class, () -> d.dial("tcp", "nosuch.zone.test.:80"));
        assertEquals("dial tcp: lookup nosuch.zone.test. on " + dns.server() + ": no such host", e.getMessage());
        assertTrue(e instanceof UnknownHostException, e.getClass().getName());
        assertTrue(e instanceof NetError, e.getClass().getName());
    }

    /**
     * Net.dial with no Resolver of its own asks Resolver.getDefault(), the DNS client over the system's
     * resolv.conf, as Go's does: its error names the server it asked ("lookup NAME on SERVER: ..."),
     * which a lookup through the JDK's InetAddress cannot know. The answer itself (no such host, or a
     * timeout where no server answers) depends on the machine; the path does not.
     */
    @Test
    public void netDialResolvesThroughTheDefaultResolver() {
        IOException e = assertThrows(IOException.class, () -> Net.dial("tcp", "nosuch.invalid.:80"));
        assertTrue(e instanceof UnknownHostException && e instanceof NetError, e.getClass().getName());
        assertTrue(e.getMessage().matches("dial tcp: lookup nosuch\\.invalid\\. on \\S+:\\d+: .+"), e.getMessage());
    }

    /**
     * {@code Net.dial} of "localhost" connects to 127.0.0.1 without asking a DNS server.
     *
     * @throws Exception on an unexpected failure, which fails the test
     */
    @Test
    public void netDialOfLocalhostNeedsNoServer() throws Exception {
        try (TCPListener ln = Tcp.listen()) {
            int port = ((InetSocketAddress) ln.addr()).getPort();
            try (Conn c = Net.dial("tcp", "localhost:" + port); Conn s = ln.accept()) {
                assertEquals(new InetSocketAddress("127.0.0.1", port), c.remoteAddr());
            }
        }
    }

    /**
     * A hundred lookups at once, each on a virtual thread, all answered.
     */
    @Test
    public void manyLookupsOnVirtualThreads() {
        List<Task<List<InetAddress>>> lookups = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String name = i % 2 == 0 ? "www.zone.test." : "alias.zone.test.";
            lookups.add(Task.call(ThreadKind.VIRTUAL, () -> resolver.lookupIP("ip4", name)));
        }
        for (Task<List<InetAddress>> t : lookups) {
            assertEquals(Set.of("192.0.2.10"), texts(t.get(Duration.ofSeconds(30))));
        }
    }

    /**
     * A lookup waiting for its answer parks its virtual thread on the poller: with more lookups
     * waiting than the scheduler has carriers, another virtual thread still runs, and the poll server
     * counts the waiting queries. A query made with a blocking system call, or parked while pinned,
     * would hold the carriers and starve the probe. Each lookup asks for a name of its own, so that no
     * two share a query.
     *
     * @throws Exception on an unexpected failure, which fails the test
     */
    @Test
    public void aLookupOnAVirtualThreadParksInsteadOfPinning() throws Exception {
        int carriers = Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
                Runtime.getRuntime().availableProcessors());
        int n = Math.min(carriers + 2, 64);
        try (FakeDns slow = new FakeDns()) {
            for (int i = 0; i < n; i++) {
                slow.add("h" + i + ".held.test", FakeDns.A, "192.0.2." + (100 + i));
            }
            Resolver r = Resolver.builder().nameservers(slow.server()).resolvConf(dir.resolve("resolv.conf"))
                    .hostsFile(dir.resolve("no-hosts")).timeout(Duration.ofSeconds(30)).attempts(1).build();
            List<Task<List<InetAddress>>> lookups = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String name = "h" + i + ".held.test.";
                lookups.add(Task.call(ThreadKind.VIRTUAL, () -> r.lookupIP("ip4", name)));
            }
            PollServer poller = PollServer.of(Netpoll.provider());
            long end = System.nanoTime() + Task.MAX_WAIT.toNanos();
            while ((slow.queries().size() < n || poller.waiters() < n) && System.nanoTime() < end) {
                Sleep.millis(10);
            }
            assertEquals(n, slow.queries().size(), "queries received: " + slow.queries());
            assertTrue(poller.waiters() >= n, "the poll server counts " + poller.waiters() + " waiter(s) while " + n
                    + " lookups wait for their answers: the queries do not wait on the provider's poller");
            Task<Boolean> probe = Task.call(ThreadKind.VIRTUAL, () -> true);
            assertTrue(probe.finishesWithin(Timing.LATE), "a virtual thread could not run while " + n
                    + " lookups waited on " + carriers + " carriers: a lookup pins its carrier");
            slow.release();
            for (int i = 0; i < n; i++) {
                assertEquals(Set.of("192.0.2." + (100 + i)), texts(lookups.get(i).get(Duration.ofSeconds(30))));
            }
        }
    }
}
