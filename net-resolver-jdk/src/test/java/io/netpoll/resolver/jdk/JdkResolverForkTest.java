package io.netpoll.resolver.jdk;

import io.netpoll.resolver.jdk.fork.LookupProgram;
import io.netpoll.tck.Dnsmasq;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The provider installed as the JVM's resolver, which only a fresh JVM can show: the JDK picks its
 * resolver once, at the first lookup. Each test forks a JVM on the class path (this module, net-core,
 * netpoll-api, the nio provider) whose {@code InetAddress} calls must reach dnsmasq on
 * loopback, which alone knows the netpoll.test names.
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JdkResolverForkTest {

    @RegisterExtension
    static final Dnsmasq DNSMASQ = new Dnsmasq();

    @TempDir
    static Path dir;

    @BeforeAll
    static void hosts() throws Exception {
        Files.writeString(dir.resolve("hosts"), "127.0.0.1 localhost\n10.9.8.7 hosts-only.test\n");
    }

    private static List<String> run(List<String> jvmOptions, String... lookups) throws Exception {
        return run(false, jvmOptions, lookups);
    }

    /**
     * Runs {@link LookupProgram} in a new JVM: everything on the class path, or the libraries on the
     * module path (where java.base's {@code uses InetAddressResolverProvider} binds this module's
     * {@code provides}) and only the program on the class path.
     */
    private static List<String> run(boolean modulePath, List<String> jvmOptions, String... lookups) throws Exception {
        String libraries = System.getProperty("netpoll.test.classes") + File.pathSeparator
                + Files.readAllLines(Path.of(System.getProperty("netpoll.test.forkClasspathFile"))).get(0);
        String program = System.getProperty("netpoll.test.testClasses");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(modulePath
                ? List.of("--module-path", libraries, "-cp", program)
                : List.of("-cp", program + File.pathSeparator + libraries));
        cmd.addAll(jvmOptions);
        cmd.add(LookupProgram.class.getName());
        cmd.addAll(List.of(lookups));
        Path out = Files.createTempFile(dir, "fork", ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("the forked JVM did not finish in 120 s:\n" + Files.readString(out));
        }
        List<String> lines = Files.readAllLines(out);
        assertEquals(0, p.exitValue(), String.join("\n", lines));
        return lines;
    }

    private static List<String> netpoll(String... more) {
        List<String> opts = new ArrayList<>(List.of("-Dnetpoll.provider=nio",
                "-Dnetpoll.resolver.nameservers=" + DNSMASQ.server(),
                "-Dnetpoll.resolver.hostsFile=" + dir.resolve("hosts")));
        opts.addAll(List.of(more));
        return opts;
    }

    private static String line(List<String> lines, String arg) {
        return lines.stream().filter(l -> l.startsWith(arg + " -> ")).findFirst()
                .map(l -> l.substring(arg.length() + 4))
                .orElseThrow(() -> new AssertionError("no line for " + arg + " in\n" + String.join("\n", lines)));
    }

    @Test
    void everyInetAddressLookupGoesThroughTheResolver() throws Exception {
        List<String> out = run(netpoll(), "name:www.netpoll.test", "name:alias2.netpoll.test", "name:hosts-only.test",
                "addr:192.0.2.10", "addr:203.0.113.5", "name:nosuch.netpoll.test", "name:192.0.2.77");
        assertEquals("192.0.2.10,2001:db8:0:0:0:0:0:10", line(out, "name:www.netpoll.test"), out::toString);
        assertEquals("192.0.2.10,2001:db8:0:0:0:0:0:10", line(out, "name:alias2.netpoll.test"), out::toString);
        assertEquals("10.9.8.7", line(out, "name:hosts-only.test"), out::toString);
        assertEquals("www.netpoll.test", line(out, "addr:192.0.2.10"), out::toString);
        // The JDK confirms a PTR name by looking it up forward; ptr-only has no address, so the JDK
        // keeps the literal, as it does with its built-in resolver.
        assertEquals("203.0.113.5", line(out, "addr:203.0.113.5"), out::toString);
        String nosuch = line(out, "name:nosuch.netpoll.test");
        assertTrue(nosuch.startsWith("UnknownHostException: ")
                && nosuch.contains("lookup nosuch.netpoll.test on " + DNSMASQ.server() + ": no such host"), nosuch);
        assertEquals("192.0.2.77", line(out, "name:192.0.2.77"), out::toString);
    }

    @Test
    void theModuleIsBoundAsAServiceOnTheModulePath() throws Exception {
        List<String> out = run(true, netpoll(), "name:www.netpoll.test", "addr:192.0.2.10");
        assertEquals("192.0.2.10,2001:db8:0:0:0:0:0:10", line(out, "name:www.netpoll.test"), out::toString);
        assertEquals("www.netpoll.test", line(out, "addr:192.0.2.10"), out::toString);
    }

    @Test
    void theLookupPolicyOrdersAndFiltersTheFamilies() throws Exception {
        List<String> v6First = run(netpoll("-Djava.net.preferIPv6Addresses=true"), "name:dual.netpoll.test");
        String[] v6 = line(v6First, "name:dual.netpoll.test").split(",");
        assertEquals(4, v6.length, v6First::toString);
        assertTrue(v6[0].contains(":") && v6[1].contains(":") && !v6[2].contains(":") && !v6[3].contains(":"),
                v6First::toString);
        List<String> v4Only = run(netpoll("-Djava.net.preferIPv4Stack=true"), "name:www.netpoll.test",
                "name:v6only.netpoll.test");
        assertEquals("192.0.2.10", line(v4Only, "name:www.netpoll.test"), v4Only::toString);
        assertTrue(line(v4Only, "name:v6only.netpoll.test").startsWith("UnknownHostException: "),
                v4Only::toString);
    }

    /**
     * No usable netpoll provider is a fault of this side: the built-in resolver answers instead. The
     * Resolver is given an empty hosts file, so localhost can only come from the built-in resolver
     * (the system's hosts file), and only once the Resolver has failed to reach its server.
     */
    @Test
    void anInternalErrorFallsBackToTheBuiltInResolver() throws Exception {
        Files.writeString(dir.resolve("empty-hosts"), "");
        List<String> out = run(List.of("-Dnetpoll.provider=nosuch", "-Dnetpoll.resolver.nameservers=" + DNSMASQ.server(),
                "-Dnetpoll.resolver.hostsFile=" + dir.resolve("empty-hosts")), "name:localhost", "name:www.netpoll.test");
        assertTrue(line(out, "name:localhost").contains("127.0.0.1"), out::toString);
        assertTrue(line(out, "name:www.netpoll.test").startsWith("UnknownHostException: "), out::toString);
    }

    /** A configuration the Resolver rejects leaves the built-in resolver in place, and lookups working. */
    @Test
    void anUnusableConfigurationKeepsTheBuiltInResolver() throws Exception {
        List<String> out = run(List.of("-Dnetpoll.provider=nio", "-Dnetpoll.resolver.nameservers=dns.example:53"),
                "name:localhost", "name:www.netpoll.test");
        assertTrue(line(out, "name:localhost").contains("127.0.0.1"), out::toString);
        assertTrue(line(out, "name:www.netpoll.test").startsWith("UnknownHostException: "), out::toString);
        assertTrue(out.stream().anyMatch(l -> l.contains("netpoll resolver not installed")
                && l.contains("dns.example:53 is not an IP address")), out::toString);
    }
}
