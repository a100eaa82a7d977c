package io.netpoll.resolver.jdk;

import io.netpoll.net.NetError;
import io.netpoll.net.Resolver;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.stream.Stream;

import static java.net.spi.InetAddressResolver.LookupPolicy.IPV4;
import static java.net.spi.InetAddressResolver.LookupPolicy.IPV4_FIRST;
import static java.net.spi.InetAddressResolver.LookupPolicy.IPV6;
import static java.net.spi.InetAddressResolver.LookupPolicy.IPV6_FIRST;

/**
 * {@code InetAddress} lookups answered by a {@link Resolver}. The JDK's contract, as its built-in
 * resolver keeps it: a name that does not resolve is an {@link UnknownHostException} and nothing
 * else. Anything the DNS client reports about the name (no such host, no address of the family, a
 * timeout, a misbehaving server) is that answer, a {@code DNSError} with Go's text; anything else is a
 * fault of this side (no usable netpoll provider, which surfaces as a class that fails to initialise
 * or a service that fails to load; a bug), and then the JDK's built-in resolver answers the lookup.
 *
 * <p>Addresses come in the Resolver's RFC 6724 order, filtered to the families the lookup policy
 * allows, then stably partitioned when the policy puts IPv4 or IPv6 first
 * ({@code java.net.preferIPv6Addresses}).
 */
final class NetpollInetAddressResolver implements InetAddressResolver {

    private final Resolver resolver;
    private final InetAddressResolver builtin;

    NetpollInetAddressResolver(Resolver resolver, InetAddressResolver builtin) {
        this.resolver = resolver;
        this.builtin = builtin;
    }

    @Override
    public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
        int c = policy.characteristics();
        String network = (c & (IPV4 | IPV6)) == IPV4 ? "ip4" : (c & (IPV4 | IPV6)) == IPV6 ? "ip6" : "ip";
        List<InetAddress> addrs;
        try {
            addrs = resolver.lookupIP(network, host);
        } catch (UnknownHostException e) {
            throw e; // the DNSError, with Go's text and facts
        } catch (IOException e) {
            if (e instanceof NetError) {
                throw unknownHost(host, e);
            }
            return builtin.lookupByName(host, policy);
        } catch (RuntimeException | LinkageError | ServiceConfigurationError e) {
            return builtin.lookupByName(host, policy);
        }
        if ((c & (IPV4_FIRST | IPV6_FIRST)) == 0) {
            return addrs.stream();
        }
        boolean v4First = (c & IPV4_FIRST) != 0;
        List<InetAddress> ordered = new ArrayList<>(addrs.size());
        addrs.stream().filter(a -> a instanceof Inet4Address == v4First).forEach(ordered::add);
        addrs.stream().filter(a -> a instanceof Inet4Address != v4First).forEach(ordered::add);
        return ordered.stream();
    }

    @Override
    public String lookupByAddress(byte[] addr) throws UnknownHostException {
        if (addr.length != 4 && addr.length != 16) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + addr.length);
        }
        String ip = InetAddress.getByAddress(addr).getHostAddress(); // a literal: never looked up
        List<String> names;
        try {
            names = resolver.lookupAddr(ip);
        } catch (UnknownHostException e) {
            throw e;
        } catch (IOException e) {
            if (e instanceof NetError) {
                throw unknownHost(ip, e);
            }
            return builtin.lookupByAddress(addr);
        } catch (RuntimeException | LinkageError | ServiceConfigurationError e) {
            return builtin.lookupByAddress(addr);
        }
        String name = names.get(0);
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static UnknownHostException unknownHost(String host, IOException cause) {
        UnknownHostException e = new UnknownHostException(cause.getMessage());
        e.initCause(cause);
        return e;
    }
}
