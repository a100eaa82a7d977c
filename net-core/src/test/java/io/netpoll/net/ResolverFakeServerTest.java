package io.netpoll.net;

import static io.netpoll.net.internal.dns.FakeDnsServer.a;
import static io.netpoll.net.internal.dns.FakeDnsServer.answer;
import static io.netpoll.net.internal.dns.FakeDnsServer.encode;
import static io.netpoll.net.internal.dns.FakeDnsServer.manyA;
import static io.netpoll.net.internal.dns.FakeDnsServer.rcode;
import static io.netpoll.net.internal.dns.FakeDnsServer.reply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpoll.net.internal.dns.DnsType;
import io.netpoll.net.internal.dns.FakeDnsServer;
import io.netpoll.net.internal.dns.FakeDnsServer.Request;
import io.netpoll.net.internal.dns.Header;
import io.netpoll.net.internal.dns.Message;
import io.netpoll.net.internal.dns.Question;
import io.netpoll.net.internal.dns.RData;
import io.netpoll.net.internal.dns.Resource;
import io.netpoll.net.internal.dns.JdkTransport;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resolver against an in-process scripted server, for what a real one will not do: SERVFAIL,
 * lame referrals, forged, mismatched, malformed, oversized and slow replies, TCP oddities, and
 * how queries are made (IDs, ports, EDNS(0), attempts, rotate, shared lookups). The client reaches
 * the server over JDK sockets ({@link JdkTransport}, Go's {@code Resolver.Dial} replaced, as Go's own
 * tests do): this is the DNS client's logic; the conformance kit's ResolverSuite runs the client over
 * net-core's own conns on each provider.
 */
@Timeout(60)
class ResolverFakeServerTest {

    private static final String NAME = "host.example.";

    @TempDir
    Path dir;

    private final List<FakeDnsServer> servers = new ArrayList<>();

    @BeforeEach
    void files() throws Exception {
        Files.writeString(dir.resolve("resolv.conf"), "options ndots:1\n");
        Files.writeString(dir.resolve("nsswitch.conf"), "hosts: files dns\n");
    }

    @AfterEach
    void stop() throws Exception {
        for (FakeDnsServer s : servers) {
            s.close();
        }
    }

    private FakeDnsServer server(FakeDnsServer.Handler h) throws Exception {
        FakeDnsServer s = new FakeDnsServer(h);
        servers.add(s);
        return s;
    }

    private Resolver.Builder resolver(Duration timeout, int attempts, FakeDnsServer... fakes) {
        String[] ns = new String[fakes.length];
        for (int i = 0; i < fakes.length; i++) {
            ns[i] = fakes[i].server();
        }
        return Resolver.builder().nameservers(ns).timeout(timeout).attempts(attempts)
                .resolvConf(dir.resolve("resolv.conf")).hostsFile(dir.resolve("hosts"))
                .nsswitchConf(dir.resolve("nsswitch.conf")).transport(JdkTransport::dial);
    }

    private Resolver resolver(FakeDnsServer... fakes) {
        return resolver(Duration.ofSeconds(5), 1, fakes).build();
    }

    private static List<byte[]> one(byte[] b) {
        return List.of(b);
    }

    private static final InetAddress IP;

    static {
        try {
            IP = InetAddress.getByName("192.0.2.1");
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void servfailIsTemporaryAndTheNextServerIsAsked() throws Exception {
        FakeDnsServer bad = server(r -> one(rcode(r, DnsType.RCODE_SERVER_FAILURE)));
        FakeDnsServer good = server(r -> one(answer(r, a(NAME, "192.0.2.1"))));
        assertEquals(List.of(IP), resolver(bad, good).lookupIP("ip4", NAME));
        assertEquals(1, bad.requests().size());

        DNSError e = assertThrows(DNSError.class, () -> resolver(bad).lookupIP("ip4", NAME));
        assertEquals("lookup host.example. on " + bad.server() + ": server misbehaving", e.getMessage());
        assertTrue(e.isTemporary());
        assertFalse(e.isNotFound());
        assertFalse(e.isTimeout());
    }

    @Test
    void otherRcodesAreServerMisbehavingNotTemporary() throws Exception {
        FakeDnsServer refused = server(r -> one(rcode(r, DnsType.RCODE_REFUSED)));
        DNSError e = assertThrows(DNSError.class, () -> resolver(refused).lookupIP("ip4", NAME));
        assertEquals("server misbehaving", e.err());
        assertFalse(e.isTemporary());
        // an extended RCODE from the OPT record counts: BADVERS (16) is not success
        FakeDnsServer badvers = server(r -> one(encode(reply(r, 0, true, true, false, List.of(a(NAME, "192.0.2.1")),
                List.of(Resource.edns0(1232, 16, false))))));
        assertEquals("server misbehaving",
                assertThrows(DNSError.class, () -> resolver(badvers).lookupIP("ip4", NAME)).err());
    }

    @Test
    void nxdomainEndsTheLookupWithoutAskingTheNextServer() throws Exception {
        FakeDnsServer nx = server(r -> one(rcode(r, DnsType.RCODE_NAME_ERROR)));
        FakeDnsServer other = server(r -> one(answer(r, a(NAME, "192.0.2.1"))));
        DNSError e = assertThrows(DNSError.class, () -> resolver(nx, other).lookupIP("ip4", NAME));
        assertTrue(e.isNotFound());
        assertEquals("lookup host.example. on " + nx.server() + ": no such host", e.getMessage());
        assertEquals(0, other.requests().size());
    }

    @Test
    void lameReferralMovesOnToTheNextServer() throws Exception {
        FakeDnsServer lame = server(r -> one(encode(reply(r, 0, false, false, false, List.of(), List.of()))));
        FakeDnsServer good = server(r -> one(answer(r, a(NAME, "192.0.2.1"))));
        assertEquals(List.of(IP), resolver(lame, good).lookupIP("ip4", NAME));
        assertEquals("lame referral", assertThrows(DNSError.class, () -> resolver(lame).lookupIP("ip4", NAME)).err());
        // an authoritative empty answer is NODATA, not lame
        FakeDnsServer nodata = server(r -> one(encode(reply(r, 0, true, false, false, List.of(), List.of()))));
        assertTrue(assertThrows(DNSError.class, () -> resolver(nodata).lookupIP("ip4", NAME)).isNotFound());
    }

    @Test
    void wrongIdsAreIgnoredAndReadingGoesOn() throws Exception {
        FakeDnsServer s = server(r -> {
            Message right = reply(r, 0, false, true, false, List.of(a(NAME, "192.0.2.1")), List.of());
            Header h = right.header();
            Message forged = new Message(new Header((h.id() + 1) & 0xFFFF, true, 0, false, false, true, true, false,
                    false, 0), right.questions(), List.of(a(NAME, "203.0.113.66")), List.of(), List.of());
            return List.of(encode(forged), encode(right));
        });
        assertEquals(List.of(IP), resolver(s).lookupIP("ip4", NAME));

        FakeDnsServer onlyForged = server(r -> {
            Header h = r.query().header();
            return one(encode(new Message(new Header((h.id() + 1) & 0xFFFF, true, 0, false, false, true, true, false,
                    false, 0), r.query().questions(), List.of(a(NAME, "203.0.113.66")), List.of(), List.of())));
        });
        DNSError e = assertThrows(DNSError.class,
                () -> resolver(Duration.ofMillis(300), 1, onlyForged).build().lookupIP("ip4", NAME));
        assertTrue(e.isTimeout(), e.getMessage());
    }

    @Test
    void mismatchedQuestionsAndQueriesAreIgnored() throws Exception {
        FakeDnsServer s = server(r -> {
            Message right = reply(r, 0, false, true, false, List.of(a(NAME, "192.0.2.1")), List.of());
            Header h = right.header();
            List<byte[]> out = new ArrayList<>();
            for (Question q : List.of(new Question("other.example.", 1, 1), new Question(NAME, 28, 1),
                    new Question(NAME, 1, 3))) {
                out.add(encode(new Message(h, List.of(q), List.of(a(NAME, "203.0.113.66")), List.of(), List.of())));
            }
            // QR=0: a query, not a response
            out.add(encode(new Message(Header.query(h.id(), false), right.questions(), List.of(), List.of(), List.of())));
            // the right one, with the name in another case
            out.add(encode(new Message(h, List.of(new Question("HOST.Example.", 1, 1)), right.answers(), List.of(),
                    List.of())));
            return out;
        });
        assertEquals(List.of(IP), resolver(s).lookupIP("ip4", NAME));
    }

    @Test
    void malformedDatagramsAreIgnoredOverUdp() throws Exception {
        FakeDnsServer s = server(r -> List.of(new byte[0], new byte[] {1, 2, 3}, "garbage that is no DNS".getBytes(),
                answer(r, a(NAME, "192.0.2.1"))));
        assertEquals(List.of(IP), resolver(s).lookupIP("ip4", NAME));
    }

    @Test
    void aMatchingReplyThatDoesNotParseCannotBeUnmarshalled() throws Exception {
        FakeDnsServer s = server(r -> {
            byte[] good = answer(r, a(NAME, "192.0.2.1"));
            byte[] cut = java.util.Arrays.copyOf(good, good.length - 3); // header and question intact, record cut
            return one(cut);
        });
        DNSError e = assertThrows(DNSError.class, () -> resolver(s).lookupIP("ip4", NAME));
        assertEquals("lookup host.example. on " + s.server() + ": cannot unmarshal DNS message", e.getMessage());
    }

    @Test
    void anOversizedUdpReplyIsReadWhole() throws Exception {
        FakeDnsServer s = server(r -> one(answer(r, manyA(NAME, 300))));
        assertTrue(answer(new Request(new Message(Header.query(1, false), List.of(new Question(NAME, 1, 1)), List.of(),
                List.of(), List.of()), false, null), manyA(NAME, 300)).length > 4000);
        assertEquals(300, resolver(s).lookupIP("ip4", NAME).size());
        assertEquals(0, s.count(true));
    }

    @Test
    void slowRepliesWithinTheTimeoutCountAndLaterOnesTimeOut() throws Exception {
        FakeDnsServer slow = server(r -> {
            Thread.sleep(150);
            return one(answer(r, a(NAME, "192.0.2.1")));
        });
        assertEquals(List.of(IP), resolver(Duration.ofSeconds(5), 1, slow).build().lookupIP("ip4", NAME));
        // The late reply comes long after any bound below: a lookup that waited for it instead of
        // timing out fails the bound, however slow the machine.
        FakeDnsServer tooSlow = server(r -> {
            Thread.sleep(30_000);
            return one(answer(r, a(NAME, "192.0.2.1")));
        });
        long start = System.nanoTime();
        DNSError e = assertThrows(DNSError.class,
                () -> resolver(Duration.ofMillis(200), 1, tooSlow).build().lookupIP("ip4", NAME));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(e.isTimeout() && e.isTemporary(), e.getMessage());
        assertTrue(e.getMessage().startsWith("lookup host.example. on " + tooSlow.server() + ": "), e.getMessage());
        // 200 ms, less a little for the wall clock's slew against nanoTime, plus 10 s for a busy machine.
        assertTrue(ms >= 150 && ms < 10_200, "a lookup with a 200 ms timeout took " + ms + " ms");
    }

    @Test
    void truncatedUdpIsAskedAgainOverTcpWhereTcIsAccepted() throws Exception {
        FakeDnsServer s = server(r -> r.tcp()
                ? one(encode(reply(r, 0, false, true, true, List.of(a(NAME, "192.0.2.1")), List.of())))
                : one(encode(reply(r, 0, false, true, true, List.of(a(NAME, "203.0.113.66")), List.of()))));
        assertEquals(List.of(IP), resolver(s).lookupIP("ip4", NAME));
        assertEquals(1, s.count(false));
        assertEquals(1, s.count(true));
    }

    @Test
    void tcpFailures() throws Exception {
        FakeDnsServer wrongId = server(r -> r.tcp() ? one(encode(new Message(new Header(
                (r.query().header().id() + 1) & 0xFFFF, true, 0, false, false, true, true, false, false, 0),
                r.query().questions(), List.of(), List.of(), List.of()))) : one(tc(r)));
        assertEquals("invalid DNS response", assertThrows(DNSError.class,
                () -> resolver(wrongId).lookupIP("ip4", NAME)).err());
        FakeDnsServer garbage = server(r -> r.tcp() ? one(new byte[] {1, 2, 3}) : one(tc(r)));
        assertEquals("cannot unmarshal DNS message", assertThrows(DNSError.class,
                () -> resolver(garbage).lookupIP("ip4", NAME)).err());
        FakeDnsServer closes = server(r -> r.tcp() ? List.of() : one(tc(r)));
        DNSError eof = assertThrows(DNSError.class, () -> resolver(closes).lookupIP("ip4", NAME));
        assertEquals("EOF", eof.err());
        assertFalse(eof.isTemporary());
    }

    private static byte[] tc(Request r) {
        return encode(reply(r, 0, false, true, true, List.of(), List.of()));
    }

    @Test
    void moreThanOneQuestionIsAnInvalidResponse() throws Exception {
        FakeDnsServer s = server(r -> {
            Message m = reply(r, 0, false, true, false, List.of(a(NAME, "192.0.2.1")), List.of());
            List<Question> qs = List.of(m.questions().get(0), new Question("x.example.", 1, 1));
            return one(encode(new Message(m.header(), qs, m.answers(), List.of(), List.of())));
        });
        assertEquals("invalid DNS response", assertThrows(DNSError.class, () -> resolver(s).lookupIP("ip4", NAME)).err());
    }

    @Test
    void queriesAsGoSendsThem() throws Exception {
        FakeDnsServer s = server(r -> one(answer(r, a(NAME, "192.0.2.1"))));
        Resolver res = resolver(s);
        for (int i = 0; i < 20; i++) {
            res.lookupIP("ip4", NAME);
        }
        Set<Integer> ids = new HashSet<>();
        Set<Integer> ports = new HashSet<>();
        for (Request r : s.requests()) {
            Message q = r.query();
            assertFalse(q.header().response());
            assertTrue(q.header().recursionDesired());
            assertFalse(q.header().authenticData());
            assertEquals(List.of(new Question(NAME, DnsType.A, 1)), q.questions());
            assertEquals(1, q.additionals().size());
            Resource opt = q.additionals().get(0);
            assertEquals(DnsType.OPT, opt.type());
            assertEquals(1232, opt.rclass());
            ids.add(q.header().id());
            ports.add(r.from().getPort());
        }
        // a fresh random ID and a fresh socket (so a fresh source port) per query
        assertTrue(ids.size() >= 18, "ids " + ids);
        assertTrue(ports.size() >= 10, "ports " + ports);
    }

    @Test
    void trustAdSetsTheAdBit() throws Exception {
        Files.writeString(dir.resolve("resolv.conf"), "options trust-ad\n");
        FakeDnsServer s = server(r -> one(answer(r, a(NAME, "192.0.2.1"))));
        resolver(s).lookupIP("ip4", NAME);
        assertTrue(s.requests().get(0).query().header().authenticData());
    }

    @Test
    void attemptsRoundsOverEveryServer() throws Exception {
        FakeDnsServer s1 = server(r -> List.of());
        FakeDnsServer s2 = server(r -> List.of());
        DNSError e = assertThrows(DNSError.class,
                () -> resolver(Duration.ofMillis(150), 3, s1, s2).build().lookupIP("ip4", NAME));
        assertTrue(e.isTimeout());
        assertEquals(s2.server(), e.server(), "the last error is reported");
        // A server records a query on its own thread when the datagram arrives; the last one may be
        // recorded only after the lookup has timed out waiting for its answer.
        awaitRequests(s1, 3);
        awaitRequests(s2, 3);
        assertEquals(3, s1.requests().size());
        assertEquals(3, s2.requests().size());
    }

    /** Waits (up to 10 s) until {@code s} has recorded at least {@code n} queries. */
    private static void awaitRequests(FakeDnsServer s, int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (s.requests().size() < n && System.nanoTime() - end < 0) {
            Thread.sleep(1);
        }
    }

    @Test
    void rotateStartsAtTheNextServerEachTime() throws Exception {
        Files.writeString(dir.resolve("resolv.conf"), "options rotate\n");
        FakeDnsServer s1 = server(r -> one(answer(r, a(NAME, "192.0.2.1"))));
        FakeDnsServer s2 = server(r -> one(answer(r, a(NAME, "192.0.2.1"))));
        Resolver r = resolver(s1, s2);
        for (int i = 0; i < 6; i++) {
            r.lookupIP("ip4", NAME);
        }
        assertEquals(3, s1.requests().size());
        assertEquals(3, s2.requests().size());
    }

    @Test
    void aAndAaaaAreAskedInParallel() throws Exception {
        CountDownLatch both = new CountDownLatch(2);
        FakeDnsServer s = server(r -> {
            both.countDown();
            // Answers only once both queries are in: sequential queries would time out here.
            if (!both.await(3, java.util.concurrent.TimeUnit.SECONDS)) {
                return List.of();
            }
            return one(FakeDnsServer.qtype(r) == DnsType.A ? answer(r, a(NAME, "192.0.2.1"))
                    : answer(r, FakeDnsServer.aaaa(NAME, "2001:db8::1")));
        });
        assertEquals(2, resolver(s).lookupIP("ip", NAME).size());
    }

    @Test
    void concurrentIdenticalLookupsShareOneQuery() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        FakeDnsServer s = server(r -> {
            // Held until every caller waits for the shared query: a caller that came only after the
            // answer would rightly ask again, so a fixed delay here would race with slow starters.
            assertTrue(answer.await(30, TimeUnit.SECONDS), "the test never released the answer");
            return one(answer(r, a(NAME, "192.0.2.1")));
        });
        Resolver r = resolver(Duration.ofSeconds(30), 1, s).build();
        List<Thread> callers = new ArrayList<>();
        List<AtomicReference<Object>> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            AtomicReference<Object> result = new AtomicReference<>();
            results.add(result);
            callers.add(Thread.ofVirtual().start(() -> {
                try {
                    result.set(r.lookupIP("ip4", NAME));
                } catch (Exception e) {
                    result.set(e);
                }
            }));
        }
        // Each caller, the first included, waits on the shared call's future (SingleFlight).
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Thread t : callers) {
            while (!(LockSupport.getBlocker(t) instanceof Object b && b.getClass().getEnclosingClass() == CompletableFuture.class)) {
                assertTrue(t.isAlive() && System.nanoTime() - end < 0,
                        () -> t + " is not waiting for the shared lookup (state " + t.getState() + ")");
                Thread.sleep(1);
            }
        }
        answer.countDown();
        for (int i = 0; i < callers.size(); i++) {
            assertTrue(callers.get(i).join(Duration.ofSeconds(10)), "a lookup did not end after the answer");
            assertEquals(List.of(IP), results.get(i).get());
        }
        assertEquals(1, s.requests().size());
    }

    @Test
    void anInterruptedLookupEndsAtOnceAndKeepsTheInterrupt() throws Exception {
        FakeDnsServer silent = server(r -> List.of());
        Resolver r = resolver(Duration.ofSeconds(30), 1, silent).build();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                r.lookupIP("ip4", NAME);
            } catch (Throwable e) {
                thrown.set(e);
            }
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        while (silent.requests().isEmpty()) {
            Thread.sleep(10);
        }
        t.interrupt();
        t.join(10_000);
        assertFalse(t.isAlive());
        assertTrue(thrown.get() instanceof DNSError, String.valueOf(thrown.get()));
        assertEquals("lookup host.example.: operation was interrupted", thrown.get().getMessage());
        assertTrue(stillInterrupted.get());
    }

    @Test
    void recordsWithInvalidNamesAreAnError() throws Exception {
        FakeDnsServer s = server(r -> one(answer(r, new Resource(NAME, DnsType.MX, 1, 60,
                new RData.MX(10, "bad name!.example.")))));
        DNSError e = assertThrows(DNSError.class, () -> resolver(s).lookupMX(NAME));
        assertEquals("lookup host.example.: DNS response contained records which contain invalid names",
                e.getMessage());
    }

    @Test
    void txtIsDecodedAsUtf8() throws Exception {
        String utf8 = new String("grüße ✓".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        FakeDnsServer s = server(r -> one(answer(r, FakeDnsServer.txt(NAME, utf8, "!"))));
        assertEquals(List.of("grüße ✓!"), resolver(s).lookupTXT(NAME));
    }
}
