package io.netpoll.net.internal.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Name rules, after Go's dnsname_test.go and the reverseaddr cases of dnsclient_test.go. */
class DomainNamesTest {

    @Test
    void isDomainNameAsGo() {
        for (String ok : new String[] {"foo.com", "foo.com.", "_sip._tcp.example.com", "a-b.c", "1a.com", ".",
            "x".repeat(63) + ".com", "a." + "b.".repeat(125) + "c"}) {
            assertTrue(DomainNames.isDomainName(ok), ok);
        }
        for (String bad : new String[] {"", "..", "foo..com", "-foo.com", "foo-.com", "foo.com-", "a.-b", "1.2.3.4",
            "123", "x".repeat(64) + ".com", "a b.com", "ü.com", "foo/bar", "a".repeat(254)}) {
            assertFalse(DomainNames.isDomainName(bad), bad);
        }
        String l63 = "a".repeat(63) + ".";
        assertTrue(DomainNames.isDomainName(l63.repeat(3) + "b".repeat(61) + "."), "254 with the root dot");
        assertTrue(DomainNames.isDomainName(l63.repeat(3) + "b".repeat(61)), "253 without");
        assertFalse(DomainNames.isDomainName(l63.repeat(3) + "b".repeat(62)), "254 without the root dot");
    }

    @Test
    void reverseaddr() throws Exception {
        assertEquals("1.0.0.127.in-addr.arpa.", DomainNames.reverseaddr(InetAddress.getByName("127.0.0.1")));
        assertEquals("10.2.0.192.in-addr.arpa.", DomainNames.reverseaddr(InetAddress.getByName("192.0.2.10")));
        assertEquals("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa.",
                DomainNames.reverseaddr(InetAddress.getByName("::1")));
        assertEquals("0.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.",
                DomainNames.reverseaddr(InetAddress.getByName("2001:db8::10")));
    }

    @Test
    void avoidDnsOnlyForOnionAndEmpty() {
        assertTrue(DomainNames.avoidDNS(""));
        assertTrue(DomainNames.avoidDNS("x.onion."));
        assertTrue(DomainNames.avoidDNS("x.ONION"));
        assertTrue(DomainNames.avoidDNS(".onion"));
        assertFalse(DomainNames.avoidDNS("onion"));
        assertFalse(DomainNames.avoidDNS("printer.local."));
    }

    @Test
    void absDomainNameOnlyForDottedNames() {
        assertEquals("localhost", DomainNames.absDomainName("localhost"));
        assertEquals("a.b.", DomainNames.absDomainName("a.b"));
        assertEquals("a.b.", DomainNames.absDomainName("a.b."));
    }
}
