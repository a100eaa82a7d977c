package io.netpoll.net.internal.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /etc/hosts parsing, after Go's hosts_test.go. */
class HostsTest {

    @TempDir
    Path dir;

    private Hosts hosts(String content) throws Exception {
        Path f = dir.resolve("hosts");
        Files.writeString(f, content);
        return Hosts.parse(f);
    }

    static final String SAMPLE = """
            255.255.255.255\tbroadcasthost
            127.0.0.2\todin
            127.0.0.3  odin  # inline comment
            ::2 odin
            127.1.1.1\tthor
            # aliases
            127.1.1.2\tullr ullrhost
            fe80::1%lo0\tlocalhost
            # bogus entries that must be ignored
            123.123.123\tloki
            321.321.321.321\tloki
            # TBD
            ::ffff:192.0.2.7 Mapped.Example.COM mapped
            10.0.0.1 www.example.com Web
            10.0.0.2 web www.example.com
            """;

    @Test
    void byName() throws Exception {
        Hosts h = hosts(SAMPLE);
        assertEquals(List.of("127.0.0.2", "127.0.0.3", "::2"), h.lookupStaticHost("odin").addrs());
        assertEquals(List.of("127.0.0.2", "127.0.0.3", "::2"), h.lookupStaticHost("ODIN").addrs());
        assertEquals(List.of("127.1.1.2"), h.lookupStaticHost("ullrhost").addrs());
        assertEquals(List.of("fe80::1%lo0"), h.lookupStaticHost("localhost").addrs());
        assertNull(h.lookupStaticHost("loki"));
        assertEquals(List.of("192.0.2.7"), h.lookupStaticHost("mapped.example.com.").addrs());
    }

    @Test
    void canonicalNameIsTheFirstNameOfTheFirstLine() throws Exception {
        Hosts h = hosts(SAMPLE);
        assertEquals("ullr", h.lookupStaticHost("ullrhost").canonicalName());
        assertEquals("mapped.example.com.", h.lookupStaticHost("Mapped").canonicalName());
        Hosts.ByName www = h.lookupStaticHost("www.example.com");
        assertEquals(List.of("10.0.0.1", "10.0.0.2"), www.addrs());
        assertEquals("www.example.com.", www.canonicalName());
        assertEquals("www.example.com.", h.lookupStaticHost("web").canonicalName());
    }

    @Test
    void byAddrKeepsTheNamesAsWritten() throws Exception {
        Hosts h = hosts(SAMPLE);
        assertEquals(List.of("odin"), h.lookupStaticAddr("127.0.0.2"));
        assertEquals(List.of("odin"), h.lookupStaticAddr("0:0:0:0:0:0:0:2"));
        assertEquals(List.of("Mapped.Example.COM.", "mapped"), h.lookupStaticAddr("192.0.2.7"));
        assertEquals(List.of("ullr", "ullrhost"), h.lookupStaticAddr("127.1.1.2"));
        assertEquals(List.of("localhost"), h.lookupStaticAddr("fe80::1%lo0"));
        assertEquals(List.of(), h.lookupStaticAddr("not-an-ip"));
    }

    @Test
    void resultsAreCopies() throws Exception {
        Hosts h = hosts(SAMPLE);
        List<String> a = h.lookupStaticHost("odin").addrs();
        org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class, () -> a.add("x"));
        assertEquals(3, h.lookupStaticHost("odin").addrs().size());
    }

    @Test
    void missingFileIsEmpty() {
        assertNull(Hosts.parse(dir.resolve("none")).lookupStaticHost("localhost"));
    }

    @Test
    void literalsNeverLookAnythingUp() {
        assertEquals("::1", Hosts.parseLiteralIP("0:0::1"));
        assertEquals("1.2.3.4", Hosts.parseLiteralIP("::ffff:1.2.3.4"));
        assertNull(Hosts.parseLiteralIP("localhost"));
        assertNull(Hosts.parseLiteralIP("01.2.3.4"));
        assertNull(Hosts.parseLiteralIP("1.2.3.4%eth0"));
        assertEquals("fe80::1%nosuchif9", Hosts.parseLiteralIP("fe80::1%nosuchif9"));
    }
}
