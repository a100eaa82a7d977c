package io.netpoll.net.internal;

import io.netpoll.net.DNSError;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Go's TestParsePort (port_test.go) and TestLookupPort* (lookup_test.go), on a fixed services table. */
class PortsTest {

    /** Go's built-in table only, as on a machine without /etc/services. */
    private static final Ports BUILT_IN = new Ports(List.of());

    @ParameterizedTest
    @CsvSource({
        "'',0", "0,0", "1,1", "+1,1", "-1,-1", "65535,65535", "65536,65536", "-65536,-65536",
        "1073741823,1073741823", "1073741824,1073741823", "123456789012345678901234567890,1073741823",
        "-1073741824,-1073741824", "-1073741825,-1073741824", "-123456789012345678901234567890,-1073741824",
        "+,0", "-,0",
    })
    void parsePortSaturatesAsGo(String service, int port) {
        assertEquals(port, Ports.parsePort(service));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "1x", "0x50", "--1", "+-1", " 80", "\u0661"})
    void parsePortSendsNonDecimalToLookup(String service) {
        assertNull(Ports.parsePort(service));
    }

    @ParameterizedTest
    @CsvSource({
        "tcp,0,0", "udp,0,0", "tcp,'',0", "udp,domain,53", "tcp,http,80", "tcp,HTTP,80", "tcp4,https,443",
        "tcp6,ssh,22", "tcp,gopher,70", "tcp,submissions,465", "'',http,80", "ip,domain,53", "ip,submissions,465",
        "--badnet--,0,0", "tcp,65535,65535",
    })
    void lookupPortFindsGosBuiltInServices(String network, String service, int port) throws IOException {
        assertEquals(port, BUILT_IN.lookupPort(network, service));
    }

    @ParameterizedTest
    @CsvSource({"tcp,-1", "tcp,65536", "udp,123456789", "tcp,-123456789012345678901234567890"})
    void outOfRangeIsAnInvalidPort(String network, String service) {
        AddrError e = assertThrows(AddrError.class, () -> BUILT_IN.lookupPort(network, service));
        assertEquals("address " + service + ": invalid port", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "udp,_-unknown-service-,udp/_-unknown-service-", "udp,submissions,udp/submissions", "tcp,--badport--,tcp/--badport--",
        "tcp6,domainx,tcp/domainx", "'',nosuchservice,ip/nosuchservice", "tcp,\u263a,tcp/\u263a",
    })
    void anUnknownNameIsANotFoundDNSError(String network, String service, String name) {
        DNSError e = assertThrows(DNSError.class, () -> BUILT_IN.lookupPort(network, service));
        assertEquals("lookup " + name + ": unknown port", e.getMessage());
        assertTrue(e.isNotFound());
        assertEquals(name, e.name());
    }

    @Test
    void aNameOnAnUnknownNetworkIsAnAddrError() {
        AddrError e = assertThrows(AddrError.class, () -> BUILT_IN.lookupPort("--badnet--", "zzz"));
        assertEquals("address --badnet--: unknown network", e.getMessage());
    }

    @Test
    void servicesLinesAddNamesAndAliases() throws IOException {
        Ports p = new Ports(List.of(
                "# comment line",
                "",
                "http-alt\t8080/tcp\twebcache # WWW caching service",
                "domain 53/udp",
                "sunrpc 111/tcp portmapper",
                "sunrpc 111/udp portmapper",
                "bogus notaport/tcp",
                "zero 0/tcp",
                "noproto 77",
                "  indented   99/tcp   # leading blanks"));
        assertEquals(8080, p.lookupPort("tcp", "http-alt"));
        assertEquals(8080, p.lookupPort("tcp", "WEBCACHE"));
        assertEquals(111, p.lookupPort("udp4", "portmapper"));
        assertEquals(99, p.lookupPort("tcp", "indented"));
        assertEquals(80, p.lookupPort("tcp", "http"));
        assertThrows(DNSError.class, () -> p.lookupPort("tcp", "zero"));
        assertThrows(DNSError.class, () -> p.lookupPort("tcp", "bogus"));
        assertThrows(DNSError.class, () -> p.lookupPort("udp", "http-alt"));
    }

    @Test
    void theSystemTableHasAtLeastGosBuiltIns() throws IOException {
        assertEquals(80, Ports.system().lookupPort("tcp", "http"));
        assertEquals(53, Ports.system().lookupPort("udp", "domain"));
    }
}
