package io.netpoll.net.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go's TestSplitHostPort, TestJoinHostPort and the literal half of TestResolveTCPAddr (ip_test.go, ipsock_test.go). */
class IPSockTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "localhost:http|localhost|http",
        "localhost%lo0:80|localhost%lo0|80",
        "[localhost%lo0]:80|localhost%lo0|80",
        "[::1]:80|::1|80",
        "[::1%lo0]:80|::1%lo0|80",
        ":80|''|80",
        "golang.org:|golang.org|''",
        "[::1]:|::1|''",
        "golang.org:https%foo|golang.org|https%foo",
    })
    void splitHostPortAcceptsWhatGoAccepts(String hostport, String host, String port) throws AddrError {
        assertArrayEquals(new String[] {host, port}, IPSock.splitHostPort(hostport));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "golang.org|missing port in address",
        "127.0.0.1|missing port in address",
        "[::1]|missing port in address",
        "[fe80::1%lo0]|missing port in address",
        "localhost%lo0|missing port in address",
        "[foo:bar]|missing port in address",
        "[foo:bar]baz|missing port in address",
        "[foo]bar:baz|missing port in address",
        "::1|too many colons in address",
        "fe80::1%lo0|too many colons in address",
        "fe80::1%lo0:80|too many colons in address",
        "[foo]:[bar]:baz|too many colons in address",
        "[foo]:[bar]baz|unexpected '[' in address",
        "foo[bar]:baz|unexpected '[' in address",
        "foo]bar:baz|unexpected ']' in address",
        "[::1:80|missing ']' in address",
        "''|missing port in address",
    })
    void splitHostPortFailsWithGosText(String hostport, String why) {
        AddrError e = assertThrows(AddrError.class, () -> IPSock.splitHostPort(hostport));
        assertEquals(why, e.err());
        assertEquals(hostport, e.addr());
        assertEquals(hostport.isEmpty() ? why : "address " + hostport + ": " + why, e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "::1|80|[::1]:80",
        "::1%lo0|80|[::1%lo0]:80",
        "localhost%lo0|80|localhost%lo0:80",
        "''|80|:80",
        "golang.org|http|golang.org:http",
    })
    void joinHostPortBracketsHostsWithColons(String host, String port, String joined) {
        assertEquals(joined, Addrs.joinHostPort(host, port));
    }

    private static List<InetSocketAddress> resolve(String network, String addr) throws IOException {
        return IPSock.internetAddrList(Network.parse(network), addr, null);
    }

    @Test
    void literalsResolveWithoutLookup() throws IOException {
        assertEquals(List.of(new InetSocketAddress(IP.parse("127.0.0.1"), 0)), resolve("tcp", "127.0.0.1:0"));
        assertEquals(List.of(new InetSocketAddress(IP.parse("::1"), 80)), resolve("tcp6", "[::1]:http"));
        assertEquals("[fe80::1%7]:1", Addrs.string(resolve("tcp", "[fe80::1%7]:1").get(0)));
    }

    @Test
    void emptyHostIsTheNilIP() throws IOException {
        List<InetSocketAddress> l = resolve("tcp", ":12345");
        assertEquals(1, l.size());
        assertTrue(Addrs.isNilIP(l.get(0)));
        assertEquals(12345, l.get(0).getPort());
        assertEquals(":12345", Addrs.string(l.get(0)));
        assertEquals(":0", Addrs.string(resolve("udp", "").get(0)));
    }

    @Test
    void theIPv6UnspecifiedAddressAlsoYieldsIPv4s() throws IOException {
        assertEquals(List.of(new InetSocketAddress(IP.parse("::"), 5), new InetSocketAddress(IP.parse("0.0.0.0"), 5)),
                resolve("tcp", "[::]:5"));
        assertEquals(List.of(new InetSocketAddress(IP.parse("0.0.0.0"), 5)), resolve("tcp4", "[::]:5"));
    }

    @Test
    void anIPv4MappedLiteralIsIPv4() throws IOException {
        assertEquals(List.of(new InetSocketAddress(IP.parse("127.0.0.1"), 80)), resolve("tcp4", "[::ffff:127.0.0.1]:http"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "tcp4|[2001:db8::1]:80|2001:db8::1",
        "tcp6|127.0.0.1:0|127.0.0.1",
        "tcp6|[::ffff:127.0.0.1]:0|::ffff:127.0.0.1",
        "udp4|[::1]:53|::1",
    })
    void aVersionPinnedNetworkRejectsTheOtherVersion(String network, String addr, String host) {
        AddrError e = assertThrows(AddrError.class, () -> resolve(network, addr));
        assertEquals("address " + host + ": no suitable address found", e.getMessage());
    }

    @Test
    void localhostIsBothLoopbacksInHostsFileOrder() throws IOException {
        assertEquals(List.of(new InetSocketAddress(IP.parse("127.0.0.1"), 80), new InetSocketAddress(IP.parse("::1"), 80)),
                resolve("tcp", "localhost:http"));
        assertEquals(List.of(new InetSocketAddress(IP.parse("::1"), 1)), resolve("tcp6", "LocalHost.:1"));
    }

    @Test
    void firstIPv4PrefersIPv4ElseTakesTheFirst() {
        SocketAddress v6 = new InetSocketAddress(IP.parse("::1"), 0);
        SocketAddress v4 = new InetSocketAddress(IP.parse("127.0.0.1"), 0);
        assertEquals(v4, IPSock.firstIPv4(List.of(v6, v4)));
        assertEquals(v4, IPSock.firstIPv4(List.of(Addrs.nilIP(0), v4)));
        assertEquals(v6, IPSock.firstIPv4(List.of(v6)));
    }

    @Test
    void aDialNeedsAnAddressAListenDoesNot() throws IOException {
        assertEquals("missing address",
                assertThrows(ErrorString.class, () -> IPSock.resolveAddrList("dial", Network.parse("tcp"), "", null, null)).getMessage());
        assertTrue(Addrs.isNilIP((InetSocketAddress) IPSock.resolveAddrList("listen", Network.parse("tcp"), "", null, null).get(0)));
    }

    @Test
    void aUnixAddressIsItsPath() throws IOException {
        assertEquals(List.of(UnixDomainSocketAddress.of("/tmp/x.sock")),
                IPSock.resolveAddrList("dial", Network.parse("unix"), "/tmp/x.sock", null, null));
        assertEquals(List.of(UnixDomainSocketAddress.of("@abstract")),
                IPSock.resolveAddrList("listen", Network.parse("unixgram"), "@abstract", null, null));
    }

    private static SocketAddress tcp(String ip, int port) {
        return new InetSocketAddress(IP.parse(ip), port);
    }

    // Go's TestAddrListPartition (ipsock_test.go): the first address's version, in order, then the rest.
    @Test
    void partitionKeepsTheFirstVersionFirst() {
        List<SocketAddress> mixed = List.of(tcp("127.0.0.1", 1), tcp("::1", 1), tcp("127.0.0.2", 1), tcp("::2", 1));
        assertEquals(List.of(List.of(tcp("127.0.0.1", 1), tcp("127.0.0.2", 1)), List.of(tcp("::1", 1), tcp("::2", 1))),
                IPSock.partition(mixed));
        List<SocketAddress> v6first = List.of(tcp("::1", 1), tcp("127.0.0.1", 1));
        assertEquals(List.of(List.of(tcp("::1", 1)), List.of(tcp("127.0.0.1", 1))), IPSock.partition(v6first));
        List<SocketAddress> one = List.of(tcp("::1", 1), tcp("::2", 1));
        assertEquals(List.of(one, List.of()), IPSock.partition(one));
    }

    private static List<SocketAddress> dialFrom(String network, String addr, SocketAddress local) throws IOException {
        return IPSock.resolveAddrList("dial", Network.parse(network), addr, local, null);
    }

    // The address half of Go's TestDialerLocalAddr (dial_test.go): a local address of the other IP
    // version drops the remote addresses of that version unless one side is a wildcard, and one of the
    // other kind is refused.
    @Test
    void aLocalAddressFiltersTheRemoteOnes() throws IOException {
        assertEquals(List.of(tcp("127.0.0.1", 80)), dialFrom("tcp", "localhost:80", tcp("127.0.0.1", 0)));
        assertEquals(List.of(tcp("::1", 80)), dialFrom("tcp", "localhost:80", tcp("::1", 0)));
        assertEquals(List.of(tcp("127.0.0.1", 80), tcp("::1", 80)), dialFrom("tcp", "localhost:80", tcp("::", 0)));
        assertEquals(List.of(tcp("127.0.0.1", 80), tcp("::1", 80)), dialFrom("tcp", "localhost:80", tcp("0.0.0.0", 0)));
        assertEquals(List.of(tcp("::1", 80)), dialFrom("tcp6", "[::1]:80", tcp("0.0.0.0", 0)));
        assertEquals(List.of(Addrs.nilIP(80)), dialFrom("tcp", ":80", tcp("::1", 0)));

        AddrError none = assertThrows(AddrError.class, () -> dialFrom("tcp4", "127.0.0.1:80", tcp("::1", 0)));
        assertEquals("address [::1]:0: no suitable address found", none.getMessage());
        AddrError none6 = assertThrows(AddrError.class, () -> dialFrom("tcp6", "[::1]:80", tcp("127.0.0.1", 0)));
        assertEquals("address 127.0.0.1:0: no suitable address found", none6.getMessage());

        AddrError unix = assertThrows(AddrError.class,
                () -> dialFrom("tcp", "127.0.0.1:80", UnixDomainSocketAddress.of("/tmp/x.sock")));
        assertEquals("address /tmp/x.sock: mismatched local address type", unix.getMessage());
        AddrError ip = assertThrows(AddrError.class, () -> dialFrom("unix", "/tmp/x.sock", tcp("127.0.0.1", 0)));
        assertEquals("address 127.0.0.1:0: mismatched local address type", ip.getMessage());
        assertEquals(List.of(UnixDomainSocketAddress.of("/tmp/x.sock")),
                dialFrom("unix", "/tmp/x.sock", UnixDomainSocketAddress.of("/tmp/y.sock")));
    }
}
