package io.netpoll.net.internal.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 6724 destination sorting, with the cases of Go's addrselect_test.go (RFC 6724 section 10.2 examples). */
class AddrSelectTest {

    private static List<InetAddress> ips(String... s) {
        List<InetAddress> l = new ArrayList<>();
        for (String x : s) {
            l.add(x == null ? null : Hosts.literal(x));
        }
        return l;
    }

    /** Sorts {@code in} with sources {@code srcs}, and (when asked) the reversed input too, expecting {@code want}. */
    private static void check(List<InetAddress> in, List<InetAddress> srcs, List<InetAddress> want, boolean reverse) {
        assertEquals(want, AddrSelect.sortByRFC6724withSrcs(in, srcs));
        if (reverse) {
            List<InetAddress> rin = new ArrayList<>(in);
            List<InetAddress> rsrcs = new ArrayList<>(srcs);
            Collections.reverse(rin);
            Collections.reverse(rsrcs);
            assertEquals(want, AddrSelect.sortByRFC6724withSrcs(rin, rsrcs));
        }
    }

    @Test
    void preferMatchingScope() {
        check(ips("2001:db8:1::1", "198.51.100.121"), ips("2001:db8:1::2", "169.254.13.78"),
                ips("2001:db8:1::1", "198.51.100.121"), true);
        check(ips("2001:db8:1::1", "198.51.100.121"), ips("fe80::1", "198.51.100.117"),
                ips("198.51.100.121", "2001:db8:1::1"), true);
    }

    @Test
    void preferHigherPrecedence() {
        check(ips("2001:db8:1::1", "10.1.2.3"), ips("2001:db8:1::2", "10.1.2.4"),
                ips("2001:db8:1::1", "10.1.2.3"), true);
    }

    @Test
    void preferSmallerScope() {
        check(ips("2001:db8:1::1", "fe80::1"), ips("2001:db8:1::2", "fe80::2"), ips("fe80::1", "2001:db8:1::1"), true);
    }

    /** golang/go#13283: a 10/8 source must not make 23/8 destinations look closer; IPv4 keeps its order. */
    @Test
    void longestPrefixIsNotAppliedToIPv4() {
        List<InetAddress> in = ips("54.83.193.112", "184.72.238.214", "23.23.172.185", "75.101.148.21", "23.23.134.56",
                "23.21.50.150");
        List<InetAddress> srcs = new ArrayList<>(Collections.nCopies(in.size(), Hosts.literal("10.2.3.4")));
        check(in, srcs, in, false);
    }

    @Test
    void longestPrefixForIPv6() {
        check(ips("2001:db8:2::1", "2001:db8:1::1"), ips("2001:db8:1::9", "2001:db8:1::9"),
                ips("2001:db8:1::1", "2001:db8:2::1"), true);
    }

    @Test
    void unreachableDestinationsGoLast() {
        check(ips("2001:db8:1::1", "192.0.2.1", "192.0.2.2"), Arrays.asList(null, Hosts.literal("192.0.2.9"), null),
                ips("192.0.2.1", "2001:db8:1::1", "192.0.2.2"), false);
    }

    @Test
    void commonPrefixLen() {
        assertEquals(32, AddrSelect.commonPrefixLen(Hosts.literal("1.2.3.4"), Hosts.literal("1.2.3.4")));
        assertEquals(31, AddrSelect.commonPrefixLen(Hosts.literal("1.2.3.4"), Hosts.literal("1.2.3.5")));
        assertEquals(0, AddrSelect.commonPrefixLen(Hosts.literal("1.2.3.4"), Hosts.literal("::1")));
        assertEquals(64, AddrSelect.commonPrefixLen(Hosts.literal("2001:db8::1"), Hosts.literal("2001:db8::2")));
        assertEquals(46, AddrSelect.commonPrefixLen(Hosts.literal("2001:db8:1::"), Hosts.literal("2001:db8:3::")));
    }

    @Test
    void loopbackSortsWithARealSource() {
        List<InetAddress> sorted = AddrSelect.sortByRFC6724(ips("192.0.2.1", "127.0.0.1"));
        assertEquals(2, sorted.size());
    }
}
