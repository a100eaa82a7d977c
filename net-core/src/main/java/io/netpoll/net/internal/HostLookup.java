// Stands where Go's Resolver.lookupIPAddr (src/net/lookup.go) is called from internetAddrList.
package io.netpoll.net.internal;

import io.netpoll.net.DNSError;
import io.netpoll.net.Resolver;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

/**
 * Host names to addresses, for dialing and listening: the one place net-core resolves a name.
 *
 * <p>A caller's own {@link Resolver} (a Dialer's) answers when given. Otherwise "localhost" is
 * answered here, as the standard hosts file answers it and in its order: 127.0.0.1, then ::1; any
 * other name goes to {@link Resolver#getDefault()}, Go's DNS client over the system's hosts file and
 * resolv.conf on net-core's own conns, whose {@code DNSError} carries Go's text ("lookup NAME on
 * SERVER: no such host"). IP literals never reach this class.
 */
final class HostLookup {

    private static final List<InetAddress> LOCALHOST = List.of(IP.parse("127.0.0.1"), IP.parse("::1"));

    private HostLookup() {
    }

    /** The addresses of {@code host}, from {@code resolver} when it is not null. */
    static List<InetAddress> lookupIPAddr(Resolver resolver, String host) throws IOException {
        if (resolver != null) {
            return resolver.lookupIP("ip", host);
        }
        if (host.isEmpty()) {
            throw new DNSError("no such host", host, "", false, false, true);
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (name.toLowerCase(Locale.ROOT).equals("localhost")) {
            return LOCALHOST;
        }
        return Resolver.getDefault().lookupIP("ip", host);
    }
}
