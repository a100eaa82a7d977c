// Mirrors Go's src/net/ipsock_posix.go (ipStackCapabilities.probe, favoriteAddrFamily).
package io.netpoll.net.internal;

import io.netpoll.spi.Family;
import io.netpoll.spi.Handle;
import io.netpoll.spi.NetpollProvider;
import io.netpoll.spi.NetpollSocketOptions;
import io.netpoll.spi.SocketType;
import io.netpoll.spi.Sockets;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which IP stacks this host has, and so which address family a socket gets.
 *
 * <p>The probe runs once per provider, through that provider's sockets, the first time a choice
 * depends on it: IPv4 works when an AF_INET socket opens, and IPv4-mapped IPv6 when an AF_INET6
 * socket binds to ::ffff:127.0.0.1 (with IPV6_V6ONLY off where the provider can set it).
 *
 * <p>The choice ({@link #favoriteAddrFamily}): a network ending in '4' is AF_INET, one ending in '6'
 * is AF_INET6 with IPV6_V6ONLY on; listening on a wildcard is one dual-stack AF_INET6 socket when the
 * host maps IPv4 into IPv6; otherwise AF_INET when every address given is IPv4 (or a nil IP), else
 * AF_INET6.
 */
final class IPStack {

    /** A socket's family and whether it refuses IPv4-mapped peers. */
    record Choice(Family family, boolean ipv6only) {
    }

    /** Go's {@code ipStackCapabilities}: what one provider's sockets can do on this host. */
    private record Caps(boolean ipv4, boolean ipv4Mapped) {
        static Caps probe(NetpollProvider p) {
            Sockets s = p.sockets();
            return new Caps(IPStack.probe(s, Family.INET, null),
                    IPStack.probe(s, Family.INET6, IP.mapped(IP.parse("127.0.0.1"))));
        }
    }

    private static final ConcurrentHashMap<NetpollProvider, Caps> CAPS = new ConcurrentHashMap<>();

    private IPStack() {
    }

    /** True when a socket of {@code family} opens and, if {@code bindTo} is given, binds to it. */
    private static boolean probe(Sockets s, Family family, InetAddress bindTo) {
        Handle h;
        try {
            h = s.socket(family, SocketType.STREAM);
        } catch (IOException | RuntimeException e) {
            return false;
        }
        try {
            if (family == Family.INET6) {
                try {
                    s.setOption(h, NetpollSocketOptions.IPV6_V6ONLY, false);
                } catch (IOException | UnsupportedOperationException e) {
                    // As Go: the bind below decides.
                }
            }
            if (bindTo != null) {
                s.bind(h, new InetSocketAddress(bindTo, 0));
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        } finally {
            try {
                s.close(h);
            } catch (IOException e) {
                // A probe socket that will not close changes no answer.
            }
        }
    }

    /** Go's {@code favoriteAddrFamily} for a socket of {@code p}; {@code laddr} and {@code raddr} may be null. */
    static Choice favoriteAddrFamily(NetpollProvider p, Network net, InetSocketAddress laddr, InetSocketAddress raddr,
                                     boolean listen) {
        switch (net.ipVersion()) {
            case '4':
                return new Choice(Family.INET, false);
            case '6':
                return new Choice(Family.INET6, true);
            default:
                break;
        }
        if (listen && (laddr == null || Addrs.isWildcard(laddr))) {
            Caps caps = CAPS.computeIfAbsent(p, Caps::probe);
            if (caps.ipv4Mapped() || !caps.ipv4()) {
                return new Choice(Family.INET6, false);
            }
            return new Choice(laddr == null ? Family.INET : Addrs.family(laddr), false);
        }
        if (isInet(laddr) && isInet(raddr)) {
            return new Choice(Family.INET, false);
        }
        return new Choice(Family.INET6, false);
    }

    private static boolean isInet(SocketAddress a) {
        return a == null || Addrs.family((InetSocketAddress) a) == Family.INET;
    }
}
