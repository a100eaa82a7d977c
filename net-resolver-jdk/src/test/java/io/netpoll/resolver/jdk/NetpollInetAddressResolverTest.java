package io.netpoll.resolver.jdk;

import io.netpoll.net.DNSError;
import io.netpoll.net.Resolver;
import io.netpoll.tck.Dnsmasq;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolver.LookupPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static java.net.spi.InetAddressResolver.LookupPolicy.IPV4;
import static java.net.spi.InetAddressResolver.LookupPolicy.IPV4_FIRST;
import static java.net.spi.InetAddressResolver.LookupPolicy.IPV6;
import static java.net.spi.InetAddressResolver.LookupPolicy.IPV6_FIRST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The adapter in this JVM, without installing it: the lookup policy's families and order, the
 * JDK's exceptions, and that a DNS answer (even "no such host") never reaches the built-in resolver.
 * The Resolver runs on the nio provider against dnsmasq.
 */
@Timeout(60)
class NetpollInetAddressResolverTest {

    @RegisterExtension
    static final Dnsmasq DNSMASQ = new Dnsmasq();

    @TempDir
    static Path dir;

    private static final AtomicInteger BUILTIN_CALLS = new AtomicInteger();

    /** Counts calls; it never answers, so a test that reached it would fail. */
    private static final InetAddressResolver BUILTIN = new InetAddressResolver() {
        @Override
        public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
            BUILTIN_CALLS.incrementAndGet();
            throw new UnknownHostException("built-in resolver asked for " + host);
        }

        @Override
        public String lookupByAddress(byte[] addr) throws UnknownHostException {
            BUILTIN_CALLS.incrementAndGet();
            throw new UnknownHostException("built-in resolver asked for an address");
        }
    };

    private static NetpollInetAddressResolver resolver;

    @BeforeAll
    static void setUp() throws Exception {
        Files.writeString(dir.resolve("hosts"), "");
        resolver = new NetpollInetAddressResolver(Resolver.builder().nameservers(DNSMASQ.server())
                .hostsFile(dir.resolve("hosts")).resolvConf(dir.resolve("no-resolv.conf")).build(), BUILTIN);
    }

    private static List<String> lookup(String host, int characteristics) throws UnknownHostException {
        return resolver.lookupByName(host, LookupPolicy.of(characteristics)).map(InetAddress::getHostAddress).toList();
    }

    @Test
    void thePolicyChoosesFamiliesAndOrder() throws Exception {
        List<String> v4First = lookup("dual.netpoll.test", IPV4 | IPV6 | IPV4_FIRST);
        assertEquals(4, v4First.size(), v4First::toString);
        assertEquals(List.of(false, false, true, true), v4First.stream().map(a -> a.contains(":")).toList());
        List<String> v6First = lookup("dual.netpoll.test", IPV4 | IPV6 | IPV6_FIRST);
        assertEquals(List.of(true, true, false, false), v6First.stream().map(a -> a.contains(":")).toList());
        assertEquals(List.of("192.0.2.10"), lookup("www.netpoll.test", IPV4));
        assertEquals(List.of("2001:db8:0:0:0:0:0:10"), lookup("www.netpoll.test", IPV6));
        assertEquals(0, BUILTIN_CALLS.get());
    }

    @Test
    void aDnsAnswerIsAnUnknownHostExceptionAndNeverTheBuiltInResolvers() {
        DNSError e = assertThrows(DNSError.class, () -> lookup("nosuch.netpoll.test", IPV4 | IPV6 | IPV4_FIRST));
        assertEquals("lookup nosuch.netpoll.test on " + DNSMASQ.server() + ": no such host", e.getMessage());
        UnknownHostException family = assertThrows(UnknownHostException.class, () -> lookup("v4only.netpoll.test", IPV6));
        assertEquals("lookup v4only.netpoll.test on " + DNSMASQ.server() + ": no such host", family.getMessage());
        assertThrows(UnknownHostException.class, () -> resolver.lookupByAddress(new byte[] {(byte) 192, 0, 2, 99}));
        assertEquals(0, BUILTIN_CALLS.get());
    }

    @Test
    void reverseLookupsAreUnrooted() throws Exception {
        assertEquals("www.netpoll.test", resolver.lookupByAddress(new byte[] {(byte) 192, 0, 2, 10}));
        assertEquals("www.netpoll.test", resolver.lookupByAddress(InetAddress.getByName("2001:db8::10").getAddress()));
        assertThrows(IllegalArgumentException.class, () -> resolver.lookupByAddress(new byte[5]));
        assertEquals(0, BUILTIN_CALLS.get());
    }
}
