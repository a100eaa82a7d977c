package io.netpoll.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code netpoll lookup} against a real DNS server: dnsmasq on a free loopback port with a zone given
 * on its command line, stopped by its pid after the tests. Skipped, saying so, only when no dnsmasq
 * is installed (apt-get install dnsmasq-base; CI installs it).
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LookupCommandTest {

    private static final List<Path> BINARIES = List.of(Path.of("/usr/sbin/dnsmasq"), Path.of("/usr/bin/dnsmasq"));

    private static Process dnsmasq;
    private static String server;

    @BeforeAll
    static void startDnsmasq() throws Exception {
        Path binary = BINARIES.stream().filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(binary != null, "dnsmasq is not installed (apt-get install dnsmasq-base)");
        for (int attempt = 0; attempt < 5 && dnsmasq == null; attempt++) {
            int port;
            try (DatagramChannel probe = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
                port = ((InetSocketAddress) probe.getLocalAddress()).getPort();
            }
            List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--keep-in-foreground", "--conf-file=/dev/null",
                    "--port=" + port, "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-hosts",
                    "--no-poll", "--cache-size=0", "--pid-file=",
                    "--local=/lookup.test/", "--local=/2.0.192.in-addr.arpa/",
                    "--host-record=www.lookup.test,192.0.2.10,2001:db8::10",
                    "--cname=alias.lookup.test,www.lookup.test",
                    "--mx-host=lookup.test,mail2.lookup.test,20", "--mx-host=lookup.test,mail1.lookup.test,10",
                    "--srv-host=_http._tcp.lookup.test,www.lookup.test,8080,10,60",
                    "--txt-record=lookup.test,v=spf1 -all",
                    "--ptr-record=10.2.0.192.in-addr.arpa,www.lookup.test",
                    // ns1.lookup.test as a raw NS record: dnsmasq has no NS option outside authoritative mode.
                    "--dns-rr=lookup.test,2,036e7331066c6f6f6b7570047465737400"));
            if ("root".equals(System.getProperty("user.name"))) {
                cmd.addAll(List.of("--user=nobody", "--group=nogroup"));
            }
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(Files.createTempFile("netpoll-lookup-dnsmasq", ".log").toFile()).start();
            if (!p.waitFor(500, TimeUnit.MILLISECONDS)) {
                dnsmasq = p;
                server = "127.0.0.1:" + port;
            }
        }
        assertTrue(dnsmasq != null, "dnsmasq did not stay up on any of 5 free ports");
        waitUntilAnswering();
    }

    private static void waitUntilAnswering() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Cli r = lookup("www.lookup.test");
        while (r.exitCode() != 0 && System.nanoTime() < end) {
            Thread.sleep(100);
            r = lookup("www.lookup.test");
        }
        assertEquals(0, r.exitCode(), r::toString);
    }

    @AfterAll
    static void stopDnsmasq() throws InterruptedException {
        if (dnsmasq != null) {
            dnsmasq.destroy();
            if (!dnsmasq.waitFor(5, TimeUnit.SECONDS)) {
                dnsmasq.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static Cli lookup(String... args) {
        List<String> all = new ArrayList<>(List.of("lookup", "--server", server));
        all.addAll(List.of(args));
        return Cli.run(all.toArray(String[]::new));
    }

    private static void assertAnswers(Cli r, String question, String... answers) {
        assertAnswersFrom(server, r, question, answers);
    }

    private static void assertAnswersFrom(String source, Cli r, String question, String... answers) {
        assertEquals(0, r.exitCode(), r::toString);
        String expected = ";; QUESTION SECTION:\n" + question + "\n\n;; ANSWER SECTION:\n"
                + String.join("\n", answers) + "\n\n;; SERVER: " + source + "\n";
        assertEquals(expected, r.out().replace(System.lineSeparator(), "\n"), r::toString);
    }

    /** lookup with {@code hosts} as the hosts file and the test's DNS server. */
    private static Cli lookupWithHosts(Path hosts, String... args) {
        LookupCommand lookup = new LookupCommand();
        lookup.hostsFile = hosts;
        CommandLine cl = new CommandLine(lookup);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("--server", server));
        all.addAll(List.of(args));
        int code = cl.execute(all.toArray(String[]::new));
        return new Cli(code, out.toString(), err.toString());
    }

    @Test
    void theTypeIsTakenInAnyCase() {
        assertAnswers(lookup("--type", "mx", "lookup.test"), ";lookup.test.\t\tIN\tMX",
                "lookup.test.\tIN\tMX\t10 mail1.lookup.test.", "lookup.test.\tIN\tMX\t20 mail2.lookup.test.");
        assertAnswers(lookup("--type", "Aaaa", "www.lookup.test"), ";www.lookup.test.\t\tIN\tAAAA",
                "www.lookup.test.\tIN\tAAAA\t2001:db8::10");
    }

    /**
     * The Resolver reads the hosts file before DNS (nsswitch.conf's "files dns", or Go's default without
     * one): an answer from there names the file as its server; one from DNS names the server.
     */
    @Test
    void theServerLineSaysWhereTheAnswerCameFrom(@TempDir Path dir) throws IOException {
        Path hosts = dir.resolve("hosts");
        Files.writeString(hosts, "# addresses of the test\n192.0.2.99  WWW.lookup.test www  # the web\n"
                + "2001:db8::99 www.lookup.test\n");
        String file = hosts.toString();
        assertAnswersFrom(file, lookupWithHosts(hosts, "www.lookup.test"), ";www.lookup.test.\t\tIN\tA",
                "www.lookup.test.\tIN\tA\t192.0.2.99");
        assertAnswersFrom(file, lookupWithHosts(hosts, "--type", "AAAA", "www.lookup.test."),
                ";www.lookup.test.\t\tIN\tAAAA", "www.lookup.test.\tIN\tAAAA\t2001:db8::99");
        assertAnswersFrom(file, lookupWithHosts(hosts, "--type", "CNAME", "www.lookup.test"),
                ";www.lookup.test.\t\tIN\tCNAME", "www.lookup.test.\tIN\tCNAME\twww.lookup.test.");
        assertAnswersFrom(file, lookupWithHosts(hosts, "--type", "PTR", "192.0.2.99"),
                ";99.2.0.192.in-addr.arpa.\t\tIN\tPTR", "99.2.0.192.in-addr.arpa.\tIN\tPTR\tWWW.lookup.test.",
                "99.2.0.192.in-addr.arpa.\tIN\tPTR\twww");
        // Not in the file, or a type the file does not hold: DNS answers.
        assertAnswers(lookupWithHosts(hosts, "--type", "PTR", "192.0.2.10"), ";10.2.0.192.in-addr.arpa.\t\tIN\tPTR",
                "10.2.0.192.in-addr.arpa.\tIN\tPTR\twww.lookup.test.");
        assertAnswers(lookupWithHosts(hosts, "--type", "MX", "lookup.test"), ";lookup.test.\t\tIN\tMX",
                "lookup.test.\tIN\tMX\t10 mail1.lookup.test.", "lookup.test.\tIN\tMX\t20 mail2.lookup.test.");
        assertAnswers(lookupWithHosts(hosts, "--type", "CNAME", "alias.lookup.test"), ";alias.lookup.test.\t\tIN\tCNAME",
                "alias.lookup.test.\tIN\tCNAME\twww.lookup.test.");
    }

    @Test
    void aIsTheDefaultType() {
        assertAnswers(lookup("www.lookup.test"), ";www.lookup.test.\t\tIN\tA", "www.lookup.test.\tIN\tA\t192.0.2.10");
    }

    @Test
    void aaaa() {
        assertAnswers(lookup("--type", "AAAA", "www.lookup.test"), ";www.lookup.test.\t\tIN\tAAAA",
                "www.lookup.test.\tIN\tAAAA\t2001:db8::10");
    }

    @Test
    void cnameIsTheAliasTarget() {
        assertAnswers(lookup("--type", "CNAME", "alias.lookup.test."), ";alias.lookup.test.\t\tIN\tCNAME",
                "alias.lookup.test.\tIN\tCNAME\twww.lookup.test.");
    }

    @Test
    void mxByPreference() {
        assertAnswers(lookup("--type", "MX", "lookup.test"), ";lookup.test.\t\tIN\tMX",
                "lookup.test.\tIN\tMX\t10 mail1.lookup.test.", "lookup.test.\tIN\tMX\t20 mail2.lookup.test.");
    }

    @Test
    void srvWithPriorityWeightPortTarget() {
        assertAnswers(lookup("--type", "SRV", "_http._tcp.lookup.test"), ";_http._tcp.lookup.test.\t\tIN\tSRV",
                "_http._tcp.lookup.test.\tIN\tSRV\t10 60 8080 www.lookup.test.");
    }

    @Test
    void nsAndTxt() {
        assertAnswers(lookup("--type", "NS", "lookup.test"), ";lookup.test.\t\tIN\tNS",
                "lookup.test.\tIN\tNS\tns1.lookup.test.");
        assertAnswers(lookup("--type", "TXT", "lookup.test"), ";lookup.test.\t\tIN\tTXT",
                "lookup.test.\tIN\tTXT\t\"v=spf1 -all\"");
    }

    @Test
    void ptrOfAnAddressUsesTheReverseName() {
        assertAnswers(lookup("--type", "PTR", "192.0.2.10"), ";10.2.0.192.in-addr.arpa.\t\tIN\tPTR",
                "10.2.0.192.in-addr.arpa.\tIN\tPTR\twww.lookup.test.");
    }

    @Test
    void anUnknownNameFailsWithGosText() {
        Cli r = lookup("nosuch.lookup.test.");
        assertEquals(1, r.exitCode(), r::toString);
        assertEquals("netpoll lookup: lookup nosuch.lookup.test. on " + server + ": no such host",
                r.err().strip(), r::toString);
        assertEquals("", r.out(), r::toString);
    }

    @Test
    void badArgumentsAreUsageErrors() throws IOException {
        Cli type = Cli.run("lookup", "--type", "HINFO", "x.test");
        assertEquals(2, type.exitCode(), type::toString);
        assertTrue(type.err().contains("--type"), type::toString);
        Cli srv = Cli.run("lookup", "--server", "dns.example:53", "x.test");
        assertEquals(2, srv.exitCode(), srv::toString);
        assertTrue(srv.err().contains("--server: nameserver dns.example:53 is not an IP address"), srv::toString);
        Cli ptr = Cli.run("lookup", "--server", server, "--type", "PTR", "not-an-address");
        assertEquals(1, ptr.exitCode(), ptr::toString);
        assertEquals("netpoll lookup: lookup not-an-address: unrecognized address", ptr.err().strip(), ptr::toString);
    }
}
