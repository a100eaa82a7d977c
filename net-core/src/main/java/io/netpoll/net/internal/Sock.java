// Mirrors Go's src/net/sock_posix.go (socket), ipsock_posix.go (internetSocket) and unixsock_posix.go (unixSocket).
package io.netpoll.net.internal;

import io.netpoll.Netpoll;
import io.netpoll.net.Control;
import io.netpoll.runtime.FD;
import io.netpoll.runtime.PollServer;
import io.netpoll.spi.Family;
import io.netpoll.spi.NetpollProvider;
import io.netpoll.spi.NetpollSocketOptions;
import io.netpoll.spi.SocketType;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.time.Instant;

/**
 * Makes sockets: open one on the chosen provider's poll server, give it Go's default options, let
 * the caller's {@link Control} hook see it, and either listen on {@code laddr} (when there is no
 * {@code raddr}) or dial {@code raddr} (from {@code laddr} when given). On any failure the socket is
 * closed before the error leaves.
 *
 * <p>Go's default options: an AF_INET6 socket gets IPV6_V6ONLY as the address family choice says
 * (ignoring a provider that cannot set it, as Go ignores the error), an IP datagram socket gets
 * SO_BROADCAST, and an IP socket about to listen gets SO_REUSEADDR (Go's
 * {@code setDefaultListenerSockopts}), plus SO_REUSEPORT when the caller asked for it; a datagram
 * socket listening on a multicast address gets SO_REUSEADDR and binds the wildcard address with that
 * port instead (Go's {@code listenDatagram}). The hook runs after all of these, so it can change any of
 * them, and before bind.
 */
final class Sock {

    /**
     * What a dial or listen asks of every socket it makes.
     *
     * @param requested whose sockets and poll server to use, or null for the selected provider
     * @param control   the caller's hook, or null
     * @param reusePort SO_REUSEPORT on IP sockets that listen
     */
    record Config(NetpollProvider requested, Control control, boolean reusePort) {

        /**
         * The provider to use. The selected one is looked up only now, when a socket is made, so
         * that bad input fails with its own error even where no provider is available.
         */
        NetpollProvider provider() {
            return requested != null ? requested : Netpoll.provider();
        }
    }

    private Sock() {
    }

    /** Go's {@code internetSocket}: the family is chosen from the network and the addresses. */
    static NetFD internetSocket(Config cfg, Network net, InetSocketAddress laddr, InetSocketAddress raddr,
                                Instant deadline) throws IOException {
        NetpollProvider provider = cfg.provider();
        IPStack.Choice c = IPStack.favoriteAddrFamily(provider, net, laddr, raddr, raddr == null);
        String ctrlAddr = Addrs.string(raddr != null ? raddr : laddr);
        return socket(cfg, provider, net, c.family(), c.ipv6only(),
                laddr == null ? null : Addrs.sockaddr(laddr, c.family()),
                raddr == null ? null : Addrs.sockaddr(raddr, c.family()), ctrlAddr, deadline);
    }

    /** Go's {@code unixSocket}. */
    static NetFD unixSocket(Config cfg, Network net, SocketAddress laddr, SocketAddress raddr, Instant deadline)
            throws IOException {
        String ctrlAddr = Addrs.string(raddr != null ? raddr : laddr);
        return socket(cfg, cfg.provider(), net, Family.UNIX, false, laddr, raddr, ctrlAddr, deadline);
    }

    private static NetFD socket(Config cfg, NetpollProvider provider, Network net, Family family, boolean ipv6only,
                                SocketAddress laddr, SocketAddress raddr, String ctrlAddr, Instant deadline)
            throws IOException {
        SocketType type = net.type();
        if (!provider.sockets().supports(family, type)) {
            throw ErrorString.unsupported(provider.name(), net.name());
        }
        NetFD fd = new NetFD(FD.socket(PollServer.of(provider), family, type), family, type, net.name());
        try {
            boolean listening = laddr != null && raddr == null;
            if (family == Family.INET6) {
                setIPv6Only(fd.pfd, ipv6only);
            }
            if (type == SocketType.DATAGRAM && family != Family.UNIX) {
                fd.pfd.setOption(StandardSocketOptions.SO_BROADCAST, true);
            }
            if (listening && family != Family.UNIX) {
                if (type == SocketType.STREAM) {
                    fd.pfd.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                }
                if (cfg.reusePort()) {
                    fd.pfd.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                }
            }
            if (listening && type == SocketType.DATAGRAM && laddr instanceof InetSocketAddress a
                    && a.getAddress().isMulticastAddress()) {
                // Go's listenDatagram: a multicast address listens on the wildcard with a reusable port,
                // so that one port serves several groups (setDefaultMulticastSockopts).
                fd.pfd.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                laddr = new InetSocketAddress(InetAddress.getByAddress(new byte[family == Family.INET ? 4 : 16]),
                        a.getPort());
            }
            if (cfg.control() != null) {
                cfg.control().control(ctrlNetwork(net, family), ctrlAddr, NetRawConn.beforeUse(fd.pfd));
            }
            if (listening) {
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

    /**
     * Go's {@code netFD.ctrlNetwork}: a Unix network or one pinned to a version as named; otherwise
     * the version the socket's family is.
     */
    static String ctrlNetwork(Network net, Family family) {
        if (net.unix() || net.ipVersion() != 0) {
            return net.name();
        }
        return net.name() + (family == Family.INET ? '4' : '6');
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
