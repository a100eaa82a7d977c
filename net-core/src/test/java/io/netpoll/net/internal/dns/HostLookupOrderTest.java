package io.netpoll.net.internal.dns;

import static io.netpoll.net.internal.dns.HostLookupOrder.DNS;
import static io.netpoll.net.internal.dns.HostLookupOrder.DNS_FILES;
import static io.netpoll.net.internal.dns.HostLookupOrder.FILES;
import static io.netpoll.net.internal.dns.HostLookupOrder.FILES_DNS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files/dns order from nsswitch.conf, after the pure-Go cases of Go's conf_test.go. */
class HostLookupOrderTest {

    @TempDir
    Path dir;

    private HostLookupOrder order(String nsswitch, String host) throws Exception {
        Path f = dir.resolve("nsswitch.conf");
        Files.writeString(f, nsswitch);
        return HostLookupOrder.of(HostLookupOrder.hostsSources(f), host);
    }

    @Test
    void orders() throws Exception {
        assertEquals(FILES_DNS, order("hosts: files dns\n", "x.com"));
        assertEquals(DNS_FILES, order("hosts: dns files\n", "x.com"));
        assertEquals(FILES, order("hosts: files\n", "x.com"));
        assertEquals(DNS, order("hosts: dns\n", "x.com"));
        assertEquals(FILES_DNS, order("passwd: files\n", "x.com"));
        assertEquals(FILES_DNS, order("# hosts: dns\n", "x.com"));
        assertEquals(FILES_DNS, order("hosts: files mdns4_minimal [NOTFOUND=return] dns myhostname\n", "x.com"));
        assertEquals(DNS_FILES, order("hosts:   dns [!UNAVAIL=return] files\n", "x.com"));
        // an unknown source counts as DNS only when no dns source exists
        assertEquals(FILES_DNS, order("hosts: files resolve\n", "x.com"));
        assertEquals(DNS_FILES, order("hosts: resolve files\n", "x.com"));
        assertEquals(FILES_DNS, order("hosts: files myhostname\n", "x.com"));
    }

    @Test
    void fallbackIsFilesThenDns() throws Exception {
        assertEquals(FILES_DNS, HostLookupOrder.of(HostLookupOrder.hostsSources(dir.resolve("missing")), "x.com"));
        assertEquals(FILES_DNS, order("hosts: dns\n", "printer.local"));
        assertEquals(FILES_DNS, order("hosts: dns\n", "printer.LOCAL."));
        assertEquals(FILES_DNS, order("hosts: dns\n", "a%b"));
        assertEquals(FILES_DNS, HostLookupOrder.of(List.of(), "x.com"));
    }
}
