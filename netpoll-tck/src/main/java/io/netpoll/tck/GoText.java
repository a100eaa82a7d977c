package io.netpoll.tck;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/**
 * Go's error and address texts, computed independently of the implementation under test so the
 * kit can compare {@code getMessage()} with what Go prints, byte for byte.
 */
final class GoText {

    private GoText() {
    }

    /** Go's {@code (*OpError).Error()}: op, network, source, "->" or " ", addr, ": ", err. */
    static String opError(String op, String network, SocketAddress source, SocketAddress addr, String err) {
        StringBuilder s = new StringBuilder(op);
        if (network != null && !network.isEmpty()) {
            s.append(' ').append(network);
        }
        if (source != null) {
            s.append(' ').append(addr(source));
        }
        if (addr != null) {
            s.append(source != null ? "->" : " ").append(addr(addr));
        }
        return s.append(": ").append(err).toString();
    }

    /** Go's {@code TCPAddr.String()} / {@code UnixAddr.String()}. */
    static String addr(SocketAddress a) {
        if (a instanceof InetSocketAddress isa) {
            String host = isa.getAddress() == null ? isa.getHostString() : ip(isa.getAddress());
            return joinHostPort(host, Integer.toString(isa.getPort()));
        }
        if (a instanceof UnixDomainSocketAddress u) {
            return u.getPath().toString();
        }
        return String.valueOf(a);
    }

    /** "host:port", bracketed when the host has a colon (Go's JoinHostPort). */
    static String joinHostPort(String host, String port) {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    /** Go's {@code IP.String()} (with a zone as {@code TCPAddr.String()} adds it). */
    static String ip(InetAddress ip) {
        if (ip instanceof Inet4Address) {
            return ip.getHostAddress();
        }
        byte[] b = ip.getAddress();
        if (isV4Mapped(b)) {
            return (b[12] & 0xff) + "." + (b[13] & 0xff) + "." + (b[14] & 0xff) + "." + (b[15] & 0xff);
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        // The longest run of two or more zero groups becomes "::" (the first such run on a tie).
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(g[i]));
        }
        Inet6Address v6 = (Inet6Address) ip;
        NetworkInterface nif = v6.getScopedInterface();
        if (nif != null) {
            s.append('%').append(nif.getName());
        } else if (v6.getScopeId() != 0) {
            s.append('%').append(v6.getScopeId());
        }
        return s.toString();
    }

    private static boolean isV4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }
}
