// Mirrors Go's package-level net.Listen, Dial, DialTimeout, ListenPacket, Pipe, SplitHostPort, JoinHostPort.
package io.netpoll.net;

import io.netpoll.net.internal.AddrError;
import io.netpoll.net.internal.Addrs;
import io.netpoll.net.internal.IPSock;
import io.netpoll.net.internal.OpErrors;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.time.Duration;

/**
 * Go's {@code net} package functions, on the selected netpoll provider.
 *
 * <p>Networks: {@code tcp}, {@code tcp4}, {@code tcp6}, {@code udp}, {@code udp4}, {@code udp6},
 * {@code unix}, {@code unixgram}. Addresses as Go writes them: {@code "host:port"}, {@code ":0"},
 * {@code "[::1]:80"}, {@code "localhost:http"}, or a socket path. What is returned has the network's
 * type: {@link TCPListener}/{@link TCPConn} for {@code tcp*}, {@link UDPConn} for {@code udp*},
 * {@link UnixListener}/{@link UnixConn} for {@code unix*}.
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
     */
    public static Listener listen(String network, String address) throws IOException {
        return ListenConfig.DEFAULT.listen(network, address);
    }

    /** Connects to {@code address} as {@link Dialer}'s defaults do; no time limit. */
    public static Conn dial(String network, String address) throws IOException {
        return Dialer.DEFAULT.dial(network, address);
    }

    /**
     * Connects within {@code timeout}: zero means no limit, a negative timeout has already expired
     * ({@code "dial tcp ...: i/o timeout"}), and a huge one saturates.
     */
    public static Conn dialTimeout(String network, String address, Duration timeout) throws IOException {
        return Dialer.builder().timeout(timeout).build().dial(network, address);
    }

    /** Listens for datagrams on {@code address}: {@code udp*} or {@code unixgram}. */
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
     */
    public static UDPConn listenMulticastUDP(String network, NetworkInterface ifi, InetSocketAddress gaddr)
            throws IOException {
        return ListenConfig.DEFAULT.listenMulticastUDP(network, ifi, gaddr);
    }

    /** Two connected, synchronous, in-memory ends: what one writes, the other reads. */
    public static Conn[] pipe() {
        return Pipe.pair();
    }

    /**
     * Splits {@code "host:port"}, {@code "[host]:port"} or {@code "[host%zone]:port"} into
     * {@code {host, port}}; fails with Go's text, e.g. {@code "address golang.org: missing port in
     * address"}.
     */
    public static String[] splitHostPort(String hostport) throws IOException {
        try {
            return IPSock.splitHostPort(hostport);
        } catch (AddrError e) {
            throw OpErrors.bare(e);
        }
    }

    /** Joins host and port into {@code "host:port"}, or {@code "[host]:port"} when the host has a colon. */
    public static String joinHostPort(String host, String port) {
        return Addrs.joinHostPort(host, port);
    }
}
