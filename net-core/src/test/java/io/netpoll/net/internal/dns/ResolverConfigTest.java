package io.netpoll.net.internal.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reloading resolv.conf, hosts and nsswitch.conf: at most every 5 s, and only when mtime or size changed. */
class ResolverConfigTest {

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);

    private void advance(long seconds) {
        clock.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    private ResolverConfig config(List<String> servers, Duration timeout, Integer attempts) {
        return new ResolverConfig(dir.resolve("resolv.conf"), dir.resolve("hosts"), dir.resolve("nsswitch.conf"),
                servers, timeout, attempts, () -> "me.corp.example", clock::get);
    }

    private void write(String file, String content, int mtimeSeconds) throws Exception {
        Path p = dir.resolve(file);
        Files.writeString(p, content);
        Files.setLastModifiedTime(p, FileTime.from(Instant.ofEpochSecond(1_700_000_000L + mtimeSeconds)));
    }

    @Test
    void resolvConfIsRecheckedAtMostEveryFiveSeconds() throws Exception {
        write("resolv.conf", "nameserver 1.1.1.1\n", 0);
        ResolverConfig c = config(null, null, null);
        DnsConfig first = c.dnsConfig();
        assertEquals(List.of("1.1.1.1:53"), first.servers);

        write("resolv.conf", "nameserver 2.2.2.2\n", 10);
        advance(4);
        assertSame(first, c.dnsConfig(), "re-read within 5 s");
        advance(1);
        assertEquals(List.of("2.2.2.2:53"), c.dnsConfig().servers);
    }

    @Test
    void unchangedFileIsNotParsedAgain() throws Exception {
        write("resolv.conf", "nameserver 1.1.1.1\n", 0);
        ResolverConfig c = config(null, null, null);
        DnsConfig first = c.dnsConfig();
        advance(6);
        assertSame(first, c.dnsConfig());
    }

    @Test
    void noReloadFreezesTheConfig() throws Exception {
        write("resolv.conf", "nameserver 1.1.1.1\noptions no-reload\n", 0);
        ResolverConfig c = config(null, null, null);
        write("resolv.conf", "nameserver 2.2.2.2\n", 10);
        advance(60);
        assertEquals(List.of("1.1.1.1:53"), c.dnsConfig().servers);
    }

    @Test
    void aFileThatAppearsIsPickedUp() throws Exception {
        ResolverConfig c = config(null, null, null);
        assertEquals(DnsConfig.DEFAULT_SERVERS, c.dnsConfig().servers);
        assertEquals(List.of("corp.example."), c.dnsConfig().search);
        write("resolv.conf", "nameserver 9.9.9.9\n", 0);
        advance(5);
        assertEquals(List.of("9.9.9.9:53"), c.dnsConfig().servers);
    }

    @Test
    void overridesSurviveReloads() throws Exception {
        write("resolv.conf", "nameserver 1.1.1.1\noptions rotate timeout:7\n", 0);
        ResolverConfig c = config(List.of("127.0.0.1:5353"), null, 1);
        assertEquals(List.of("127.0.0.1:5353"), c.dnsConfig().servers);
        assertEquals(Duration.ofSeconds(7), c.dnsConfig().timeout);
        assertEquals(1, c.dnsConfig().attempts);
        // the same object between reloads, so that rotate's counter keeps turning
        assertSame(c.dnsConfig(), c.dnsConfig());
        write("resolv.conf", "nameserver 1.1.1.1\noptions timeout:8\n", 10);
        advance(5);
        assertEquals(List.of("127.0.0.1:5353"), c.dnsConfig().servers);
        assertEquals(Duration.ofSeconds(8), c.dnsConfig().timeout);
    }

    @Test
    void hostsAreReReadWhenSizeChangesEvenWithTheSameMtime() throws Exception {
        write("hosts", "10.0.0.1 a\n", 0);
        ResolverConfig c = config(null, null, null);
        assertEquals(List.of("10.0.0.1"), c.hosts().lookupStaticHost("a").addrs());
        write("hosts", "10.0.0.1 a\n10.0.0.2 b\n", 0);
        assertNull(c.hosts().lookupStaticHost("b"));
        advance(5);
        assertEquals(List.of("10.0.0.2"), c.hosts().lookupStaticHost("b").addrs());
    }

    @Test
    void nsswitchDecidesTheOrder() throws Exception {
        write("nsswitch.conf", "hosts: dns files\n", 0);
        ResolverConfig c = config(null, null, null);
        assertEquals(HostLookupOrder.DNS_FILES, c.order("x.example"));
        write("nsswitch.conf", "hosts: files\n", 10);
        advance(5);
        assertEquals(HostLookupOrder.FILES, c.order("x.example"));
    }

    @Test
    void hostnameComesFromTheKernelWithoutALookup() {
        String h = ResolverConfig.hostname();
        org.junit.jupiter.api.Assertions.assertTrue(h == null || !h.isBlank());
    }
}
