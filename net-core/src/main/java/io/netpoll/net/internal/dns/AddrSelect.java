// Mirrors Go's src/net/addrselect.go.
package io.netpoll.net.internal.dns;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Minimal RFC 6724 destination address selection, as Go does it: a stable sort by rules 1
 * (avoid destinations with no route), 2 (prefer matching scope), 5 (prefer matching label),
 * 6 (prefer higher precedence), 8 (prefer smaller scope), 9 (longest matching prefix, IPv6 only,
 * golang/go#13283 and #18518) and 10 (otherwise keep the order). Rules 3, 4 and 7 need facts the
 * resolver does not have and are skipped, as in Go.
 *
 * <p>The source address for each destination is the one the kernel picks for a UDP socket
 * connected to it (port 9). Connecting a datagram socket sends nothing and never blocks, so the
 * JDK's {@link DatagramChannel} serves here whichever poller runs the rest.
 */
final class AddrSelect {

    private AddrSelect() {}

    private record PolicyEntry(byte[] prefix, int bits, int precedence, int label) {}

    /** RFC 6724 section 2.1, longest prefix first; IPv4 is looked up as ::ffff:a.b.c.d. */
    private static final List<PolicyEntry> POLICY = List.of(
            entry("::1", 128, 50, 0),
            entry("::ffff:0:0", 96, 35, 4),
            entry("::", 96, 1, 3),
            entry("2001::", 32, 5, 5),
            entry("2002::", 16, 30, 2),
            entry("3ffe::", 16, 1, 12),
            entry("fec0::", 10, 1, 11),
            entry("fc00::", 7, 3, 13),
            entry("::", 0, 40, 1));

    private static final int SCOPE_LINK_LOCAL = 0x2;
    private static final int SCOPE_SITE_LOCAL = 0x5;
    private static final int SCOPE_GLOBAL = 0xe;

    private record Attr(int scope, int precedence, int label) {}

    private record Candidate(InetAddress addr, InetAddress src, Attr attr, Attr srcAttr) {}

    static List<InetAddress> sortByRFC6724(List<InetAddress> addrs) {
        if (addrs.size() < 2) {
            return addrs;
        }
        List<InetAddress> srcs = new ArrayList<>();
        for (InetAddress a : addrs) {
            srcs.add(sourceFor(a));
        }
        return sortByRFC6724withSrcs(addrs, srcs);
    }

    static List<InetAddress> sortByRFC6724withSrcs(List<InetAddress> addrs, List<InetAddress> srcs) {
        List<Candidate> cs = new ArrayList<>();
        for (int i = 0; i < addrs.size(); i++) {
            InetAddress src = srcs.get(i);
            cs.add(new Candidate(addrs.get(i), src, attrOf(addrs.get(i)), src == null ? null : attrOf(src)));
        }
        cs.sort(BY_RFC6724); // List.sort is stable: rule 10
        List<InetAddress> out = new ArrayList<>(cs.size());
        for (Candidate c : cs) {
            out.add(c.addr());
        }
        return out;
    }

    /** Negative when a is the better destination, as Go's {@code byRFC6724.Less}. */
    private static final Comparator<Candidate> BY_RFC6724 = (a, b) -> {
        // Rule 1: avoid unusable destinations.
        if (a.src() == null || b.src() == null) {
            return a.src() == null && b.src() == null ? 0 : a.src() == null ? 1 : -1;
        }
        // Rule 2: prefer matching scope.
        boolean aScope = a.attr().scope() == a.srcAttr().scope();
        boolean bScope = b.attr().scope() == b.srcAttr().scope();
        if (aScope != bScope) {
            return aScope ? -1 : 1;
        }
        // Rule 5: prefer matching label.
        boolean aLabel = a.srcAttr().label() == a.attr().label();
        boolean bLabel = b.srcAttr().label() == b.attr().label();
        if (aLabel != bLabel) {
            return aLabel ? -1 : 1;
        }
        // Rule 6: prefer higher precedence.
        if (a.attr().precedence() != b.attr().precedence()) {
            return a.attr().precedence() > b.attr().precedence() ? -1 : 1;
        }
        // Rule 8: prefer smaller scope.
        if (a.attr().scope() != b.attr().scope()) {
            return a.attr().scope() < b.attr().scope() ? -1 : 1;
        }
        // Rule 9: longest matching prefix, for IPv6 only.
        if (!isV4(a.addr()) && !isV4(b.addr())) {
            int ca = commonPrefixLen(a.src(), a.addr());
            int cb = commonPrefixLen(b.src(), b.addr());
            if (ca != cb) {
                return ca > cb ? -1 : 1;
            }
        }
        return 0; // Rule 10: leave the order unchanged.
    };

    private static InetAddress sourceFor(InetAddress dst) {
        try (DatagramChannel c = DatagramChannel.open()) {
            c.connect(new InetSocketAddress(dst, 9));
            return ((InetSocketAddress) c.getLocalAddress()).getAddress();
        } catch (IOException | RuntimeException unreachable) {
            return null;
        }
    }

    private static Attr attrOf(InetAddress ip) {
        byte[] b = to16(ip);
        for (PolicyEntry e : POLICY) {
            if (prefixMatch(e.prefix(), b, e.bits())) {
                return new Attr(classifyScope(ip, b), e.precedence(), e.label());
            }
        }
        throw new AssertionError("::/0 matches every address");
    }

    private static int classifyScope(InetAddress ip, byte[] b) {
        if (ip.isLoopbackAddress() || ip.isLinkLocalAddress()) {
            return SCOPE_LINK_LOCAL;
        }
        if (ip instanceof Inet6Address && ip.isMulticastAddress()) {
            return b[1] & 0xf;
        }
        // Site-local addresses (RFC 3513 2.5.6, deprecated by RFC 3879).
        if (ip instanceof Inet6Address && (b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
            return SCOPE_SITE_LOCAL;
        }
        return SCOPE_GLOBAL;
    }

    /** Go's {@code commonPrefixLen}: over IPv4, or over the first 64 bits of IPv6; 0 across families. */
    static int commonPrefixLen(InetAddress a, InetAddress b) {
        byte[] x = isV4(a) ? v4(a) : a.getAddress();
        byte[] y = isV4(b) ? v4(b) : b.getAddress();
        if (x.length != y.length) {
            return 0;
        }
        int len = Math.min(x.length, 8);
        int cpl = 0;
        for (int i = 0; i < len; i++) {
            int d = (x[i] ^ y[i]) & 0xff;
            if (d == 0) {
                cpl += 8;
                continue;
            }
            return cpl + Integer.numberOfLeadingZeros(d) - 24;
        }
        return cpl;
    }

    /** Go's {@code To4() != nil}: IPv4, including IPv4-mapped IPv6. */
    private static boolean isV4(InetAddress a) {
        return a instanceof Inet4Address || isMapped(a.getAddress());
    }

    private static byte[] v4(InetAddress a) {
        byte[] b = a.getAddress();
        return b.length == 4 ? b : new byte[] {b[12], b[13], b[14], b[15]};
    }

    private static boolean isMapped(byte[] b) {
        if (b.length != 16 || b[10] != (byte) 0xff || b[11] != (byte) 0xff) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] to16(InetAddress ip) {
        byte[] b = ip.getAddress();
        if (b.length == 16) {
            return b;
        }
        byte[] m = new byte[16];
        m[10] = m[11] = (byte) 0xff;
        System.arraycopy(b, 0, m, 12, 4);
        return m;
    }

    private static boolean prefixMatch(byte[] prefix, byte[] b, int bits) {
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >>> (i & 7);
            if ((prefix[i >> 3] & mask) != (b[i >> 3] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static PolicyEntry entry(String prefix, int bits, int precedence, int label) {
        byte[] p = new byte[16];
        byte[] raw = Hosts.literal(prefix).getAddress();
        System.arraycopy(raw, 0, p, 16 - raw.length, raw.length);
        if (raw.length == 4) {
            p[10] = p[11] = (byte) 0xff;
        }
        return new PolicyEntry(p, bits, precedence, label);
    }
}
