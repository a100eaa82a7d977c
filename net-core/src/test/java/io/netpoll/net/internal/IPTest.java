package io.netpoll.net.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Go's netip.ParseAddr acceptance and IP.String output (netip_test.go, ip_test.go). */
class IPTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0.0.0.0|0.0.0.0",
        "127.0.0.1|127.0.0.1",
        "255.255.255.255|255.255.255.255",
        "::|::",
        "::1|::1",
        "::0:1|::1",
        "2001:DB8::1|2001:db8::1",
        "2001:0db8:0000:0000:0000:0000:0000:0001|2001:db8::1",
        "1:0:0:2:0:0:0:3|1:0:0:2::3",
        "1:0:0:2:0:0:3:4|1::2:0:0:3:4",
        "1:2:3:4:5:6:7:8|1:2:3:4:5:6:7:8",
        "1:0:2:3:4:5:6:7|1:0:2:3:4:5:6:7",
        "fe80::|fe80::",
        "::ffff:127.0.0.1|127.0.0.1",
        "::ffff:7f00:1|127.0.0.1",
        "1:2:3:4:5:6:1.2.3.4|1:2:3:4:5:6:102:304",
        "::1.2.3.4|::102:304",
        "fe80::1%7|fe80::1%7",
    })
    void parsesAndPrintsAsGo(String literal, String printed) {
        InetAddress a = IP.parse(literal);
        assertEquals(printed, IP.string(a));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "localhost", "127.1", "127.0.0.01", "010.0.0.1", "1.2.3", "1.2.3.4.5", "1.2.3.256", "1..2.3", ".1.2.3",
        "1.2.3.", "0x7f.0.0.1", "1.2.3.4%eth0", "%eth0", "::1%", ":", ":::", "1:::2", "1::2::3", "12345::",
        "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8::", "::1.2.3", "1.2.3.4::", "1:2:3:4:5:6:7:1.2.3.4",
        "g::1", "::1:", "\uff11.2.3.4", "example.com",
    })
    void rejectsWhatGoRejects(String s) {
        assertNull(IP.parse(s), s);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::ffff:10.0.0.1"})
    void ipv4AndMappedAreInet4(String s) {
        assertInstanceOf(Inet4Address.class, IP.parse(s));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.1.2.3", "0.0.0.0"})
    void mappedStaysIPv6ButPrintsDotted(String s) {
        InetAddress m = IP.mapped(IP.parse(s));
        assertInstanceOf(Inet6Address.class, m);
        assertEquals(s, IP.string(m));
    }
}
