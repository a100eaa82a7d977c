package io.netpoll.net.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpoll.spi.SocketType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkTest {

    @Test
    void knownNetworks() throws UnknownNetworkError {
        Network tcp4 = Network.parse("tcp4");
        assertTrue(tcp4.isTCP());
        assertEquals('4', tcp4.ipVersion());
        assertEquals("tcp4", tcp4.name());
        assertEquals('6', Network.parse("udp6").ipVersion());
        assertEquals(0, Network.parse("tcp").ipVersion());
        assertTrue(Network.parse("udp").isUDP());
        Network unix = Network.parse("unix");
        assertTrue(unix.unix());
        assertFalse(unix.isTCP());
        assertEquals(SocketType.STREAM, unix.type());
        assertEquals(SocketType.DATAGRAM, Network.parse("unixgram").type());
        assertEquals(0, Network.parse("unixgram").ipVersion());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "foo", "unixpacket", "ip", "ip4:icmp", "ip:1", "TCP", "tcp ", "tcp5"})
    void otherNamesAreUnknownNetworks(String name) {
        assertEquals("unknown network " + name,
                assertThrows(UnknownNetworkError.class, () -> Network.parse(name)).getMessage());
    }
}
