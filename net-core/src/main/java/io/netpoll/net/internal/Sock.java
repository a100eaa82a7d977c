// Mirrors Go's src/net/sock_posix.go (socket), ipsock_posix.go (internetSocket) and unixsock_posix.go (unixSocket).
package io.netpoll.net.internal;

import io.netpoll.Netpoll;
import io.netpoll.runtime.FD;
import io.netpoll.runtime.PollServer;
import io.netpoll.spi.Family;
import io.netpoll.spi.NetpollProvider;
import io.netpoll.spi.NetpollSocketOptions;
import io.netpoll.spi.SocketType;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.time.Instant;

/**
 * Makes sockets: open one on the selected provider's poll server, give it Go's default options, and
 * either listen on {@code laddr} (when there is no {@code raddr}) or dial {@code raddr} (from
 * {@code laddr} when given). On any failure the socket is closed before the error leaves.
 *
 * <p>Go's default options: an AF_INET6 socket gets IPV6_V6ONLY as the address family choice says
 * (ignoring a provider that cannot set it, as Go ignores the error), and an IP datagram socket gets
 * SO_BROADCAST.
 */
final class Sock {

    private Sock() {
    }

    /** Go's {@code internetSocket}: the family is chosen from the network and the addresses. */
    static NetFD internetSocket(Network net, InetSocketAddress laddr, InetSocketAddress raddr, Instant deadline)
            throws IOException {
        IPStack.Choice c = IPStack.favoriteAddrFamily(net, laddr, raddr, raddr == null);
        return socket(net, c.family(), c.ipv6only(),
                laddr == null ? null : Addrs.sockaddr(laddr, c.family()),
                raddr == null ? null : Addrs.sockaddr(raddr, c.family()), deadline);
    }

    /** Go's {@code unixSocket}. */
    static NetFD unixSocket(Network net, SocketAddress laddr, SocketAddress raddr, Instant deadline)
            throws IOException {
        return socket(net, Family.UNIX, false, laddr, raddr, deadline);
    }

    private static NetFD socket(Network net, Family family, boolean ipv6only, SocketAddress laddr,
                                SocketAddress raddr, Instant deadline) throws IOException {
        NetpollProvider provider = Netpoll.provider();
        SocketType type = net.type();
        if (!provider.sockets().supports(family, type)) {
            throw ErrorString.unsupported(provider.name(), net.name());
        }
        NetFD fd = new NetFD(FD.socket(PollServer.of(provider), family, type), family, type, net.name());
        try {
            if (family == Family.INET6) {
                setIPv6Only(fd.pfd, ipv6only);
            }
            if (type == SocketType.DATAGRAM && family != Family.UNIX) {
                fd.pfd.setOption(StandardSocketOptions.SO_BROADCAST, true);
            }
            if (laddr != null && raddr == null) {
                if (type == SocketType.STREAM) {
                    fd.listenStream(laddr);
                } else {
                    fd.listenDatagram(laddr);
                }
            } else {
                fd.dial(laddr, raddr, deadline);
            }
            return fd;
        } catch (IOException | RuntimeException e) {
            closeAfterFailure(fd, e);
            throw e;
        }
    }

    private static void setIPv6Only(FD pfd, boolean on) {
        try {
            pfd.setOption(NetpollSocketOptions.IPV6_V6ONLY, on);
        } catch (IOException | UnsupportedOperationException e) {
            // Go ignores this error too: the socket keeps the provider's default.
        }
    }

    static void closeAfterFailure(NetFD fd, Exception failure) {
        try {
            fd.close();
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
