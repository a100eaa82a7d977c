// Mirrors Go's TCPAddr/UDPAddr/UnixAddr String, family and sockaddr (src/net/tcpsock.go, ipsock_posix.go).
package io.netpoll.net.internal;

import io.netpoll.spi.Family;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.Arrays;

/**
 * Go's network addresses as the JDK's {@link SocketAddress}es.
 *
 * <p>Go tells a {@code TCPAddr} with a nil IP (":80", "the local system") from one with an explicit
 * "0.0.0.0": the first prints as {@code ":80"}, the second as {@code "0.0.0.0:80"}. Here the nil IP is
 * an unresolved {@link InetSocketAddress} with an empty host: it carries only a port, and it becomes
 * the unspecified address of the socket's family only when a socket is bound or connected
 * ({@link #sockaddr}). Every other address is resolved.
 */
public final class Addrs {

    private Addrs() {
    }

    /** Go's address with a nil IP: only a port. */
    public static InetSocketAddress nilIP(int port) {
        return InetSocketAddress.createUnresolved("", port);
    }

    public static boolean isNilIP(InetSocketAddress a) {
        return a.isUnresolved() && a.getHostString().isEmpty();
    }

    /** Go's {@code isWildcard}: a nil or unspecified IP. */
    public static boolean isWildcard(InetSocketAddress a) {
        return isNilIP(a) || a.getAddress().isAnyLocalAddress();
    }

    /** Go's {@code TCPAddr.family}: AF_INET for a nil or IPv4 address, else AF_INET6. */
    public static Family family(InetSocketAddress a) {
        return isNilIP(a) || a.getAddress() instanceof Inet4Address ? Family.INET : Family.INET6;
    }

    /**
     * The address to hand to a socket of {@code family}: Go's {@code ipToSockaddr}. A nil IP becomes
     * the family's unspecified address; on an IPv6 socket "0.0.0.0" means "::" (IPv4 callers use
     * 0.0.0.0 for "any" just as IPv6 callers use ::) and another IPv4 address travels IPv4-mapped; an
     * IPv6 address cannot go to an IPv4 socket.
     */
    public static InetSocketAddress sockaddr(InetSocketAddress a, Family family) throws AddrError {
        if (isNilIP(a)) {
            return new InetSocketAddress(IP.parse(family == Family.INET6 ? "::" : "0.0.0.0"), a.getPort());
        }
        InetAddress ip = a.getAddress();
        if (family == Family.INET && !(ip instanceof Inet4Address)) {
            throw new AddrError("non-IPv4 address", IP.string(ip));
        }
        if (family == Family.INET6 && ip instanceof Inet4Address) {
            return new InetSocketAddress(ip.isAnyLocalAddress() ? IP.parse("::") : IP.mapped(ip), a.getPort());
        }
        return a;
    }

    /** {@code a} with an IPv4-mapped IPv6 address made the plain IPv4 address; any other address as it is. */
    public static SocketAddress unmapped(SocketAddress a) {
        if (a instanceof InetSocketAddress isa && !isa.isUnresolved() && IP.isIPv4Mapped(isa.getAddress())) {
            return new InetSocketAddress(IP.unmap(isa.getAddress()), isa.getPort());
        }
        return a;
    }

    /** Go's {@code Addr.String()} for any address net-core hands out; "" for null. */
    public static String string(SocketAddress a) {
        if (a == null) {
            return "";
        }
        if (a instanceof InetSocketAddress isa) {
            String host = isa.isUnresolved() ? isa.getHostString() : IP.string(isa.getAddress());
            return joinHostPort(host, Integer.toString(isa.getPort()));
        }
        if (a instanceof UnixDomainSocketAddress ua) {
            return ua.getPath().toString();
        }
        return a.toString();
    }

    /** Go's {@code JoinHostPort}: brackets around a host that holds a colon. */
    public static String joinHostPort(String host, String port) {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    /** True when both are the same IP and port (Go's {@code selfConnect} test). */
    public static boolean sameEndpoint(SocketAddress a, SocketAddress b) {
        if (a instanceof InetSocketAddress x && b instanceof InetSocketAddress y && !x.isUnresolved()
                && !y.isUnresolved()) {
            return x.getPort() == y.getPort() && Arrays.equals(x.getAddress().getAddress(), y.getAddress().getAddress());
        }
        return false;
    }
}
