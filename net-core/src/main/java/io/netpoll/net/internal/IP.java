// Mirrors Go's src/net/netip/netip.go (ParseAddr, String) as src/net/ip.go uses it.
package io.netpoll.net.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * IP literals, parsed and printed exactly as Go does, with no name lookup ever.
 *
 * <p>Parsing is Go's strict {@code netip.ParseAddr}: four decimal fields without leading zeros for
 * IPv4, RFC 4291 text with at most one "::" and an optional trailing dotted quad for IPv6, and an IPv6
 * zone after '%'. The JDK's own parser accepts more ("127.1", "0x7f.1"), and what Go would send to
 * the resolver as a name must not silently become an address here. An IPv4-mapped IPv6 literal
 * becomes an {@code Inet4Address}, as the JDK does and as Go's {@code IP.To4} sees it.
 *
 * <p>Printing is Go's {@code IP.String}: dotted IPv4, and IPv6 in RFC 5952 form (lower-case hex, the
 * first longest run of two or more zero groups as "::").
 */
public final class IP {

    private IP() {
    }

    /** The address {@code s} spells, or null when {@code s} is not an IP literal. */
    public static InetAddress parse(String s) {
        for (int i = 0; i < s.length(); i++) {
            switch (s.charAt(i)) {
                case '.':
                    byte[] v4 = new byte[4];
                    return parseIPv4(s, 0, s.length(), v4, 0) ? byAddress(v4) : null;
                case ':':
                    return parseIPv6(s);
                case '%':
                    return null; // a zone with no IPv6 address before it
                default:
                    break;
            }
        }
        return null;
    }

    /** Parses a dotted quad from {@code s[from, to)} into {@code out[at..at+4)}; false when malformed. */
    private static boolean parseIPv4(String s, int from, int to, byte[] out, int at) {
        int val = 0;
        int pos = 0;
        int digits = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (digits == 1 && val == 0) {
                    return false; // leading zero
                }
                val = val * 10 + (c - '0');
                digits++;
                if (val > 255) {
                    return false;
                }
            } else if (c == '.') {
                if (i == from || i == to - 1 || s.charAt(i - 1) == '.' || pos == 3) {
                    return false;
                }
                out[at + pos++] = (byte) val;
                val = 0;
                digits = 0;
            } else {
                return false;
            }
        }
        if (pos < 3) {
            return false;
        }
        out[at + 3] = (byte) val;
        return true;
    }

    private static InetAddress parseIPv6(String in) {
        String s = in;
        String zone = "";
        int pct = s.indexOf('%');
        if (pct >= 0) {
            zone = s.substring(pct + 1);
            s = s.substring(0, pct);
            if (zone.isEmpty()) {
                return null;
            }
        }
        byte[] ip = new byte[16];
        int ellipsis = -1;
        int p = 0; // read position in s
        if (s.startsWith("::")) {
            ellipsis = 0;
            p = 2;
            if (p == s.length()) {
                return withZone(ip, zone);
            }
        }
        int i = 0;
        while (i < 16) {
            int off = 0;
            int acc = 0;
            for (; p + off < s.length(); off++) {
                int d = Character.digit(s.charAt(p + off), 16);
                if (d < 0 || s.charAt(p + off) > 'f') {
                    break;
                }
                if (off > 3) {
                    return null; // more than four digits in a group
                }
                acc = (acc << 4) + d;
            }
            if (off == 0) {
                return null;
            }
            if (p + off < s.length() && s.charAt(p + off) == '.') {
                // A trailing dotted quad replaces the last two groups.
                if ((ellipsis < 0 && i != 12) || i + 4 > 16) {
                    return null;
                }
                if (!parseIPv4(s, p, s.length(), ip, i)) {
                    return null;
                }
                p = s.length();
                i += 4;
                break;
            }
            ip[i] = (byte) (acc >> 8);
            ip[i + 1] = (byte) acc;
            i += 2;
            p += off;
            if (p == s.length()) {
                break;
            }
            if (s.charAt(p) != ':' || p + 1 == s.length()) {
                return null;
            }
            p++;
            if (s.charAt(p) == ':') {
                if (ellipsis >= 0) {
                    return null; // a second "::"
                }
                ellipsis = i;
                p++;
                if (p == s.length()) {
                    break;
                }
            }
        }
        if (p != s.length()) {
            return null;
        }
        if (i < 16) {
            if (ellipsis < 0) {
                return null;
            }
            int n = 16 - i;
            for (int j = i - 1; j >= ellipsis; j--) {
                ip[j + n] = ip[j];
            }
            for (int j = ellipsis; j < ellipsis + n; j++) {
                ip[j] = 0;
            }
        } else if (ellipsis >= 0) {
            return null; // "::" must stand for at least one group
        }
        return withZone(ip, zone);
    }

    private static InetAddress byAddress(byte[] ip) {
        try {
            return InetAddress.getByAddress(ip);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are always an address", e);
        }
    }

    /**
     * The address with its zone: a number is a scope id, a name is looked up among the interfaces. A
     * zone that names no interface is dropped, as Go's {@code zoneCache} turns it into index 0.
     */
    private static InetAddress withZone(byte[] ip, String zone) {
        if (zone.isEmpty() || isIPv4Mapped(ip)) {
            return byAddress(ip);
        }
        try {
            if (zone.chars().allMatch(c -> c >= '0' && c <= '9') && zone.length() <= 9) {
                return Inet6Address.getByAddress(null, ip, Integer.parseInt(zone));
            }
            NetworkInterface nif = NetworkInterface.getByName(zone);
            return nif == null ? byAddress(ip) : Inet6Address.getByAddress(null, ip, nif);
        } catch (UnknownHostException | SocketException e) {
            return byAddress(ip);
        }
    }

    /**
     * The IPv4-mapped IPv6 form of an IPv4 address ({@code ::ffff:a.b.c.d}), kept as an
     * {@code Inet6Address} (the JDK's factories would turn it back into IPv4) for an IPv6 socket.
     */
    static InetAddress mapped(InetAddress v4) {
        byte[] b = new byte[16];
        b[10] = (byte) 0xff;
        b[11] = (byte) 0xff;
        System.arraycopy(v4.getAddress(), 0, b, 12, 4);
        try {
            return Inet6Address.getByAddress(null, b, 0);
        } catch (UnknownHostException e) {
            throw new AssertionError("16 bytes are always an IPv6 address", e);
        }
    }

    /** Whether {@code a} is an IPv6 address of the IPv4-mapped form. */
    static boolean isIPv4Mapped(InetAddress a) {
        return a instanceof Inet6Address && isIPv4Mapped(a.getAddress());
    }

    /** The IPv4 address an IPv4-mapped IPv6 address holds. */
    static InetAddress unmap(InetAddress mapped) {
        return byAddress(Arrays.copyOfRange(mapped.getAddress(), 12, 16));
    }

    private static boolean isIPv4Mapped(byte[] ip) {
        for (int i = 0; i < 10; i++) {
            if (ip[i] != 0) {
                return false;
            }
        }
        return ip[10] == (byte) 0xff && ip[11] == (byte) 0xff;
    }

    /** Go's {@code IP.String()} followed by {@code "%zone"} when the address has one. */
    public static String string(InetAddress a) {
        byte[] b = a.getAddress();
        if (b.length == 4) {
            return dotted(b, 0);
        }
        String text = isIPv4Mapped(b) ? dotted(b, 12) : ipv6(b);
        String zone = zone((Inet6Address) a);
        return zone.isEmpty() ? text : text + "%" + zone;
    }

    private static String dotted(byte[] b, int at) {
        return (b[at] & 0xff) + "." + (b[at + 1] & 0xff) + "." + (b[at + 2] & 0xff) + "." + (b[at + 3] & 0xff);
    }

    private static String ipv6(byte[] b) {
        int zeroStart = -1;
        int zeroEnd = -1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && group(b, j) == 0) {
                j++;
            }
            if (j - i >= 2 && j - i > zeroEnd - zeroStart) {
                zeroStart = i;
                zeroEnd = j;
            }
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == zeroStart) {
                sb.append("::");
                i = zeroEnd;
                if (i >= 8) {
                    break;
                }
            } else if (i > 0) {
                sb.append(':');
            }
            sb.append(Integer.toHexString(group(b, i)));
        }
        return sb.toString();
    }

    private static int group(byte[] b, int i) {
        return ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }

    private static String zone(Inet6Address a) {
        NetworkInterface nif = a.getScopedInterface();
        if (nif != null) {
            return nif.getName();
        }
        int id = a.getScopeId();
        return id == 0 ? "" : Integer.toString(id);
    }
}
