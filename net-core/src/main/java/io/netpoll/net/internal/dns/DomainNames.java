package io.netpoll.net.internal.dns;

import java.net.Inet4Address;
import java.net.InetAddress;

/** Mirrors the name rules of Go's src/net/dnsclient.go and dnsclient_unix.go. */
public final class DomainNames {

    private DomainNames() {}

    /**
     * Go's {@code isDomainName}: a presentation-form name of LDH labels and underscore labels
     * (golang.org/issue/12421), at most 253 bytes (254 with the trailing dot), labels of 1..63
     * bytes, at least one non-digit; {@code "."} is valid (golang.org/issue/45715).
     */
    public static boolean isDomainName(String s) {
        if (s.equals(".")) {
            return true;
        }
        int l = s.length();
        if (l == 0 || l > 254 || l == 254 && s.charAt(l - 1) != '.') {
            return false;
        }
        char last = '.';
        boolean nonNumeric = false;
        int partlen = 0;
        for (int i = 0; i < l; i++) {
            char c = s.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_') {
                nonNumeric = true;
                partlen++;
            } else if (c >= '0' && c <= '9') {
                partlen++;
            } else if (c == '-') {
                if (last == '.') {
                    return false;
                }
                partlen++;
                nonNumeric = true;
            } else if (c == '.') {
                if (last == '.' || last == '-' || partlen > 63 || partlen == 0) {
                    return false;
                }
                partlen = 0;
            } else {
                return false;
            }
            last = c;
        }
        return last != '-' && partlen <= 63 && nonNumeric;
    }

    /**
     * Go's {@code absDomainName}: a name with a dot gets a trailing one; a name without
     * ("localhost") is left alone, since it is most likely a local name from /etc/hosts.
     */
    static String absDomainName(String s) {
        return s.indexOf('.') >= 0 && !s.endsWith(".") ? s + "." : s;
    }

    static String ensureRooted(String s) {
        return s.endsWith(".") ? s : s + ".";
    }

    /** Go's {@code avoidDNS}: the empty name and .onion names (RFC 7686) never go to DNS. */
    static boolean avoidDNS(String name) {
        if (name.isEmpty()) {
            return true;
        }
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        return n.length() >= 6 && n.regionMatches(true, n.length() - 6, ".onion", 0, 6);
    }

    /** Go's {@code reverseaddr}: the in-addr.arpa. or ip6.arpa. name for a PTR query. */
    public static String reverseaddr(InetAddress ip) {
        byte[] b = ip.getAddress();
        StringBuilder sb = new StringBuilder(73);
        if (ip instanceof Inet4Address) {
            for (int i = 3; i >= 0; i--) {
                sb.append(b[i] & 0xFF).append('.');
            }
            return sb.append("in-addr.arpa.").toString();
        }
        for (int i = b.length - 1; i >= 0; i--) {
            sb.append(Character.forDigit(b[i] & 0xF, 16)).append('.')
                    .append(Character.forDigit(b[i] >> 4 & 0xF, 16)).append('.');
        }
        return sb.append("ip6.arpa.").toString();
    }
}
