package io.netpoll.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Go's TestDialError, TestListenError and TestDialAddrError shapes (error_test.go) for every failure
 * that is decided before a socket exists, so no provider is needed.
 */
class NetErrorsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "foo|''|dial foo: unknown network foo",
        "bar|baz|dial bar: unknown network bar",
        "unixpacket|/path/to/somewhere|dial unixpacket: unknown network unixpacket",
        "ip:icmp|127.0.0.1|dial ip:icmp: unknown network ip:icmp",
        "tcp|''|dial tcp: missing address",
        "unix|''|dial unix: missing address",
        "tcp|127.0.0.1:-1|dial tcp: address -1: invalid port",
        "tcp|127.0.0.1:123456789|dial tcp: address 123456789: invalid port",
        "udp|127.0.0.1:65536|dial udp: address 65536: invalid port",
        "tcp|127.0.0.1|dial tcp: address 127.0.0.1: missing port in address",
        "tcp4|[::1]:0|dial tcp4: address ::1: no suitable address found",
        "tcp6|127.0.0.1:0|dial tcp6: address 127.0.0.1: no suitable address found",
        "udp4|[2001:db8::1]:53|dial udp4: address 2001:db8::1: no suitable address found",
    })
    void dialFailsBeforeAnySocket(String network, String address, String message) {
        IOException e = assertThrows(IOException.class, () -> Net.dial(network, address));
        assertEquals(message, e.getMessage());
        NetError n = assertInstanceOf(NetError.class, e);
        assertEquals("dial", n.op());
        assertEquals(network, n.network());
        assertNull(n.source());
        assertNull(n.addr());
    }

    @Test
    void anUnknownServiceIsALookupFailure() {
        IOException e = assertThrows(IOException.class, () -> Net.dial("tcp", "127.0.0.1:\u263a"));
        assertEquals("dial tcp: lookup tcp/\u263a: unknown port", e.getMessage());
        assertInstanceOf(UnknownHostException.class, e);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "foo|:0|listen foo: unknown network foo",
        "unixpacket|/tmp/x|listen unixpacket: unknown network unixpacket",
        "tcp|127.0.0.1:-1|listen tcp: address -1: invalid port",
        "tcp4|[::1]:0|listen tcp4: address ::1: no suitable address found",
        "udp|127.0.0.1:0|listen udp 127.0.0.1:0: address 127.0.0.1:0: unexpected address type",
        "udp6|:0|listen udp6 :0: address :0: unexpected address type",
        "unixgram|/tmp/x.sock|listen unixgram /tmp/x.sock: unknown network unixgram",
    })
    void listenFailsBeforeAnySocket(String network, String address, String message) {
        IOException e = assertThrows(IOException.class, () -> Net.listen(network, address));
        assertEquals(message, e.getMessage());
        assertEquals("listen", assertInstanceOf(NetError.class, e).op());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "foo|:0|listen foo: unknown network foo",
        "tcp|:0|listen tcp :0: address :0: unexpected address type",
        "tcp4|127.0.0.1:80|listen tcp4 127.0.0.1:80: address 127.0.0.1:80: unexpected address type",
        "unix|/tmp/x.sock|listen unix /tmp/x.sock: unknown network unix",
        "udp|host:port:x|listen udp: address host:port:x: too many colons in address",
    })
    void listenPacketFailsBeforeAnySocket(String network, String address, String message) {
        IOException e = assertThrows(IOException.class, () -> Net.listenPacket(network, address));
        assertEquals(message, e.getMessage());
    }

    @Test
    void anExpiredDialTimeoutFailsAtOnce() {
        IOException e = assertThrows(IOException.class, () -> Net.dialTimeout("tcp", "127.0.0.1:1", Duration.ofSeconds(-5)));
        assertEquals("dial tcp 127.0.0.1:1: i/o timeout", e.getMessage());
        assertInstanceOf(SocketTimeoutException.class, e);
        assertTrue(((NetError) e).isTimeout());
        assertEquals("127.0.0.1:1", ((NetError) e).addr().toString().replace("/", ""));
        assertThrows(NullPointerException.class, () -> Net.dialTimeout("tcp", "127.0.0.1:1", null));
    }

    @Test
    void splitAndJoinHostPort() throws IOException {
        assertArrayEquals(new String[] {"::1%lo0", "80"}, Net.splitHostPort("[::1%lo0]:80"));
        assertArrayEquals(new String[] {"", "http"}, Net.splitHostPort(":http"));
        assertEquals("[::1]:80", Net.joinHostPort("::1", "80"));
        assertEquals("golang.org:https", Net.joinHostPort("golang.org", "https"));
        IOException e = assertThrows(IOException.class, () -> Net.splitHostPort("golang.org"));
        assertEquals("address golang.org: missing port in address", e.getMessage());
        assertInstanceOf(SocketException.class, e);
        assertInstanceOf(NetError.class, e);
    }
}
