// Mirrors Go's sysListener (src/net/dial.go: ListenConfig.Listen/ListenPacket; tcpsock_posix.go, udpsock_posix.go, unixsock_posix.go).
package io.netpoll.net.internal;

import io.netpoll.Netpoll;
import io.netpoll.net.Control;
import io.netpoll.net.Listener;
import io.netpoll.net.PacketConn;
import io.netpoll.net.UDPConn;
import io.netpoll.spi.NetpollProvider;
import io.netpoll.spi.SocketType;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * One listen: resolve the address, take its first IPv4 address if it has one (else its first), and
 * make the listener or packet conn the network calls for. A stream network asked for packets, or the
 * reverse, fails as Go fails: "unexpected address type" for an IP network, "unknown network" for a
 * Unix one. Failures are {@code "listen tcp 127.0.0.1:8080: bind: address already in use"}.
 */
public final class SysListener {

    /**
     * A listen config's settings (Go's {@code ListenConfig} fields, and SO_REUSEPORT).
     *
     * @param provider  whose sockets to use, or null for {@link Netpoll#provider()}
     * @param keepAlive TCP keep-alive idle time of accepted connections: zero for Go's 15 s, negative for none
     * @param control   called for each socket before it binds, or null
     * @param reusePort SO_REUSEPORT on IP sockets, so that several may listen on one port
     */
    public record Config(NetpollProvider provider, Duration keepAlive, Control control, boolean reusePort) {
    }

    private final Config config;
    private final Sock.Config sock;
    private final String network;
    private final String address;

    public SysListener(Config config, String network, String address) {
        this.config = config;
        this.sock = new Sock.Config(config.provider(), config.control(), config.reusePort());
        this.network = network;
        this.address = address;
    }

    public Listener listen() throws IOException {
        Network net = parse();
        SocketAddress la = resolve(net);
        try {
            if (net.isTCP()) {
                return new NetTCPListener(Sock.internetSocket(sock, net, (InetSocketAddress) la, null, null),
                        config.keepAlive());
            }
            if (net.unix() && net.type() == SocketType.STREAM) {
                return new NetUnixListener(Sock.unixSocket(sock, net, la, null, null));
            }
            throw wrongKind(net);
        } catch (IOException | UnsupportedOperationException e) {
            throw OpErrors.wrap("listen", network, null, la, e);
        }
    }

    public PacketConn listenPacket() throws IOException {
        Network net = parse();
        SocketAddress la = resolve(net);
        try {
            if (net.isUDP()) {
                return new NetUDPConn(Sock.internetSocket(sock, net, (InetSocketAddress) la, null, null));
            }
            if (net.unix() && net.type() == SocketType.DATAGRAM) {
                return new NetUnixConn(Sock.unixSocket(sock, net, la, null, null));
            }
            throw wrongKind(net);
        } catch (IOException | UnsupportedOperationException e) {
            throw OpErrors.wrap("listen", network, null, la, e);
        }
    }

    /**
     * Go's {@code ListenMulticastUDP}: a UDP socket on the group's port (on the wildcard address, see
     * {@link Sock}) that has joined the group on {@code ifi} (null: the system's choice).
     */
    public UDPConn listenMulticastUDP(NetworkInterface ifi, InetSocketAddress gaddr) throws IOException {
        Network net;
        try {
            net = Network.parse(network);
            if (!net.isUDP()) {
                throw new UnknownNetworkError(network);
            }
            if (gaddr == null || gaddr.getAddress() == null) {
                throw ErrorString.missingAddress();
            }
        } catch (IOException e) {
            throw OpErrors.wrap("listen", network, null, gaddr, e);
        }
        try {
            NetFD fd = Sock.internetSocket(sock, net, gaddr, null, null);
            try {
                fd.joinMulticast(ifi, gaddr.getAddress());
            } catch (IOException | RuntimeException e) {
                Sock.closeAfterFailure(fd, e);
                throw e;
            }
            return new NetUDPConn(fd);
        } catch (IOException | UnsupportedOperationException e) {
            throw OpErrors.wrap("listen", network, null, gaddr, e);
        }
    }

    private Network parse() throws IOException {
        try {
            return Network.parse(network);
        } catch (IOException e) {
            throw OpErrors.wrap("listen", network, null, null, e);
        }
    }

    private SocketAddress resolve(Network net) throws IOException {
        try {
            List<SocketAddress> addrs = IPSock.resolveAddrList("listen", net, address, null, null);
            return IPSock.firstIPv4(addrs);
        } catch (IOException e) {
            throw OpErrors.wrap("listen", network, null, null, e);
        }
    }

    private IOException wrongKind(Network net) {
        return net.unix() ? new UnknownNetworkError(network) : new AddrError("unexpected address type", address);
    }
}
