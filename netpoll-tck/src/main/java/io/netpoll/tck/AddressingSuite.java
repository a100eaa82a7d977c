// Ports Go's src/net/ip_test.go (SplitHostPort, JoinHostPort), ipsock_test.go, tcpsock_test.go
// (TestResolveTCPAddr) and lookup_test.go / port_test.go (TestLookupPort) through the public API.
package io.netpoll.tck;

import io.netpoll.net.Conn;
import io.netpoll.net.Dialer;
import io.netpoll.net.Listener;
import io.netpoll.net.Net;
import io.netpoll.net.NetError;
import io.netpoll.net.PacketConn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static io.netpoll.tck.Expect.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * Addresses (section J of the catalogue): {@code Net.splitHostPort} and {@code joinHostPort} with
 * Go's tables and error texts; literals, version-pinned networks and IPv4-mapped addresses as dial
 * and listen see them; ports by number (range-checked with Go's saturation) and by service name
 * (Go's built-in table, then /etc/services, case-insensitive).
 *
 * <p>A port's resolution is observed without connecting anywhere: a dial whose timeout has already
 * expired resolves its address, then fails with "i/o timeout" naming the resolved address.
 */
public abstract class AddressingSuite extends ProviderSuite {

    /** For the one-line subclass that runs this suite on a provider. */
    protected AddressingSuite() {
    }

    /**
     * Go's TestSplitHostPort (J1), the accepted rows: {hostport, host, port}.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void splitHostPort() throws IOException {
        String[][] tests = {
                {"localhost:http", "localhost", "http"}, {"localhost:80", "localhost", "80"},
                {"localhost%lo0:80", "localhost%lo0", "80"}, {"[localhost%lo0]:80", "localhost%lo0", "80"},
                {"127.0.0.1:http", "127.0.0.1", "http"}, {"[::1]:80", "::1", "80"},
                {"[::1%lo0]:80", "::1%lo0", "80"}, {"[fe80::1%lo0]:80", "fe80::1%lo0", "80"},
                {":80", "", "80"}, {"golang.org:", "golang.org", ""}, {"127.0.0.1:", "127.0.0.1", ""},
                {"[::1]:", "::1", ""}, {"golang.org:https%foo", "golang.org", "https%foo"},
        };
        for (String[] tt : tests) {
            assertArrayEquals(new String[] {tt[1], tt[2]}, Net.splitHostPort(tt[0]), tt[0]);
        }
    }

    /**
     * J1, the refused rows: Go's AddrError text, "address HOSTPORT: WHY".
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void splitHostPortErrors() {
        String[][] tests = {
                {"golang.org", "missing port in address"}, {"127.0.0.1", "missing port in address"},
                {"[::1]", "missing port in address"}, {"[fe80::1%lo0]", "missing port in address"},
                {"localhost%lo0", "missing port in address"}, {"[foo:bar]", "missing port in address"},
                {"[foo:bar]baz", "missing port in address"}, {"[foo]bar:baz", "missing port in address"},
                {"::1", "too many colons in address"}, {"fe80::1%lo0", "too many colons in address"},
                {"fe80::1%lo0:80", "too many colons in address"}, {"[foo]:[bar]:baz", "too many colons in address"},
                {"[foo]:[bar]baz", "unexpected '[' in address"}, {"foo[bar]:baz", "unexpected '[' in address"},
                {"foo]bar:baz", "unexpected ']' in address"}, {"[::1:80", "missing ']' in address"},
        };
        Rows rows = new Rows();
        for (String[] tt : tests) {
            rows.run(tt[0], () -> {
                IOException e = assertThrows(IOException.class, () -> Net.splitHostPort(tt[0]));
                Expect.netError(e, IOException.class, "address " + tt[0] + ": " + tt[1]);
            });
        }
        rows.verify();
    }

    /**
     * Go's TestJoinHostPort (J2): brackets exactly when the host has a colon; and what it joins,
     * splitHostPort splits back.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void joinHostPort() throws IOException {
        String[][] tests = {
                {"", "80", ":80"}, {"localhost", "80", "localhost:80"}, {"::1", "80", "[::1]:80"},
                {"::1%lo0", "80", "[::1%lo0]:80"}, {"localhost%lo0", "80", "localhost%lo0:80"},
                {"golang.org", "https", "golang.org:https"},
        };
        for (String[] tt : tests) {
            assertEquals(tt[2], Net.joinHostPort(tt[0], tt[1]));
            assertArrayEquals(new String[] {tt[0], tt[1]}, Net.splitHostPort(tt[2]));
        }
    }

    /**
     * Go's TestResolveTCPAddr (J3) as listen sees it: an IPv4-mapped literal on tcp4 is plain IPv4,
     * an empty host is every address, and the listener reports the address as Go prints it.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void listenAddresses() throws IOException {
        try (Listener ln = Net.listen("tcp4", "[::ffff:127.0.0.1]:0")) {
            InetSocketAddress a = (InetSocketAddress) ln.addr();
            assertInstanceOf(Inet4Address.class, a.getAddress());
            assertEquals("127.0.0.1:" + a.getPort(), GoText.addr(a));
        }
        try (Listener ln = Net.listen("tcp", ":0")) {
            int p = ((InetSocketAddress) ln.addr()).getPort();
            String want = Tcp.ipv6Loopback() ? "[::]:" + p : "0.0.0.0:" + p;
            assertEquals(want, GoText.addr(ln.addr()));
        }
    }

    /**
     * J3's refused rows: a version-pinned network keeps only its version's addresses, counting an
     * IPv4-mapped one as IPv4; nothing left is Go's "no suitable address found" for the host as
     * written. An unknown network is Go's UnknownNetworkError.
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void versionPinnedNetworks() {
        String[][] tests = {
                {"tcp4", "[2001:db8::1]:80", "dial tcp4: address 2001:db8::1: no suitable address found"},
                {"tcp6", "127.0.0.1:80", "dial tcp6: address 127.0.0.1: no suitable address found"},
                {"tcp6", "[::ffff:127.0.0.1]:80", "dial tcp6: address ::ffff:127.0.0.1: no suitable address found"},
                {"udp4", "[::1]:53", "dial udp4: address ::1: no suitable address found"},
                {"http", "127.0.0.1:80", "dial http: unknown network http"},
        };
        Rows rows = new Rows();
        for (String[] tt : tests) {
            rows.run(tt[0] + " " + tt[1], () -> {
                IOException e = assertThrows(IOException.class, () -> Net.dial(tt[0], tt[1]).close());
                Expect.netError(e, IOException.class, tt[2]);
                Expect.op(e, "dial", tt[0]);
            });
        }
        rows.verify();
    }

    /** The port a dial of {@code address} on {@code network} resolves to, seen in its expired-timeout error. */
    private static String resolved(String network, String address) {
        Dialer expired = Dialer.builder().timeout(Duration.ofNanos(-1)).build();
        IOException e = assertThrows(IOException.class, () -> expired.dial(network, address).close());
        assertInstanceOf(SocketTimeoutException.class, e, e.toString());
        String msg = e.getMessage();
        String prefix = "dial " + network + " ";
        String suffix = ": " + TIMEOUT;
        if (!msg.startsWith(prefix) || !msg.endsWith(suffix)) {
            throw new AssertionError("\"" + msg + "\" is not \"" + prefix + "ADDR" + suffix + "\"", e);
        }
        assertEquals(msg.substring(prefix.length(), msg.length() - suffix.length()), GoText.addr(((NetError) e).addr()));
        return msg.substring(prefix.length(), msg.length() - suffix.length());
    }

    /**
     * Go's TestLookupPort_Minimal and TestParsePort (J5): numbers, "" as 0, and service names from
     * Go's built-in table, case-insensitively, for tcp4/tcp6/udp as well.
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void portsByNumberAndName() {
        String[][] tests = {
                {"tcp", "127.0.0.1:0", "127.0.0.1:0"}, {"tcp", "127.0.0.1:", "127.0.0.1:0"},
                {"tcp", "127.0.0.1:+80", "127.0.0.1:80"}, {"tcp", "127.0.0.1:65535", "127.0.0.1:65535"},
                {"tcp", "127.0.0.1:http", "127.0.0.1:80"}, {"tcp", "127.0.0.1:HTTP", "127.0.0.1:80"},
                {"tcp", "127.0.0.1:https", "127.0.0.1:443"}, {"tcp", "127.0.0.1:ssh", "127.0.0.1:22"},
                {"tcp", "127.0.0.1:gopher", "127.0.0.1:70"}, {"tcp4", "127.0.0.1:http", "127.0.0.1:80"},
                {"tcp6", "[::1]:http", "[::1]:80"}, {"tcp", "[::ffff:127.0.0.1]:imaps", "127.0.0.1:993"},
                {"udp", "127.0.0.1:domain", "127.0.0.1:53"}, {"udp6", "[::1]:domain", "[::1]:53"},
                {"tcp", "localhost:smtp", "127.0.0.1:25"},
        };
        Rows rows = new Rows();
        for (String[] tt : tests) {
            rows.run(tt[0] + " " + tt[1], () -> assertEquals(tt[2], resolved(tt[0], tt[1])));
        }
        rows.verify();
    }

    /**
     * J5 from the system's table: a tcp service /etc/services names that Go's built-in table does not
     * resolves to the port the file gives it.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void portsFromEtcServices() throws IOException {
        Path services = Path.of("/etc/services");
        assumeTrue(Files.isReadable(services), "no /etc/services");
        Set<String> builtIn = Set.of("ftp", "ftps", "gopher", "http", "https", "imap2", "imap3", "imaps", "pop3",
                "pop3s", "smtp", "submissions", "ssh", "telnet", "domain");
        int checked = 0;
        for (String line : Files.readAllLines(services)) {
            String[] f = line.replaceFirst("#.*", "").trim().split("\\s+");
            if (f.length < 2 || !f[1].matches("[0-9]+/tcp") || builtIn.contains(f[0].toLowerCase(Locale.ROOT))
                    || !f[0].matches("[a-z][a-z0-9-]*")) {
                continue;
            }
            String port = f[1].substring(0, f[1].indexOf('/'));
            assertEquals("127.0.0.1:" + Integer.parseInt(port), resolved("tcp", "127.0.0.1:" + f[0]), line);
            if (++checked == 5) {
                break;
            }
        }
    }

    /**
     * Go's TestLookupPort (J5), the refused rows: a number outside 0..65535 (after Go's saturation)
     * is "invalid port"; an unknown name is a lookup failure "unknown port" naming "NET/NAME".
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void badPorts() throws IOException {
        String[][] tests = {
                {"tcp", "127.0.0.1:-1", "dial tcp: address -1: invalid port"},
                {"tcp", "127.0.0.1:65536", "dial tcp: address 65536: invalid port"},
                {"tcp", "127.0.0.1:123456789", "dial tcp: address 123456789: invalid port"},
                {"tcp", "127.0.0.1:--badport--", "dial tcp: lookup tcp/--badport--: unknown port"},
                {"udp", "127.0.0.1:_-unknown-service-", "dial udp: lookup udp/_-unknown-service-: unknown port"},
                {"tcp", "127.0.0.1:☺", "dial tcp: lookup tcp/☺: unknown port"},
        };
        Rows rows = new Rows();
        for (String[] tt : tests) {
            rows.run(tt[0] + " " + tt[1], () -> {
                IOException e = assertThrows(IOException.class, () -> Net.dial(tt[0], tt[1]).close());
                Expect.netError(e, IOException.class, tt[2]);
                if (tt[2].contains("lookup")) {
                    assertInstanceOf(UnknownHostException.class, e, "a failed service lookup is a lookup failure");
                }
            });
        }
        rows.verify();
        // Go's built-in "submissions" is tcp only; udp finds it only where /etc/services lists it so.
        Path services = Path.of("/etc/services");
        boolean udpSubmissions = Files.isReadable(services) && Files.readAllLines(services).stream()
                .anyMatch(l -> l.replaceFirst("#.*", "").matches("\\s*submissions\\s+\\d+/udp.*"));
        if (!udpSubmissions) {
            Expect.netError(assertThrows(IOException.class, () -> Net.dial("udp", "127.0.0.1:submissions").close()),
                    UnknownHostException.class, "dial udp: lookup udp/submissions: unknown port");
        }
    }

    /**
     * DESIGN: a literal is used as it is, never sent to a resolver; "localhost" is 127.0.0.1 first,
     * and ::1 for tcp6.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void literalsAndNames() throws IOException {
        assertEquals("127.0.0.1:7", resolved("tcp", "localhost:7"));
        assertEquals("[::1]:7", resolved("tcp6", "localhost:7"));
        assertEquals("[2001:db8::1]:7", resolved("tcp", "[2001:db8::1]:7"));
        assertEquals(InetAddress.getByName("2001:db8::1"),
                ((InetSocketAddress) ((NetError) assertThrows(IOException.class,
                        () -> Dialer.builder().timeout(Duration.ofNanos(-1)).build().dial("tcp", "[2001:db8::1]:7")))
                        .addr()).getAddress());
    }

    /**
     * Go's Dial(network, ln.Addr().String()): Net.addrString prints an address as Go does, and
     * Net.dial and Dialer.dial take the address itself. A listener on every address (":0") is dialed
     * as this host, as in Go; TCP, Unix and UDP alike.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void dialWhatAListenerReports() throws IOException {
        List<String[]> listeners = new ArrayList<>(List.of(new String[] {"tcp", "127.0.0.1:0"},
                new String[] {"tcp", ":0"}, new String[] {"tcp4", "0.0.0.0:0"}));
        if (Tcp.ipv6Loopback()) {
            listeners.add(new String[] {"tcp6", "[::1]:0"});
        }
        for (String[] l : listeners) {
            try (Listener ln = Net.listen(l[0], l[1])) {
                SocketAddress a = ln.addr();
                assertEquals(GoText.addr(a), Net.addrString(a), l[1]);
                try (Conn c = Net.dial(l[0], a); Conn s = ln.accept()) {
                    assertEquals(c.localAddr(), s.remoteAddr(), l[1]);
                }
                try (Conn c = Net.dialTimeout(l[0], a, Duration.ofSeconds(20)); Conn s = ln.accept()) {
                    assertEquals(c.localAddr(), s.remoteAddr(), l[1]);
                }
                try (Conn c = Dialer.builder().build().dial(l[0], a); Conn s = ln.accept()) {
                    assertEquals(c.localAddr(), s.remoteAddr(), l[1]);
                }
            }
        }
        try (Unix dir = Unix.tempDir(); Listener ln = Net.listen("unix", dir.path())) {
            assertEquals(((UnixDomainSocketAddress) ln.addr()).getPath().toString(), Net.addrString(ln.addr()));
            try (Conn c = Net.dial("unix", ln.addr()); Conn s = ln.accept()) {
                assertEquals(Net.addrString(ln.addr()), Net.addrString(c.remoteAddr()));
            }
        }
        try (PacketConn server = Net.listenPacket("udp", "127.0.0.1:0"); Conn c = Net.dial("udp", server.localAddr())) {
            c.write(new byte[] {42});
            ByteBuffer got = ByteBuffer.allocate(4);
            assertEquals(c.localAddr(), server.readFrom(got));
            assertEquals(1, got.position());
        }
    }

    /**
     * Go's TCPAddr/UnixAddr String for the JDK's addresses: IPv6 compressed and bracketed, an
     * IPv4-mapped address as IPv4, an unresolved address as written, a Unix address as its path;
     * never the JDK's "/127.0.0.1:80".
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void addrStringIsGoText() throws IOException {
        Object[][] tests = {
                {new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 80), "127.0.0.1:80"},
                {new InetSocketAddress(InetAddress.getByName("::1"), 80), "[::1]:80"},
                {new InetSocketAddress(InetAddress.getByName("2001:db8:0:0:1:0:0:1"), 443), "[2001:db8::1:0:0:1]:443"},
                {new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0), "0.0.0.0:0"},
                {new InetSocketAddress(InetAddress.getByName("::"), 8080), "[::]:8080"},
                {new InetSocketAddress(InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 10, 0, 0, 1}), 53), "10.0.0.1:53"},
                {InetSocketAddress.createUnresolved("example.com", 80), "example.com:80"},
                {UnixDomainSocketAddress.of("/tmp/echo.sock"), "/tmp/echo.sock"},
        };
        for (Object[] tt : tests) {
            SocketAddress a = (SocketAddress) tt[0];
            assertEquals(tt[1], Net.addrString(a), a.toString());
            assertEquals(tt[1], GoText.addr(a), a.toString());
        }
        NullPointerException e = assertThrows(NullPointerException.class, () -> Net.addrString(null));
        assertEquals("address", e.getMessage());
    }

    /**
     * The SocketAddress overloads are Dial(addr.String()): an address of the wrong kind fails with
     * exactly the error its text gets.
     *
     * @throws IOException on an unexpected failure, which fails the test
     */
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    public void dialSocketAddressFailsAsItsText() throws IOException {
        String path = "/tmp/netpoll-no-such.sock";
        IOException viaAddress = assertThrows(IOException.class,
                () -> Net.dial("tcp", UnixDomainSocketAddress.of(path)).close());
        IOException viaText = assertThrows(IOException.class, () -> Net.dial("tcp", path).close());
        assertEquals(viaText.getClass(), viaAddress.getClass());
        assertEquals(viaText.getMessage(), viaAddress.getMessage());
        Expect.op(viaAddress, "dial", "tcp");
        try (Listener ln = Tcp.listen()) {
            IOException unix = assertThrows(IOException.class, () -> Net.dial("unix", ln.addr()).close());
            Expect.netError(unix, IOException.class,
                    "dial unix " + Net.addrString(ln.addr()) + ": connect: no such file or directory");
        }
    }
}
