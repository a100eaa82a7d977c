package io.netpoll.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpoll.net.DNSError;
import io.netpoll.net.MX;
import io.netpoll.net.NS;
import io.netpoll.net.Resolver;
import io.netpoll.net.SRV;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Resolver on the provider under test against a real server: dnsmasq on loopback serving
 * {@code netpoll-test.conf} beside this class (every record type, search list, NXDOMAIN, NODATA,
 * REFUSED, truncation then TCP, a name that never answers). Skipped, saying so, where dnsmasq is not
 * installed.
 */
@org.junit.jupiter.api.Timeout(60)
public abstract class ResolverDnsmasqSuite extends ProviderSuite {

    /** For the one-line subclass that runs this suite on a provider. */
    protected ResolverDnsmasqSuite() {
    }

    @RegisterExtension
    static final Dnsmasq DNSMASQ = new Dnsmasq();

    @TempDir
    static Path dir;

    static Resolver resolver;

    @BeforeAll
    static void setUp() throws Exception {
        Files.writeString(dir.resolve("resolv.conf"), "search netpoll.test\noptions ndots:1 timeout:5 attempts:2\n");
        resolver = builder().build();
    }

    static Resolver.Builder builder() {
        return Resolver.builder().nameservers(DNSMASQ.server()).resolvConf(dir.resolve("resolv.conf"))
                .hostsFile(dir.resolve("no-hosts"));
    }

    static Set<String> texts(List<InetAddress> addrs) {
        Set<String> s = new HashSet<>();
        for (InetAddress a : addrs) {
            s.add(a.getHostAddress().replaceAll("%.*", ""));
        }
        return s;
    }

    /**
     * A and AAAA records, each family alone and both; an address carries the name asked for.
     *
     * @throws Exception on an unexpected failure, which fails the test
     */
    @Test
    public void aAndAaaa() throws Exception {
        List<InetAddress> v4 = resolver.lookupIP("ip4", "www.netpoll.test");
        assertEquals(List.of(InetAddress.getByName("192.0.2.10")), v4);
        assertEquals("www.netpoll.test", v4.get(0).getHostName());
        assertEquals(List.of(InetAddress.getByName("2001:db8::10")), resolver.lookupIP("ip6", "www.netpoll.test"));
        assertEquals(Set.of("192.0.2.10", "2001:db8:0:0:0:0:0:10"), texts(resolver.lookupIP("ip", "www.netpoll.test")));
        assertEquals(Set.of("192.0.2.10", "2001:db8::10"), new HashSet<>(resolver.lookupHost("www.netpoll.test")));
        assertEquals(4, resolver.lookupIP("ip", "dual.netpoll.test").size());
    }

    /**
     * A single label goes through the search list; a question matches in any case, rooted or not.
     *
     * @throws Exception on an unexpected failure, which fails the test
     */
    @Test
    public void searchListAndCaseInsensitiveQuestion() throws Exception {
        assertEquals(List.of(InetAddress.getByName("192.0.2.10")), resolver.lookupIP("ip4", "www"));
        assertEquals(List.of(InetAddress.getByName("192.0.2.10")), resolver.lookupIP("ip4", "WwW.NeTpOlL.TeSt"));
        assertEquals(List.of(InetAddress.getByName("192.0.2.10")), resolver.lookupIP("ip4", "www.netpoll.test."));
    }

    /**
     * Go's documentation: the canonical name is the final name after following zero or more CNAME
     * records, here www for chains of 0, 1, 2 and 3 hops (Go's pure resolver returns the first hop,
     * golang/go#59943: alias for alias2).
     *
     * @throws Exception on an unexpected failure, which fails the test
     */
    @Test
    public void cnameChain() throws Exception {
        assertEquals("www.netpoll.test.", resolver.lookupCNAME("www.netpoll.test"));
        assertEquals("www.netpoll.test.", resolver.lookupCNAME("alias.netpoll.test"));
        assertEquals("www.netpoll.test.", resolver.lookupCNAME("alias2.netpoll.test"));
        assertEquals("www.netpoll.test.", resolver.lookupCNAME("alias3.netpoll.test"));
        assertEquals("www.netpoll.test.", resolver.lookupCNAME("ALIAS3.netpoll.test."));
        assertEquals(List.of(InetAddress.getByName("192.0.2.10")), resolver.lookupIP("ip4", "alias3.netpoll.test"));
        assertEquals(List.of(InetAddress.getByName("192.0.2.10")), resolver.lookupIP("ip4", "alias2.netpoll.test"));
    }

    /**
     * MX records in order of preference.
     *
     * @throws Exception on an unexpected failure, which fails the test
     */
    @Test
    public void mxByPreference() throws Exception {
        assertEquals(List.of(new MX("mail1.netpoll.test.", 10), new MX("mail2.netpoll.test.", 20)),
                resolver.lookupMX("netpoll.test"));
    }

    /**
     * SRV records by priority, then weighted within a priority; {@code _service._proto.name} asked directly gives the same records.
     *
     * @throws Exception on an unexpected failure, which fails the test
     */
    @Test
    public void srvByPriorityThenWeight() throws Exception {
        List<SRV> srvs = resolver.lookupSRV("http", "tcp", "netpoll.test");
        assertEquals(3, srvs.size());
        assertEquals(Set.of(new SRV("www.netpoll.test.", 8080, 10, 60), new SRV("dual.netpoll.test.", 8081, 10, 40)),
                Set.of(srvs.get(0), srvs.get(1)));
        assertEquals(new SRV("backup.netpoll.test.", 8082, 20, 0), srvs.get(2));
        assertEquals(srvs, resolver.lookupSRV("", "", "_http._tcp.netpoll.test").stream()
                .sorted((a, b) -> srvs.indexOf(a) - srvs.indexOf(b)).toList());
    }

    /**
     * TXT records, one string per record: the character strings of one record joined without a separator.
     *
     * @throws Exception on an unexpected failure, which fails the test
     */
    @Test
    public void txtJoinsTheStringsOfOneRecord() throws Exception {
        assertEquals(List.of("v=spf1 -all"), resolver.lookupTXT("netpoll.test"));
        assertEquals(List.of("part1-part2"), resolver.lookupTXT("multi.netpoll.test"));
    }

    /**
     * NS records.
     *
     * @throws Exception on an unexpected failure, which fails the test
     */
    @Test
    public void ns() throws Exception {
        assertEquals(Set.of(new NS("ns1.netpoll.test."), new NS("ns2.netpoll.test.")),
                new HashSet<>(resolver.lookupNS("netpoll.test")));
    }

    /**
     * PTR lookups for IPv4 and IPv6 addresses; anything but an IP address is Go's "unrecognized address".
     *
     * @throws Exception on an unexpected failure, which fails the test
     */
    @Test
    public void ptr() throws Exception {
        assertEquals(List.of("www.netpoll.test."), resolver.lookupAddr("192.0.2.10"));
        assertEquals(List.of("www.netpoll.test."), resolver.lookupAddr("2001:db8::10"));
        assertEquals(List.of("ptr-only.netpoll.test."), resolver.lookupAddr("203.0.113.5"));
        assertEquals(List.of("biga.netpoll.test."), resolver.lookupAddr("198.51.100.7"));
        DNSError bad = assertThrows(DNSError.class, () -> resolver.lookupAddr("not-an-ip"));
        assertEquals("lookup not-an-ip: unrecognized address", bad.getMessage());
    }

    /**
     * NXDOMAIN is Go's "no such host": not found, neither a timeout nor temporary, naming the name and the server.
     */
    @Test
    public void nxdomain() {
        DNSError e = assertThrows(DNSError.class, () -> resolver.lookupHost("nosuch.netpoll.test"));
        assertEquals("lookup nosuch.netpoll.test on " + DNSMASQ.server() + ": no such host", e.getMessage());
        assertTrue(e.isNotFound());
        assertFalse(e.isTimeout());
        assertFalse(e.isTemporary());
        assertEquals("nosuch.netpoll.test", e.name());
        assertEquals(DNSMASQ.server(), e.server());
        assertEquals(DNSMASQ.port(), ((java.net.InetSocketAddress) e.addr()).getPort());
        DNSError ptr = assertThrows(DNSError.class, () -> resolver.lookupAddr("192.0.2.99"));
        assertEquals("lookup 99.2.0.192.in-addr.arpa. on " + DNSMASQ.server() + ": no such host", ptr.getMessage());
        assertTrue(ptr.isNotFound());
        assertTrue(assertThrows(DNSError.class, () -> resolver.lookupMX("nosuch.netpoll.test.")).isNotFound());
    }

    /**
     * A name without records of the family asked for (NODATA) is not found, as NXDOMAIN is.
     */
    @Test
    public void nodataIsNotFoundToo() {
        DNSError e = assertThrows(DNSError.class, () -> resolver.lookupIP("ip6", "v4only.netpoll.test."));
        assertEquals("lookup v4only.netpoll.test. on " + DNSMASQ.server() + ": no such host", e.getMessage());
        assertTrue(e.isNotFound());
        DNSError a = assertThrows(DNSError.class, () -> resolver.lookupIP("ip4", "v6only.netpoll.test."));
        assertTrue(a.isNotFound());
    }

    /**
     * A REFUSED answer is Go's "server misbehaving", neither not-found nor temporary.
     */
    @Test
    public void refusedIsServerMisbehavingAndNotTemporary() {
        DNSError e = assertThrows(DNSError.class, () -> resolver.lookupHost("example.com."));
        assertEquals("lookup example.com. on " + DNSMASQ.server() + ": server misbehaving", e.getMessage());
        assertFalse(e.isNotFound());
        assertFalse(e.isTemporary());
    }

    /**
     * An answer too big for UDP comes back truncated and is asked again over TCP, addresses and TXT alike.
     *
     * @throws Exception on an unexpected failure, which fails the test
     */
    @Test
    public void truncatedUdpAnswerIsAskedAgainOverTcp() throws Exception {
        List<InetAddress> biga = resolver.lookupIP("ip4", "biga.netpoll.test");
        assertEquals(100, biga.size());
        List<String> txt = resolver.lookupTXT("bigtxt.netpoll.test");
        assertEquals(6, txt.size());
        for (String s : txt) {
            assertEquals(250, s.length());
        }
    }

    /**
     * A question the server never answers times out: a timeout, temporary, not not-found, within the resolver's timeout.
     *
     * @throws Exception on an unexpected failure, which fails the test
     */
    @Test
    public void aNameThatNeverAnswersTimesOut() throws Exception {
        Resolver quick = builder().timeout(Duration.ofMillis(300)).attempts(1).build();
        long start = System.nanoTime();
        DNSError e = assertThrows(DNSError.class, () -> quick.lookupHost("x.blackhole.netpoll.test."));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(e.isTimeout(), e.getMessage());
        assertTrue(e.isTemporary());
        assertFalse(e.isNotFound());
        assertTrue(e.getMessage().startsWith("lookup x.blackhole.netpoll.test. on " + DNSMASQ.server() + ": "),
                e.getMessage());
        // The read's error ("read udp LOCAL->SERVER"), or the dial's ("dial udp SERVER") when the thread
        // was held up past the deadline before its read, as on a busy box.
        assertTrue(e.getMessage().endsWith("->" + DNSMASQ.server() + ": i/o timeout")
                || e.getMessage().endsWith("dial udp " + DNSMASQ.server() + ": i/o timeout"), e.getMessage());
        assertTrue(ms >= 250 && ms < 5000, "a lookup with a 300 ms timeout took " + ms + " ms");
    }

    /**
     * Two hundred lookups at once, each on a virtual thread, all answered.
     *
     * @throws Exception on an unexpected failure, which fails the test
     */
    @Test
    public void lookupsOnManyVirtualThreads() throws Exception {
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<InetAddress>>> fs = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String name = List.of("www", "dual", "alias2", "v4only").get(i % 4) + ".netpoll.test.";
                fs.add(ex.submit((Callable<List<InetAddress>>) () -> resolver.lookupIP("ip4", name)));
            }
            for (Future<List<InetAddress>> f : fs) {
                assertFalse(f.get().isEmpty());
                assertFalse(f.get().get(0) instanceof Inet6Address);
            }
        }
    }
}
