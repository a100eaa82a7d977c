package io.netpoll.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpoll.net.internal.dns.FakeDnsServer;
import io.netpoll.net.internal.dns.JdkTransport;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Resolver's API rules that need no answer from a server: every query here would be counted as a failure. */
@Timeout(60)
class ResolverTest {

    @TempDir
    Path dir;

    private FakeDnsServer server;
    private Resolver resolver;

    @BeforeEach
    void setUp() throws Exception {
        server = new FakeDnsServer(r -> List.of(FakeDnsServer.rcode(r, 2)));
        Files.writeString(dir.resolve("resolv.conf"), "search corp.example\noptions ndots:1\n");
        Files.writeString(dir.resolve("hosts"), """
                127.0.0.1 localhost
                ::1 localhost ip6-localhost
                10.1.1.1 Files.Example files
                fe80::7%lo eth-host
                """);
        Files.writeString(dir.resolve("nsswitch.conf"), "hosts: files dns\n");
        resolver = builder().build();
    }

    @AfterEach
    void tearDown() throws Exception {
        server.close();
    }

    private Resolver.Builder builder() {
        return Resolver.builder().nameservers(server.server()).resolvConf(dir.resolve("resolv.conf"))
                .hostsFile(dir.resolve("hosts")).nsswitchConf(dir.resolve("nsswitch.conf"))
                .timeout(Duration.ofMillis(500)).attempts(1).transport(JdkTransport::dial);
    }

    @Test
    void ipLiteralsAreNeverLookedUp() throws Exception {
        assertEquals(List.of("192.0.2.1"), resolver.lookupHost("192.0.2.1"));
        assertEquals(List.of("2001:db8::1"), resolver.lookupHost("2001:db8::1"));
        assertEquals(List.of(InetAddress.getByName("192.0.2.1")), resolver.lookupIP("ip", "192.0.2.1"));
        assertEquals(List.of(InetAddress.getByName("::1")), resolver.lookupIP("ip6", "::1"));
        IOException none = assertThrows(IOException.class, () -> resolver.lookupIP("ip6", "192.0.2.1"));
        assertEquals("address 192.0.2.1: no suitable address found", none.getMessage());
        assertEquals(0, server.requests().size());
    }

    @Test
    void badArguments() {
        DNSError empty = assertThrows(DNSError.class, () -> resolver.lookupHost(""));
        assertEquals("lookup : no such host", empty.getMessage());
        assertTrue(empty.isNotFound());
        IOException net = assertThrows(IOException.class, () -> resolver.lookupIP("tcp", "example.com"));
        assertEquals("unknown network tcp", net.getMessage());
        assertTrue(net instanceof NetError);
        // not a domain name: "no such host" without asking, as libc says
        DNSError invalid = assertThrows(DNSError.class, () -> resolver.lookupHost("bad name.example"));
        assertEquals("lookup bad name.example: no such host", invalid.getMessage());
        assertTrue(assertThrows(DNSError.class, () -> resolver.lookupMX("-bad.example")).isNotFound());
        // .onion names never go to DNS (RFC 7686)
        assertTrue(assertThrows(DNSError.class, () -> resolver.lookupHost("hidden.onion.")).isNotFound());
        assertEquals(0, server.requests().size());
    }

    @Test
    void hostsFileAnswersWithoutDns() throws Exception {
        assertEquals(List.of("10.1.1.1"), resolver.lookupHost("files.example"));
        assertEquals(List.of("10.1.1.1"), resolver.lookupHost("FILES"));
        assertEquals(List.of(InetAddress.getByName("10.1.1.1")), resolver.lookupIP("ip4", "Files.Example."));
        assertEquals("files.example.", resolver.lookupCNAME("files"));
        assertEquals(List.of("Files.Example.", "files"), resolver.lookupAddr("10.1.1.1"));
        assertEquals(2, resolver.lookupIP("ip", "localhost").size());
        assertEquals("localhost", resolver.lookupIP("ip", "localhost").get(0).getHostName());
        assertEquals(0, server.requests().size());
    }

    @Test
    void filesOnlyOrderNeverAsksDns() throws Exception {
        Files.writeString(dir.resolve("nsswitch.conf"), "hosts: files\n");
        Resolver filesOnly = builder().build();
        DNSError e = assertThrows(DNSError.class, () -> filesOnly.lookupHost("www.example.com"));
        assertEquals("lookup www.example.com: no such host", e.getMessage());
        assertEquals(0, server.requests().size());
    }

    @Test
    void dnsThenFilesFallsBackToTheHostsFile() throws Exception {
        Files.writeString(dir.resolve("nsswitch.conf"), "hosts: dns files\n");
        Resolver dnsFirst = builder().build();
        assertEquals(List.of(InetAddress.getByName("10.1.1.1")), dnsFirst.lookupIP("ip4", "files.example."));
        assertEquals(1, server.requests().size(), "asked DNS first");
    }

    @Test
    void searchErrorsNameTheNameAsGiven() {
        DNSError e = assertThrows(DNSError.class, () -> resolver.lookupIP("ip4", "www"));
        assertEquals("lookup www on " + server.server() + ": server misbehaving", e.getMessage());
        assertEquals(List.of("www.corp.example.", "www."),
                server.requests().stream().map(FakeDnsServer::qname).toList());
    }

    @Test
    void lookupPortUsesTheServicesTable() throws Exception {
        assertEquals(80, resolver.lookupPort("tcp", "http"));
        assertEquals(443, resolver.lookupPort("", "https"));
        assertEquals(53, resolver.lookupPort("udp", "domain"));
        assertEquals(8080, resolver.lookupPort("tcp", "8080"));
        DNSError unknown = assertThrows(DNSError.class, () -> resolver.lookupPort("tcp", "no-such-service"));
        assertEquals("lookup tcp/no-such-service: unknown port", unknown.getMessage());
        assertTrue(unknown.isNotFound());
        IOException invalid = assertThrows(IOException.class, () -> resolver.lookupPort("tcp", "70000"));
        assertEquals("address 70000: invalid port", invalid.getMessage());
        assertTrue(invalid instanceof NetError);
        IOException net = assertThrows(IOException.class, () -> resolver.lookupPort("sctp", "http"));
        assertEquals("address sctp: unknown network", net.getMessage());
    }

    @Test
    void preferNativeAsksTheJdk() throws Exception {
        Resolver nativeResolver = builder().preferNative(true).build();
        assertFalse(nativeResolver.lookupIP("ip4", "localhost").isEmpty());
        assertTrue(nativeResolver.lookupIP("ip4", "localhost").get(0).isLoopbackAddress());
        assertEquals(0, server.requests().size());
    }

    @Test
    void dnsErrorFacts() {
        DNSError e = new DNSError("i/o timeout", "x.example", "[::1]:53", true, false, false);
        assertEquals("lookup x.example on [::1]:53: i/o timeout", e.getMessage());
        assertTrue(e.isTimeout() && e.isTemporary());
        assertEquals("lookup", e.op());
        assertEquals("", e.network());
        assertNull(e.source());
        assertEquals(new java.net.InetSocketAddress("::1", 53), e.addr());
        assertNull(new DNSError("no such host", "x", "", false, false, true).addr());
        assertTrue(e instanceof java.net.UnknownHostException);
    }

    @Test
    void builderChecksItsArguments() {
        assertThrows(IllegalArgumentException.class, () -> Resolver.builder().nameservers("dns.example.com"));
        assertThrows(IllegalArgumentException.class, () -> Resolver.builder().nameservers("127.0.0.1:0"));
        assertThrows(IllegalArgumentException.class, () -> Resolver.builder().nameservers());
        assertThrows(IllegalArgumentException.class, () -> Resolver.builder().timeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> Resolver.builder().attempts(0));
        Resolver.builder().nameservers("192.0.2.53", "[2001:db8::53]:5353", "::1", "127.0.0.1:53").build();
    }
}
