// Mirrors Go's src/net/ipsock.go (SplitHostPort, internetAddrList, addrList.first) and resolveAddrList (dial.go).
package io.netpoll.net.internal;

import io.netpoll.net.Resolver;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.InvalidPathException;
import java.util.ArrayList;
import java.util.List;

/**
 * From the caller's network and address strings to the list of socket addresses to try.
 *
 * <p>An IP network's address is "host:port". The port is a number or a service name ({@link Ports});
 * the host is empty (Go's nil IP: the local system when dialing, every address when listening), an
 * IP literal (never sent to a resolver; "::" also yields 0.0.0.0 for hosts whose IPv6 can bind but
 * not connect to "::"), or a name. A network ending in '4' or '6' keeps only that version's
 * addresses, an IPv4-mapped IPv6 address counting as IPv4; none left is Go's
 * {@code AddrError "no suitable address found"}. A Unix network's address is a path.
 *
 * <p>Go's {@code addrList.partition} for Happy Eyeballs is here too: the addresses of the first
 * one's IP version, and the others.
 */
public final class IPSock {

    private IPSock() {
    }

    /**
     * Go's {@code SplitHostPort}: "host:port", "[host]:port" or "[host%zone]:port" into {host, port}.
     * Empty host and empty port are legal.
     */
    public static String[] splitHostPort(String hostport) throws AddrError {
        final String missingPort = "missing port in address";
        final String tooManyColons = "too many colons in address";
        int j = 0;
        int k = 0;
        int i = hostport.lastIndexOf(':');
        if (i < 0) {
            throw new AddrError(missingPort, hostport);
        }
        String host;
        if (hostport.charAt(0) == '[') {
            int end = hostport.indexOf(']');
            if (end < 0) {
                throw new AddrError("missing ']' in address", hostport);
            }
            if (end + 1 == hostport.length()) {
                throw new AddrError(missingPort, hostport);
            } else if (end + 1 != i) {
                throw new AddrError(hostport.charAt(end + 1) == ':' ? tooManyColons : missingPort, hostport);
            }
            host = hostport.substring(1, end);
            j = 1;
            k = end + 1;
        } else {
            host = hostport.substring(0, i);
            if (host.indexOf(':') >= 0) {
                throw new AddrError(tooManyColons, hostport);
            }
        }
        if (hostport.indexOf('[', j) >= 0) {
            throw new AddrError("unexpected '[' in address", hostport);
        }
        if (hostport.indexOf(']', k) >= 0) {
            throw new AddrError("unexpected ']' in address", hostport);
        }
        return new String[] {host, hostport.substring(i + 1)};
    }

    /**
     * Go's {@code resolveAddrList}: the addresses {@code address} names on {@code net}, at least one.
     * {@code op} is "dial" or "listen"; a dial needs an address. A dial's local address
     * ({@code hint}, or null) must be of the network's kind ("mismatched local address type"), and
     * keeps only the addresses of its IP version unless one of the two is a wildcard ("no suitable
     * address found" when none is left). Names are resolved by {@code resolver}, or by default when
     * it is null.
     */
    public static List<SocketAddress> resolveAddrList(String op, Network net, String address, SocketAddress hint,
                                                      Resolver resolver) throws IOException {
        if (op.equals("dial") && address.isEmpty()) {
            throw ErrorString.missingAddress();
        }
        if (net.unix()) {
            SocketAddress addr;
            try {
                addr = UnixDomainSocketAddress.of(address);
            } catch (InvalidPathException e) {
                throw new AddrError("invalid path: " + e.getReason(), address);
            }
            if (op.equals("dial") && hint != null && !(hint instanceof UnixDomainSocketAddress)) {
                throw mismatched(hint);
            }
            return List.of(addr);
        }
        List<InetSocketAddress> addrs = internetAddrList(net, address, resolver);
        if (!op.equals("dial") || hint == null) {
            return new ArrayList<>(addrs);
        }
        if (!(hint instanceof InetSocketAddress local)) {
            throw mismatched(hint);
        }
        boolean wildcard = Addrs.isWildcard(local);
        List<SocketAddress> kept = new ArrayList<>(addrs.size());
        for (InetSocketAddress a : addrs) {
            if (wildcard || Addrs.isWildcard(a) || Addrs.family(a) == Addrs.family(local)) {
                kept.add(a);
            }
        }
        if (kept.isEmpty()) {
            throw new AddrError("no suitable address found", Addrs.string(hint));
        }
        return kept;
    }

    private static AddrError mismatched(SocketAddress hint) {
        return new AddrError("mismatched local address type", Addrs.string(hint));
    }

    /** Go's {@code internetAddrList} for a TCP or UDP network. */
    static List<InetSocketAddress> internetAddrList(Network net, String addr, Resolver resolver) throws IOException {
        String host = "";
        int port = 0;
        if (!addr.isEmpty()) {
            String[] hp = splitHostPort(addr);
            host = hp[0];
            port = Ports.system().lookupPort(net.name(), hp[1]);
        }
        if (host.isEmpty()) {
            return List.of(Addrs.nilIP(port));
        }
        List<InetAddress> ips;
        InetAddress ip = IP.parse(host);
        if (ip == null) {
            ips = HostLookup.lookupIPAddr(resolver, host);
        } else if (ip instanceof Inet6Address && ip.isAnyLocalAddress()) {
            ips = List.of(ip, IP.parse("0.0.0.0"));
        } else {
            ips = List.of(ip);
        }
        List<InetSocketAddress> addrs = new ArrayList<>(ips.size());
        for (InetAddress a : ips) {
            boolean v4 = a instanceof Inet4Address;
            if (net.ipVersion() == 0 || (net.ipVersion() == '4') == v4) {
                addrs.add(new InetSocketAddress(a, port));
            }
        }
        if (addrs.isEmpty()) {
            throw new AddrError("no suitable address found", host);
        }
        return addrs;
    }

    /** Go's {@code addrList.first(isIPv4)}: the first IPv4 address, else the first. */
    public static SocketAddress firstIPv4(List<SocketAddress> addrs) {
        for (SocketAddress a : addrs) {
            if (a instanceof InetSocketAddress isa && isIPv4(isa)) {
                return a;
            }
        }
        return addrs.get(0);
    }

    /**
     * Go's {@code addrList.partition(isIPv4)}: {primaries, fallbacks}, where the primaries are the
     * addresses of the same version as the first, in order, and the fallbacks the rest.
     */
    static List<List<SocketAddress>> partition(List<SocketAddress> addrs) {
        List<SocketAddress> primaries = new ArrayList<>();
        List<SocketAddress> fallbacks = new ArrayList<>();
        boolean primaryLabel = false;
        for (int i = 0; i < addrs.size(); i++) {
            SocketAddress a = addrs.get(i);
            boolean label = a instanceof InetSocketAddress isa && isIPv4(isa);
            if (i == 0 || label == primaryLabel) {
                primaryLabel = label;
                primaries.add(a);
            } else {
                fallbacks.add(a);
            }
        }
        return List.of(primaries, fallbacks);
    }

    /** Go's {@code isIPv4}: an IPv4 (or IPv4-mapped) address; a nil IP is not. */
    static boolean isIPv4(InetSocketAddress a) {
        return !Addrs.isNilIP(a) && a.getAddress() instanceof Inet4Address;
    }
}
