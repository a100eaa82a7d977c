// Mirrors Go's sysDialer (src/net/dial.go: DialContext, dialSerial, dialSingle, partialDeadline) and doDialTCPProto (tcpsock_posix.go).
package io.netpoll.net.internal;

import io.netpoll.net.Conn;
import io.netpoll.runtime.DeadlineExceededException;
import io.netpoll.spi.Errno;
import io.netpoll.spi.SyscallException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One dial: resolve the address to a list, then try each address in order until one connects.
 *
 * <p>With a deadline, each address gets an equal share of the time left, but at least 2 s (unless
 * less remains), so one black-holed address cannot eat the whole budget; an address reached with no
 * time left fails with "i/o timeout". The error returned is the first address's, which is the most
 * relevant. An interrupt ends the dial at once: no further address is tried.
 *
 * <p>Every failure is Go's OpError: {@code "dial tcp: lookup nosuch.example: no such host"} before
 * an address was chosen, {@code "dial tcp 127.0.0.1:1: connect: connection refused"} after.
 */
public final class SysDialer {

    /** Go's largest {@code time.Duration}: longer timeouts saturate to it. */
    private static final Duration MAX_DURATION = Duration.ofNanos(Long.MAX_VALUE);

    /** The least time an address gets while others wait (Go's {@code saneMinimum}). */
    private static final Duration SANE_MINIMUM = Duration.ofSeconds(2);

    /** Go's Dialer.KeepAlive zero: keep-alive on with Go's default timing. */
    private static final Duration DEFAULT_KEEPALIVE = Duration.ZERO;

    private final String network;
    private final String address;
    private final Instant deadline;

    /**
     * @param network  the network as the caller named it
     * @param address  the address as the caller wrote it
     * @param deadline when the whole dial must be done, or null for never
     */
    public SysDialer(String network, String address, Instant deadline) {
        this.network = network;
        this.address = address;
        this.deadline = deadline;
    }

    /**
     * The deadline a dial timeout sets, Go's {@code Dialer.deadline}: none for zero; else
     * {@code now + timeout}, so a negative timeout has already passed; saturated at Go's largest
     * duration either way.
     */
    public static Instant deadline(Instant now, Duration timeout) {
        if (timeout.isZero()) {
            return null;
        }
        if (timeout.compareTo(MAX_DURATION) > 0) {
            return now.plus(MAX_DURATION);
        }
        if (timeout.compareTo(MAX_DURATION.negated()) < 0) {
            return now.minus(MAX_DURATION);
        }
        return now.plus(timeout);
    }

    public Conn dial() throws IOException {
        Network net;
        List<SocketAddress> addrs;
        try {
            net = Network.parse(network);
            addrs = IPSock.resolveAddrList("dial", net, address);
        } catch (IOException e) {
            throw OpErrors.wrap("dial", network, null, null, e);
        }
        return dialSerial(net, addrs);
    }

    private Conn dialSerial(Network net, List<SocketAddress> ras) throws IOException {
        IOException firstErr = null;
        for (int i = 0; i < ras.size(); i++) {
            SocketAddress ra = ras.get(i);
            Instant partial;
            try {
                partial = partialDeadline(Instant.now(), deadline, ras.size() - i);
            } catch (DeadlineExceededException e) {
                if (firstErr == null) {
                    firstErr = OpErrors.wrap("dial", network, null, ra, e);
                }
                break;
            }
            try {
                return dialSingle(net, ra, partial);
            } catch (IOException | UnsupportedOperationException e) {
                IOException err = OpErrors.wrap("dial", network, null, ra, e);
                if (e instanceof ClosedByInterruptException) {
                    throw err;
                }
                if (firstErr == null) {
                    firstErr = err;
                }
            }
        }
        throw firstErr;
    }

    /**
     * Go's {@code partialDeadline}: the deadline for one address when {@code addrsRemaining} are left
     * to try, or null with no deadline at all.
     *
     * @throws DeadlineExceededException when no time is left
     */
    static Instant partialDeadline(Instant now, Instant deadline, int addrsRemaining) throws DeadlineExceededException {
        if (deadline == null) {
            return null;
        }
        Duration remaining = Duration.between(now, deadline);
        if (remaining.isNegative() || remaining.isZero()) {
            throw new DeadlineExceededException();
        }
        Duration timeout = remaining.dividedBy(addrsRemaining);
        if (timeout.compareTo(SANE_MINIMUM) < 0) {
            timeout = remaining.compareTo(SANE_MINIMUM) < 0 ? remaining : SANE_MINIMUM;
        }
        return now.plus(timeout);
    }

    private static Conn dialSingle(Network net, SocketAddress ra, Instant deadline) throws IOException {
        if (net.unix()) {
            return new NetUnixConn(Sock.unixSocket(net, null, ra, deadline));
        }
        InetSocketAddress ira = (InetSocketAddress) ra;
        if (net.isUDP()) {
            return new NetUDPConn(Sock.internetSocket(net, null, ira, deadline));
        }
        return NetTCPConn.newTCPConn(dialTCP(net, ira, deadline), DEFAULT_KEEPALIVE);
    }

    /**
     * Go's {@code doDialTCPProto}: a kernel-chosen local port can connect the socket to itself (when
     * the destination is a local port nobody listens on) or fail with a spurious EADDRNOTAVAIL; both
     * are retried, twice.
     */
    private static NetFD dialTCP(Network net, InetSocketAddress ra, Instant deadline) throws IOException {
        for (int retry = 0; ; retry++) {
            NetFD fd;
            try {
                fd = Sock.internetSocket(net, null, ra, deadline);
            } catch (SyscallException e) {
                if (retry < 2 && e.errno().equals(Errno.EADDRNOTAVAIL)) {
                    continue;
                }
                throw e;
            }
            if (retry < 2 && selfConnect(fd)) {
                fd.close();
                continue;
            }
            return fd;
        }
    }

    private static boolean selfConnect(NetFD fd) {
        return fd.laddr() == null || fd.raddr() == null || Addrs.sameEndpoint(fd.laddr(), fd.raddr());
    }
}
