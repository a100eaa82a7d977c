package io.netpoll.net.internal.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** resolv.conf parsing and the search list, after Go's dnsconfig_unix_test.go and dnsclient_unix_test.go. */
class DnsConfigTest {

    @TempDir
    Path dir;

    private DnsConfig parse(String content) throws Exception {
        return parse(content, "host.corp.example");
    }

    private DnsConfig parse(String content, String hostname) throws Exception {
        Path f = dir.resolve("resolv.conf");
        Files.writeString(f, content);
        return DnsConfig.parse(f, () -> hostname);
    }

    @Test
    void fullFile() throws Exception {
        DnsConfig c = parse("""
                # comment
                ; another comment
                domain localdomain
                nameserver 8.8.8.8
                nameserver 2001:4860:4860::8888
                nameserver fe80::1%lo0
                nameserver 8.8.4.4
                options ndots:5 timeout:10 attempts:3 rotate single-request use-vc trust-ad edns0
                search corp.example. other.example
                """);
        assertEquals(List.of("8.8.8.8:53", "[2001:4860:4860::8888]:53", "[fe80::1%lo0]:53"), c.servers);
        assertEquals(List.of("corp.example.", "other.example."), c.search);
        assertEquals(5, c.ndots);
        assertEquals(Duration.ofSeconds(10), c.timeout);
        assertEquals(3, c.attempts);
        assertTrue(c.rotate && c.singleRequest && c.useTCP && c.trustAD);
        assertFalse(c.unknownOpt);
        assertFalse(c.noReload);
        assertNull(c.err);
    }

    @Test
    void defaultsAsGo() throws Exception {
        DnsConfig c = parse("");
        assertEquals(List.of("127.0.0.1:53", "[::1]:53"), c.servers);
        assertEquals(List.of("corp.example."), c.search);
        assertEquals(1, c.ndots);
        assertEquals(Duration.ofSeconds(5), c.timeout);
        assertEquals(2, c.attempts);
        assertFalse(c.rotate || c.singleRequest || c.useTCP || c.trustAD);
    }

    @Test
    void missingFileGivesDefaultsAndKeepsTheError() {
        DnsConfig c = DnsConfig.parse(dir.resolve("nope"), () -> "solo");
        assertEquals(DnsConfig.DEFAULT_SERVERS, c.servers);
        assertEquals(List.of(), c.search);
        assertNotNull(c.err);
    }

    @Test
    void hostNamesAsServersAreIgnoredAndThreeAtMostCount() throws Exception {
        DnsConfig c = parse("""
                nameserver dns.example.com
                nameserver 1.1.1.1
                nameserver 1.0.0.1
                nameserver 9.9.9.9
                nameserver 8.8.8.8
                """);
        assertEquals(List.of("1.1.1.1:53", "1.0.0.1:53", "9.9.9.9:53"), c.servers);
    }

    @Test
    void lastOfDomainAndSearchWins() throws Exception {
        assertEquals(List.of("b.example."), parse("search a.example\ndomain b.example\n").search);
        assertEquals(List.of("c.example.", "d.example."), parse("domain b.example\nsearch c.example d.example\n").search);
        assertEquals(List.of("x.example."), parse("search . x.example .\n").search);
    }

    @Test
    void optionBoundsAsGo() throws Exception {
        DnsConfig c = parse("options ndots:99 timeout:0 attempts:0\n");
        assertEquals(15, c.ndots);
        assertEquals(Duration.ofSeconds(1), c.timeout);
        assertEquals(1, c.attempts);
        DnsConfig d = parse("options ndots:-1 ndots:abc timeout:x\n");
        assertEquals(0, d.ndots);
        assertEquals(Duration.ofSeconds(1), d.timeout);
        assertTrue(parse("options single-request-reopen usevc\n").singleRequest);
        assertTrue(parse("options tcp\n").useTCP);
        assertTrue(parse("options no-reload\n").noReload);
        assertTrue(parse("options whatever\n").unknownOpt);
        assertTrue(parse("sortlist 130.155.160.0/255.255.240.0\n").unknownOpt);
    }

    @Test
    void rotateCyclesTheStartingServer() throws Exception {
        DnsConfig c = parse("nameserver 1.1.1.1\nnameserver 2.2.2.2\noptions rotate\n");
        assertEquals(List.of(0, 1, 2, 3), List.of(c.serverOffset(), c.serverOffset(), c.serverOffset(), c.serverOffset()));
        DnsConfig fixed = parse("nameserver 1.1.1.1\nnameserver 2.2.2.2\n");
        assertEquals(List.of(0, 0), List.of(fixed.serverOffset(), fixed.serverOffset()));
    }

    @Test
    void nameListFollowsNdotsSearchAndTheRootedRule() throws Exception {
        DnsConfig c = parse("search a.example. b.example.\noptions ndots:1\n");
        // fewer dots than ndots: suffixes first, the bare name last
        assertEquals(List.of("www.a.example.", "www.b.example.", "www."), c.nameList("www"));
        // enough dots: the name as is first
        assertEquals(List.of("www.go.dev.", "www.go.dev.a.example.", "www.go.dev.b.example."), c.nameList("www.go.dev"));
        // rooted: only itself
        assertEquals(List.of("www.go.dev."), c.nameList("www.go.dev."));
        // .onion never goes to DNS (RFC 7686)
        assertEquals(List.of(), c.nameList("hidden.onion."));
        assertEquals(List.of("x.onion.a.example.", "x.onion.b.example."), c.nameList("x.onion"));
        // too long
        assertEquals(List.of(), c.nameList("a".repeat(254)));
        assertEquals(List.of("a".repeat(253) + "."), c.nameList("a".repeat(253) + "."));
        DnsConfig ndots0 = parse("search a.example.\noptions ndots:0\n");
        assertEquals(List.of("www.", "www.a.example."), ndots0.nameList("www"));
    }

    @Test
    void suffixedNamesOver254AreSkipped() throws Exception {
        DnsConfig c = parse("search " + "s".repeat(60) + ".example.\n");
        String name = "n".repeat(200);
        assertEquals(List.of(name + "."), c.nameList(name));
    }

    @Test
    void overridesReplaceServersTimeoutAndAttempts() throws Exception {
        DnsConfig c = parse("nameserver 1.1.1.1\noptions timeout:9 attempts:4 ndots:3\n")
                .with(List.of("127.0.0.1:5353"), Duration.ofMillis(300), null);
        assertEquals(List.of("127.0.0.1:5353"), c.servers);
        assertEquals(Duration.ofMillis(300), c.timeout);
        assertEquals(4, c.attempts);
        assertEquals(3, c.ndots);
    }
}
