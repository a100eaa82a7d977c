// Mirrors Go's package-level net.Listen, Dial, DialTimeout, ListenPacket, Pipe, SplitHostPort, JoinHostPort.
package io.netpoll.net;

import io.netpoll.net.internal.AddrError;
import io.netpoll.net.internal.Addrs;
import io.netpoll.net.internal.IPSock;
import io.netpoll.net.internal.OpErrors;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * Go's {@code net} package functions, on the selected netpoll provider.
 *
 * <p>Networks: {@code tcp}, {@code tcp4}, {@code tcp6}, {@code udp}, {@code udp4}, {@code udp6},
 * {@code unix}, {@code unixgram}. Addresses as Go writes them: {@code "host:port"}, {@code ":0"},
 * {@code "[::1]:80"}, {@code "localhost:http"}, or a socket path. What is returned has the network's
 * type: {@link TCPListener}/{@link TCPConn} for {@code tcp*}, {@link UDPConn} for {@code udp*},
 * {@link UnixListener}/{@link UnixConn} for {@code unix*}.
 *
 * <p>Addresses come back as the JDK's {@link SocketAddress}es; {@link #addrString} prints one as Go
 * does ({@code 127.0.0.1:8080}, {@code [::1]:80}, a socket path), and {@link #dial(String, SocketAddress)}
 * dials one, so Go's {@code Dial("tcp", ln.Addr().String())} is {@code Net.dial("tcp", ln.addr())}.
 *
 * <p>Every failure is an {@link IOException} implementing {@link NetError}, with Go's text:
 * {@code "dial tcp 127.0.0.1:1: connect: connection refused"}.
 */
public final class Net {

    private Net() {
    }

    /**
     * Listens on {@code address}: {@code tcp*} or {@code unix}. An empty host listens on every local
     * address (on both IPv4 and IPv6 for {@code tcp}); port 0 picks a free port, which
     * {@link Listener#addr()} reports.
     *
     * @param network {@code tcp}, {@code tcp4}, {@code tcp6} or {@code unix}
     * @param address the address to listen on, e.g. {@code "127.0.0.1:0"}, {@code ":8080"}, a path
     * @return the listener: a {@link TCPListener} or a {@link UnixListener}
     * @throws IOException a {@link NetError} with Go's text, e.g. {@code "listen tcp 127.0.0.1:80: bind:
     *                     permission denied"}
     */
    public static Listener listen(String network, String address) throws IOException {
        return ListenConfig.DEFAULT.listen(network, address);
    }

    /**
     * Connects to {@code address} as {@link Dialer}'s defaults do; no time limit.
     *
     * @param network {@code tcp}, {@code tcp4}, {@code tcp6}, {@code udp}, {@code udp4}, {@code udp6},
     *                {@code unix} or {@code unixgram}
     * @param address where to connect, as Go writes it: {@code "host:port"}, {@code "[::1]:80"}, a path
     * @return the connection: a {@link TCPConn}, {@link UDPConn} or {@link UnixConn}
     * @throws IOException a {@link NetError} with Go's text
     */
    public static Conn dial(String network, String address) throws IOException {
        return Dialer.DEFAULT.dial(network, address);
    }

    /**
     * Connects to a {@link SocketAddress}, typically one this library handed out
     * ({@link Listener#addr()}, {@link Conn#remoteAddr()}): the same as
     * {@code dial(network, Net.addrString(address))}, Go's {@code Dial(network, addr.String())}. An
     * unresolved {@link InetSocketAddress} is looked up by its host name; an unspecified IP
     * ({@code 0.0.0.0}, {@code ::}) means this host, as in Go.
     *
     * @param network as for {@link #dial(String, String)}
     * @param address where to connect: an {@link InetSocketAddress} for {@code tcp*} and {@code udp*}, a
     *                {@link UnixDomainSocketAddress} for {@code unix*}
     * @return the connection, of the network's type
     * @throws IOException a {@link NetError} with Go's text, as {@link #dial(String, String)} gives it for
     *                     the address's text
     */
    public static Conn dial(String network, SocketAddress address) throws IOException {
        return Dialer.DEFAULT.dial(network, address);
    }

    /**
     * Connects within {@code timeout}: zero means no limit, a negative timeout has already expired
     * ({@code "dial tcp ...: i/o timeout"}), and a huge one saturates.
     *
     * @param network as for {@link #dial(String, String)}
     * @param address as for {@link #dial(String, String)}
     * @param timeout the most the connecting may take
     * @return the connection, of the network's type
     * @throws IOException a {@link NetError} with Go's text
     */
    public static Conn dialTimeout(String network, String address, Duration timeout) throws IOException {
        return Dialer.builder().timeout(timeout).build().dial(network, address);
    }

    /**
     * Connects to a {@link SocketAddress} within {@code timeout}: {@link #dial(String, SocketAddress)}
     * with the timeout of {@link #dialTimeout(String, String, Duration)}.
     *
     * @param network as for {@link #dial(String, String)}
     * @param address as for {@link #dial(String, SocketAddress)}
     * @param timeout the most the connecting may take
     * @return the connection, of the network's type
     * @throws IOException a {@link NetError} with Go's text
     */
    public static Conn dialTimeout(String network, SocketAddress address, Duration timeout) throws IOException {
        return Dialer.builder().timeout(timeout).build().dial(network, address);
    }

    /**
     * An address as Go's {@code Addr.String()} prints it, which is also what {@link #dial(String, String)}
     * and {@link #listen(String, String)} accept: {@code 127.0.0.1:8080}; {@code [::1]:80} and
     * {@code [fe80::1%eth0]:80} for IPv6 (compressed, bracketed, with the zone); an unresolved
     * {@link InetSocketAddress} as {@code host:port}; a {@link UnixDomainSocketAddress} as its path. Use it
     * instead of {@code toString()}, which is the JDK's ({@code /127.0.0.1:8080}) and which dial refuses.
     * Any other kind of address is its {@code toString()}.
     *
     * @param address the address to print
     * @return Go's text for it
     */
    public static String addrString(SocketAddress address) {
        return Addrs.string(Objects.requireNonNull(address, "address"));
    }

    /**
     * Listens for datagrams on {@code address}: {@code udp*} or {@code unixgram}.
     *
     * @param network the network, e.g. {@code "tcp"}
     * @param address the address, as Go writes it
     * @return the conn: a {@link UDPConn} or a {@link UnixConn}
     * @throws IOException a {@link NetError} with Go's text
     */
    public static PacketConn listenPacket(String network, String address) throws IOException {
        return ListenConfig.DEFAULT.listenPacket(network, address);
    }

    /**
     * Listens for datagrams sent to multicast group {@code gaddr}: Go's {@code ListenMulticastUDP}.
     * {@code network} is "udp", "udp4" or "udp6". The socket binds the wildcard address with the group's
     * port (SO_REUSEADDR, so several may share it) and joins the group on {@code ifi}, or on the
     * interface the system picks when it is null (the nio provider needs one); it sends through
     * {@code ifi} and, as Go sets it, does not receive its own multicast sends (IP_MULTICAST_LOOP off).
     * Failures are Go's {@code "listen udp 224.0.0.254:9999: ..."}.
     *
     * @param network "udp", "udp4" or "udp6"
     * @param ifi     the interface to join on, or null for the system's choice
     * @param gaddr   the group and port
     * @return the connection
     * @throws IOException a {@link NetError} with Go's text
     */
    public static UDPConn listenMulticastUDP(String network, NetworkInterface ifi, InetSocketAddress gaddr)
            throws IOException {
        return ListenConfig.DEFAULT.listenMulticastUDP(network, ifi, gaddr);
    }

    /**
     * Two connected, synchronous, in-memory ends: what one writes, the other reads.
     *
     * @return the two ends
     */
    public static Conn[] pipe() {
        return Pipe.pair();
    }

    /**
     * Splits {@code "host:port"}, {@code "[host]:port"} or {@code "[host%zone]:port"} into
     * {@code {host, port}}; fails with Go's text, e.g. {@code "address golang.org: missing port in
     * address"}.
     *
     * @param hostport the address to split
     * @return {@code {host, port}}
     * @throws IOException a {@link NetError} with Go's text
     */
    public static String[] splitHostPort(String hostport) throws IOException {
        try {
            return IPSock.splitHostPort(hostport);
        } catch (AddrError e) {
            throw OpErrors.bare(e);
        }
    }

    /**
     * Joins host and port into {@code "host:port"}, or {@code "[host]:port"} when the host has a colon.
     *
     * @param host the host name
     * @param port the port
     * @return the joined address
     */
    public static String joinHostPort(String host, String port) {
        return Addrs.joinHostPort(Objects.requireNonNull(host, "host"), Objects.requireNonNull(port, "port"));
    }
}
