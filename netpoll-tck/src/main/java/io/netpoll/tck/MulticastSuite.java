// Ports Go's multicast listener tests (src/net/listen_test.go: TestIPv4MulticastListener,
// TestIPv6MulticastListener) through Net.listenMulticastUDP, with datagrams actually delivered.
package io.netpoll.tck;

import io.netpoll.Netpoll;
import io.netpoll.net.Net;
import io.netpoll.net.UDPConn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * Multicast, with datagrams actually delivered. A host's {@code lo} usually has no MULTICAST flag, and
 * turning it on changes the host, so the cases run in a child JVM inside a network namespace of its own
 * ({@code unshare -n}), where nothing outside is touched: there {@code lo} is brought up with multicast
 * on, and a veth pair {@code v0}/{@code v1} is made, because Linux delivers no IPv6 multicast on
 * {@code lo}. The child runs on the provider under test. That needs Linux, {@code unshare} and
 * {@code ip}, the right to make a namespace (root) and veth; elsewhere the suite is skipped, saying
 * which is missing.
 *
 * <p>In the child, IPv4 (224.0.0.254 on {@code lo}, 224.0.0.253 on {@code v0}) and IPv6 (ff02::114 on
 * {@code v0}): two listeners
 * share the group's port (SO_REUSEADDR) on the wildcard address, both receive a datagram a JDK socket
 * sends to the group through the interface, and a listener's own send to the group is not delivered to
 * the local listeners on {@code v0} (Go turns IP_MULTICAST_LOOP off) while on {@code lo}, which delivers
 * whatever is sent on it, it reaches the other.
 */
public abstract class MulticastSuite extends ProviderSuite {

    /** For the one-line subclass that runs this suite on a provider. */
    protected MulticastSuite() {
    }

    /**
     * Go's TestIPv4MulticastListener and TestIPv6MulticastListener: the child JVM, in a network namespace
     * of its own, runs the cases of the class comment for each group and says it passed each; skipped
     * where no such namespace can be made.
     *
     * @throws Exception on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 180, threadMode = SEPARATE_THREAD)
    public void listenMulticastUDPOnLoopback() throws Exception {
        assumeTrue(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).equals("linux"),
                "network namespaces are Linux's");
        Path unshare = Programs.onPath("unshare");
        Path ip = Programs.onPath("ip");
        assumeTrue(unshare != null && ip != null, "unshare or ip (util-linux, iproute2) is not installed");
        Run probe = run(List.of(unshare.toString(), "-n", "true"));
        assumeTrue(probe.exit == 0, "cannot make a network namespace here (needs root): " + probe.output.strip());
        Run veth = run(List.of(unshare.toString(), "-n", ip.toString(), "link", "add", "v0", "type", "veth", "peer",
                "name", "v1"));
        assumeTrue(veth.exit == 0, "this kernel cannot make a veth pair: " + veth.output.strip());

        List<String> cmd = new ArrayList<>(List.of(unshare.toString(), "-n", "sh", "-c",
                ip + " link set lo up && " + ip + " link set lo multicast on && "
                        + ip + " link add v0 type veth peer name v1 && " + ip + " link set v1 up && "
                        + ip + " link set v0 up && " + ip + " addr add 10.9.0.1/24 dev v0 && "
                        + ip + " -6 addr add fd00::1/64 dev v0 nodad && exec \"$0\" \"$@\"",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED"));
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("netpoll."))
                .forEach(k -> cmd.add("-D" + k + "=" + System.getProperty(k)));
        cmd.add("-Dnetpoll.provider=" + Netpoll.provider().name());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Workload.class.getName()));
        Run child = run(cmd);
        assertEquals(0, child.exit, "the child JVM failed:\n" + child.output);
        for (String done : List.of("udp4 lo", "udp4 v0", "udp6 v0")) {
            assertTrue(child.output.contains("ok " + done + " on " + Netpoll.provider().name()), child.output);
        }
    }

    /** Go's ListenMulticastUDP refuses a network that is not UDP and a missing group, in its OpError. */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void badArguments() {
        Throwable t = assertThrows(IOException.class, () -> Net.listenMulticastUDP("tcp", null,
                new InetSocketAddress("224.0.0.254", 0)));
        Expect.netError(t, IOException.class, "listen tcp 224.0.0.254:0: unknown network tcp");
        t = assertThrows(IOException.class, () -> Net.listenMulticastUDP("udp", null, null));
        Expect.netError(t, IOException.class, "listen udp: missing address");
    }

    private record Run(int exit, String output) {
    }

    private static Run run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "still running: " + cmd);
        return new Run(p.exitValue(), out);
    }

    /** The child, in its own network namespace: every case for each group, then "ok NETWORK INTERFACE on PROVIDER". */
    public static final class Workload {

        private Workload() {
        }

        /**
         * Runs every case on the provider the {@code netpoll.provider} property names; a failed case
         * throws, so the JVM exits with a status other than 0.
         *
         * @param args none
         * @throws Exception when a case fails or the network cannot be used
         */
        public static void main(String[] args) throws Exception {
            NetworkInterface lo = NetworkInterface.getByName("lo");
            check(lo != null && lo.supportsMulticast() && lo.isUp(), "lo is up with multicast: " + lo);
            NetworkInterface v0 = NetworkInterface.getByName("v0");
            check(v0 != null && v0.supportsMulticast() && v0.isUp(), "v0 is up with multicast: " + v0);
            group("udp4", lo, InetAddress.getByName("224.0.0.254"), StandardProtocolFamily.INET);
            group("udp4", v0, InetAddress.getByName("224.0.0.253"), StandardProtocolFamily.INET);
            group("udp6", v0, InetAddress.getByName("ff02::114"), StandardProtocolFamily.INET6);
        }

        private static void group(String network, NetworkInterface ifi, InetAddress g, StandardProtocolFamily pf)
                throws IOException {
            try (UDPConn a = Net.listenMulticastUDP(network, ifi, new InetSocketAddress(g, 0))) {
                InetSocketAddress la = (InetSocketAddress) a.localAddr();
                check(la.getPort() > 0 && la.getAddress().isAnyLocalAddress(), "bound the wildcard: " + la);
                InetSocketAddress group = new InetSocketAddress(g, la.getPort());
                // Sends name ifi as the scope of a link-local IPv6 group: the namespace has no multicast route.
                InetSocketAddress to = g instanceof Inet6Address
                        ? new InetSocketAddress(Inet6Address.getByAddress(null, g.getAddress(), ifi), la.getPort())
                        : group;
                try (UDPConn b = Net.listenMulticastUDP(network, ifi, group);
                     DatagramChannel sender = DatagramChannel.open(pf)) {
                    check(((InetSocketAddress) b.localAddr()).getPort() == la.getPort(), "shares the port: " + b.localAddr());
                    sender.setOption(StandardSocketOptions.IP_MULTICAST_IF, ifi);
                    sender.send(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)), to);
                    int senderPort = ((InetSocketAddress) sender.getLocalAddress()).getPort();
                    for (UDPConn c : List.of(a, b)) {
                        InetSocketAddress from = (InetSocketAddress) expect(c, "hello");
                        check(from.getPort() == senderPort, "from the sender: " + from);
                    }
                    a.writeTo(ByteBuffer.wrap("self".getBytes(StandardCharsets.US_ASCII)), to);
                    if (ifi.isLoopback()) {
                        // lo delivers what is sent on it, whatever IP_MULTICAST_LOOP says.
                        expect(b, "self");
                        expect(a, "self");
                    } else {
                        // IP_MULTICAST_LOOP is off (Go's choice): no local listener gets its own send.
                        sender.send(ByteBuffer.wrap("after".getBytes(StandardCharsets.US_ASCII)), to);
                        expect(a, "after");
                        expect(b, "after");
                    }
                }
            }
            System.out.println("ok " + network + " " + ifi.getName() + " on " + Netpoll.provider().name());
        }

        /** Reads one datagram (within 10 s), which must be {@code want}; returns its sender. */
        private static SocketAddress expect(UDPConn c, String want) throws IOException {
            c.setReadDeadline(Instant.now().plusSeconds(10));
            ByteBuffer buf = ByteBuffer.allocate(100);
            SocketAddress from = c.readFrom(buf);
            String got = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII);
            check(got.equals(want), "received \"" + got + "\" from " + from + "; want \"" + want + "\"");
            return from;
        }

        private static void check(boolean ok, String what) {
            if (!ok) {
                throw new AssertionError(what);
            }
        }
    }
}
