// Mirrors Go's netFD (src/net/fd_posix.go, fd_unix.go, sock_posix.go's netFD.dial/listenStream/listenDatagram).
package io.netpoll.net.internal;

import io.netpoll.runtime.FD;
import io.netpoll.spi.Errno;
import io.netpoll.spi.Family;
import io.netpoll.spi.SocketType;
import io.netpoll.spi.SyscallException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * One network socket: the runtime's {@link FD} plus what the net layer knows about it (family, type,
 * the network the caller named, the local and remote addresses, whether it is connected).
 *
 * <p>A netFD is made by {@link Sock} and finished by exactly one of {@link #dial}, {@link #listenStream}
 * or {@link #listenDatagram}, which fix its addresses before anyone else sees it. Its methods throw
 * the runtime's and the provider's exceptions unwrapped; the conn and listener types turn them into
 * Go's OpError with their own operation name.
 *
 * <p>Reads of a datagram socket take one datagram ({@code recvfrom}), so that a connected and an
 * unconnected socket read the same way on every provider; a stream read returns -1 at end of stream.
 */
final class NetFD {

    /** Go's {@code syscall.SOMAXCONN}, used when the kernel's limit cannot be read. */
    private static final int SOMAXCONN = 128;

    private static final Errno EDESTADDRREQ = new Errno("EDESTADDRREQ", "destination address required");

    private static final class Backlog {
        static final int VALUE = listenerBacklog();
    }

    final FD pfd;
    final Family family;
    final SocketType sotype;
    /** The network as the caller named it ("tcp4"). */
    final String net;
    private SocketAddress laddr;
    private SocketAddress raddr;
    private boolean isConnected;
    private volatile boolean writeShut;

    NetFD(FD pfd, Family family, SocketType sotype, String net) {
        this.pfd = pfd;
        this.family = family;
        this.sotype = sotype;
        this.net = net;
    }

    SocketAddress laddr() {
        return laddr;
    }

    SocketAddress raddr() {
        return raddr;
    }

    // ---- set-up (sock_posix.go) -------------------------------------------------------------------

    /** Binds to {@code la} when given, connects to {@code ra} when given (by {@code deadline}). */
    void dial(SocketAddress la, SocketAddress ra, Instant deadline) throws IOException {
        if (la != null) {
            pfd.bind(la);
        }
        if (ra != null) {
            if (deadline != null) {
                pfd.setWriteDeadline(deadline);
            }
            pfd.connect(ra);
            if (deadline != null) {
                pfd.setWriteDeadline(null);
            }
            isConnected = true;
        }
        laddr = local();
        SocketAddress peer = ra == null ? null : pfd.remoteAddress();
        raddr = asGoSees(peer != null ? peer : ra);
    }

    /** Go's {@code listenStream} after its default options ({@link Sock} sets them): bind, listen with the kernel's backlog. */
    void listenStream(SocketAddress la) throws IOException {
        pfd.bind(la);
        pfd.listen(Backlog.VALUE);
        laddr = local();
    }

    /** Go's {@code listenDatagram}: bind. */
    void listenDatagram(SocketAddress la) throws IOException {
        pfd.bind(la);
        laddr = local();
    }

    /**
     * Go's {@code listenIPv4MulticastUDP}/{@code listenIPv6MulticastUDP}: the interface for sends when
     * given, no loopback of this socket's own sends (as Go sets it), then the group on the interface.
     */
    void joinMulticast(NetworkInterface ifi, InetAddress group) throws IOException {
        if (ifi != null) {
            pfd.setOption(StandardSocketOptions.IP_MULTICAST_IF, ifi);
        }
        pfd.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, false);
        pfd.joinGroup(group, ifi);
    }

    /** A socket just accepted from this listening one. */
    NetFD accept() throws IOException {
        FD nfd = pfd.accept();
        NetFD fd = new NetFD(nfd, family, sotype, net);
        try {
            fd.laddr = fd.local();
            fd.raddr = fd.asGoSees(nfd.remoteAddress());
            fd.isConnected = true;
        } catch (IOException | RuntimeException e) {
            fd.close();
            throw e;
        }
        return fd;
    }

    private SocketAddress local() throws IOException {
        return asGoSees(pfd.localAddress());
    }

    /**
     * An address as Go reports it: an unnamed Unix socket is "" (the SPI's convention), never null;
     * an IPv4-mapped IPv6 address (what a dual-stack socket sees of an IPv4 peer, or what a socket
     * layer echoes of a mapped connect address) is the plain IPv4 address, as Go's {@code IP.To4}
     * and {@code IP.String} see it.
     */
    private SocketAddress asGoSees(SocketAddress a) {
        if (a == null) {
            return family == Family.UNIX ? UnixDomainSocketAddress.of("") : null;
        }
        return Addrs.unmapped(a);
    }

    // ---- I/O ----------------------------------------------------------------------------------------

    /** Stream: bytes, or -1 at end of stream. Datagram: one datagram, truncated to fit. */
    int read(ByteBuffer dst) throws IOException {
        if (sotype == SocketType.STREAM || !dst.hasRemaining()) {
            // Go's zero-length read consumes no datagram; a closed socket or an interrupt still fails it.
            return pfd.read(dst);
        }
        int before = dst.position();
        pfd.receive(dst);
        return dst.position() - before;
    }

    /** Writes all of {@code src} (stream) or sends it as one datagram to the connected peer. */
    int write(ByteBuffer src) throws IOException {
        if (sotype == SocketType.STREAM) {
            if (writeShut) {
                // After our own shutdown(SHUT_WR) the kernel says EPIPE; some socket layers say "closed".
                throw new SyscallException("write", Errno.EPIPE);
            }
            return pfd.write(src);
        }
        if (!isConnected) {
            throw new SyscallException("write", EDESTADDRREQ);
        }
        return pfd.send(src, null);
    }

    /** One datagram and its sender; on a stream socket, bytes from the peer, or null at end of stream. */
    SocketAddress readFrom(ByteBuffer dst) throws IOException {
        if (sotype == SocketType.DATAGRAM) {
            return asGoSees(pfd.receive(dst));
        }
        return pfd.read(dst) < 0 ? null : raddr;
    }

    /** Sends one datagram to {@code to}; a connected socket has only its peer (Go's ErrWriteToConnected). */
    int writeTo(ByteBuffer src, SocketAddress to) throws IOException {
        if (isConnected) {
            throw ErrorString.writeToConnected();
        }
        return pfd.send(src, to instanceof InetSocketAddress isa ? Addrs.sockaddr(isa, family) : to);
    }

    void shutdown(boolean read, boolean write) throws IOException {
        pfd.shutdown(read, write);
        if (write) {
            writeShut = true;
        }
    }

    boolean isOpen() {
        return pfd.isOpen();
    }

    /** Closes the socket; closing a closed one does nothing. */
    void close() throws IOException {
        pfd.close();
    }

    /** Go's {@code listenerBacklog}: the kernel's somaxconn, else 128. */
    private static int listenerBacklog() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/sys/net/core/somaxconn"));
            if (lines.isEmpty()) {
                return SOMAXCONN;
            }
            long n = Long.parseLong(lines.get(0).trim().split("\\s+")[0]);
            if (n <= 0) {
                return SOMAXCONN;
            }
            // Linux before 4.1 keeps the backlog in 16 bits (Go's maxAckBacklog).
            long max = kernelAtLeast(4, 1) ? Integer.MAX_VALUE : 0xFFFF;
            return (int) Math.min(n, max);
        } catch (IOException | RuntimeException e) {
            return SOMAXCONN;
        }
    }

    private static boolean kernelAtLeast(int major, int minor) {
        String[] v = System.getProperty("os.version", "0.0").split("[.-]");
        try {
            int ma = Integer.parseInt(v[0]);
            int mi = v.length > 1 ? Integer.parseInt(v[1]) : 0;
            return ma > major || (ma == major && mi >= minor);
        } catch (NumberFormatException e) {
            return true;
        }
    }
}
