package io.netpoll.tck;

import io.netpoll.net.Conn;
import io.netpoll.net.Listener;
import io.netpoll.net.Net;
import io.netpoll.net.TCPConn;
import io.netpoll.net.TCPListener;

import io.netpoll.Netpoll;
import io.netpoll.spi.Family;
import io.netpoll.spi.Handle;
import io.netpoll.spi.NetpollSocketOptions;
import io.netpoll.spi.SocketType;
import io.netpoll.spi.Sockets;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Loopback TCP fixtures: Go's {@code newLocalListener("tcp")} and a connected pair. */
final class Tcp {

    private Tcp() {
    }

    /** A listener on 127.0.0.1 with a kernel-chosen port (Go's newLocalListener("tcp")). */
    static TCPListener listen() throws IOException {
        return (TCPListener) Net.listen("tcp", "127.0.0.1:0");
    }

    /** The listener's address as a dial string. */
    static String address(Listener ln) {
        return GoText.addr(ln.addr());
    }

    static TCPConn dial(Listener ln) throws IOException {
        return (TCPConn) Net.dial("tcp", address(ln));
    }

    /**
     * A listener and both ends of one connection through it; closing the pair closes all three.
     * The kernel completes the handshake before accept runs, so one thread can build it.
     */
    record Pair(TCPListener ln, TCPConn client, TCPConn server) implements Closeable {

        static Pair open() throws IOException {
            TCPListener ln = listen();
            try {
                TCPConn client = dial(ln);
                try {
                    return new Pair(ln, client, ln.accept());
                } catch (IOException | RuntimeException e) {
                    client.close();
                    throw e;
                }
            } catch (IOException | RuntimeException e) {
                ln.close();
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            try (ln; server; client) {
                // try-with-resources closes all three, client first, and keeps the first failure
            }
        }
    }

    /**
     * The size of a write that a peer which never reads can never take: far more than the sender's
     * send buffer and the peer's receive buffer hold together (Linux grows the one to tcp_wmem's
     * maximum, 4 MiB by default, and leaves the other at tcp_rmem's default, 128 KiB, while nobody
     * reads; BSD's limits are smaller). One such write stays in flight until the connection is
     * closed, whereas a loop of smaller writes has moments between two writes where a close would
     * find no write in flight.
     */
    static final int UNSENDABLE = 64 << 20;

    /**
     * A loopback port nobody listens on for as long as it is held: a JDK socket (nothing of the
     * implementation is involved) is bound to it and never listens, so a dial to it is refused. Bound
     * without SO_REUSEADDR, it keeps anyone else from binding the port or picking it for a
     * connection; a port merely bound and released could be taken meanwhile by another test or
     * another process on the box, and the dial would then connect or fail otherwise.
     */
    record ClosedPort(Socket holder) implements Closeable {

        static ClosedPort open() throws IOException {
            Socket s = new Socket();
            try {
                s.setReuseAddress(false);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                return new ClosedPort(s);
            } catch (IOException | RuntimeException e) {
                s.close();
                throw e;
            }
        }

        int port() {
            return holder.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            holder.close();
        }
    }

    /** Whether this host can listen on ::1 at all (Go's supportsIPv6); judged with the JDK's own sockets. */
    static boolean ipv6Loopback() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether the selected provider can make an IPv6 socket IPv6-only (IPV6_V6ONLY). The JDK's
     * channels cannot, so on the nio provider a tcp6 wildcard listener is dual-stack and collides with
     * a tcp4 wildcard on the same port.
     */
    static boolean ipv6OnlySockets() throws IOException {
        Sockets sockets = Netpoll.provider().sockets();
        Handle h = sockets.socket(Family.INET6, SocketType.STREAM);
        try {
            sockets.setOption(h, NetpollSocketOptions.IPV6_V6ONLY, true);
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        } finally {
            sockets.close(h);
        }
    }
}
