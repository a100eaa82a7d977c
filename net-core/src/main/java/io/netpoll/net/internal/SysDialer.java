// Mirrors Go's sysDialer (src/net/dial.go: DialContext, dialParallel, dialSerial, dialSingle, partialDeadline) and doDialTCPProto (tcpsock_posix.go).
package io.netpoll.net.internal;

import io.netpoll.Netpoll;
import io.netpoll.net.Conn;
import io.netpoll.net.Control;
import io.netpoll.net.Resolver;
import io.netpoll.runtime.DeadlineExceededException;
import io.netpoll.spi.Errno;
import io.netpoll.spi.NetpollProvider;
import io.netpoll.spi.SyscallException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One dial: resolve the address to a list, then connect to one of them.
 *
 * <p><b>Serial</b> (Go's {@code dialSerial}): try each address in order until one connects. With a
 * deadline, each address gets an equal share of the time left, but at least 2 s (unless less
 * remains), so one black-holed address cannot eat the whole budget; an address reached with no time
 * left fails with "i/o timeout". The error returned is the first address's, which is the most
 * relevant.
 *
 * <p><b>Happy Eyeballs</b> (Go's {@code dialParallel}, RFC 6555), for network "tcp" exactly, unless
 * the fallback delay is negative: the addresses of the first one's IP version are the primaries, the
 * others the fallbacks. A racer thread dials the primaries serially at once; another dials the
 * fallbacks after the fallback delay, or at once when the primaries have already failed. The first
 * connection wins; a racer still dialing is cancelled, and a connection that arrives after the
 * winner is closed. When both fail, the primaries' error is the one returned.
 *
 * <p><b>Interrupts</b>: a thread interrupted while it dials (or already interrupted) ends the dial at
 * once with {@link ClosedByInterruptException}, its interrupt status kept; no further address is
 * tried, and racers are cancelled.
 *
 * <p>Every failure is Go's OpError: {@code "dial tcp: lookup nosuch.example: no such host"} before
 * an address was chosen, {@code "dial tcp 127.0.0.1:1: connect: connection refused"} after (with the
 * local address first when the caller gave one).
 */
public final class SysDialer {

    /**
     * A dialer's settings (Go's {@code Dialer} fields but the deadline).
     *
     * @param provider      whose sockets to use, or null for {@link Netpoll#provider()}
     * @param localAddr     the local address to dial from, or null for the system's choice
     * @param keepAlive     TCP keep-alive idle time: zero for Go's 15 s, negative for none
     * @param fallbackDelay Happy Eyeballs delay: zero for Go's 300 ms, negative for no fallback racer
     * @param resolver      names are resolved by it, or by default when null
     * @param control       called for each socket before it connects, or null
     */
    public record Config(NetpollProvider provider, SocketAddress localAddr, Duration keepAlive,
                         Duration fallbackDelay, Resolver resolver, Control control) {
    }

    /** Go's largest {@code time.Duration}: longer timeouts saturate to it. */
    private static final Duration MAX_DURATION = Duration.ofNanos(Long.MAX_VALUE);

    /** The least time an address gets while others wait (Go's {@code saneMinimum}). */
    private static final Duration SANE_MINIMUM = Duration.ofSeconds(2);

    /** Go's default {@code Dialer.FallbackDelay}. */
    private static final Duration DEFAULT_FALLBACK_DELAY = Duration.ofMillis(300);

    private final Config config;
    private final Sock.Config sock;
    private final String network;
    private final String address;
    private final Instant deadline;

    /**
     * @param config   the dialer's settings
     * @param network  the network as the caller named it
     * @param address  the address as the caller wrote it
     * @param deadline when the whole dial must be done, or null for never
     */
    public SysDialer(Config config, String network, String address, Instant deadline) {
        this.config = config;
        this.sock = new Sock.Config(config.provider(), config.control(), false);
        this.network = network;
        this.address = address;
        this.deadline = deadline;
    }

    /**
     * Go's {@code Dialer.deadline}: the earliest of {@code now + timeout} (none for a zero timeout; a
     * negative one has already passed; saturated at Go's largest duration either way) and
     * {@code deadline} (null for none).
     */
    public static Instant deadline(Instant now, Duration timeout, Instant deadline) {
        Instant t = deadline(now, timeout);
        if (t == null || (deadline != null && deadline.isBefore(t))) {
            return deadline;
        }
        return t;
    }

    /** The deadline a dial timeout alone sets. */
    static Instant deadline(Instant now, Duration timeout) {
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
            addrs = IPSock.resolveAddrList("dial", net, address, config.localAddr(), config.resolver());
        } catch (IOException e) {
            throw OpErrors.wrap("dial", network, null, null, e);
        }
        if (network.equals("tcp") && !config.fallbackDelay().isNegative()) {
            List<List<SocketAddress>> parts = IPSock.partition(addrs);
            if (!parts.get(1).isEmpty()) {
                return dialParallel(net, parts.get(0), parts.get(1));
            }
        }
        return dialSerial(net, addrs);
    }

    /** One racer's outcome: its connection, or what it threw. */
    private record Result(boolean primary, Conn conn, Throwable error) {

        /** Throws the error, with its own type. */
        Conn rethrow() throws IOException {
            switch (error) {
                case IOException e -> throw e;
                case RuntimeException e -> throw e;
                case Error e -> throw e;
                default -> throw new IllegalStateException("a dial racer threw " + error, error);
            }
        }
    }

    /**
     * Go's {@code dialParallel}. The racers are virtual threads; they post their result to a queue
     * the caller waits on. Once the caller returns ({@code returned}), a racer's connection has nobody
     * to take it, so whichever side sees it last closes it.
     */
    private Conn dialParallel(Network net, List<SocketAddress> primaries, List<SocketAddress> fallbacks)
            throws IOException {
        LinkedBlockingQueue<Result> results = new LinkedBlockingQueue<>();
        AtomicBoolean returned = new AtomicBoolean();
        List<Thread> racers = new ArrayList<>(2);
        Duration delay = config.fallbackDelay().isZero() ? DEFAULT_FALLBACK_DELAY : config.fallbackDelay();
        long fallbackAt = System.nanoTime() + delay.toNanos();
        Result primary = null;
        Result fallback = null;
        Conn winner = null;
        try {
            racers.add(startRacer(net, true, primaries, results, returned));
            for (;;) {
                Result r;
                if (racers.size() < 2) {
                    r = results.poll(fallbackAt - System.nanoTime(), TimeUnit.NANOSECONDS);
                    if (r == null) {
                        racers.add(startRacer(net, false, fallbacks, results, returned));
                        continue;
                    }
                } else {
                    r = results.take();
                }
                if (r.conn() != null) {
                    winner = r.conn();
                    return winner;
                }
                if (r.primary()) {
                    primary = r;
                    fallbackAt = System.nanoTime(); // the primaries failed: start the fallback now
                } else {
                    fallback = r;
                }
                if (primary != null && fallback != null) {
                    return primary.rethrow();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OpErrors.wrap("dial", network, config.localAddr(), primaries.get(0),
                    new ClosedByInterruptException());
        } finally {
            returned.set(true);
            for (Thread racer : racers) {
                racer.interrupt(); // cancels a racer still dialing; a finished one ignores it
            }
            closeUnclaimed(results, winner);
        }
    }

    private Thread startRacer(Network net, boolean primary, List<SocketAddress> ras, LinkedBlockingQueue<Result> results,
                              AtomicBoolean returned) {
        return Thread.ofVirtual().name("netpoll-dial-" + (primary ? "primary" : "fallback")).start(() -> {
            Result r;
            try {
                r = new Result(primary, dialSerial(net, ras), null);
            } catch (Throwable t) {
                r = new Result(primary, null, t); // the caller waits for every racer's word
            }
            results.add(r);
            if (returned.get()) {
                closeUnclaimed(results, null);
            }
        });
    }

    /** Closes every connection left in {@code results} but the winner. */
    private static void closeUnclaimed(LinkedBlockingQueue<Result> results, Conn winner) {
        for (Result r; (r = results.poll()) != null; ) {
            if (r.conn() != null && r.conn() != winner) {
                try {
                    r.conn().close();
                } catch (IOException e) {
                    // A losing connection that fails to close is nobody's to report to.
                }
            }
        }
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
                    firstErr = OpErrors.wrap("dial", network, config.localAddr(), ra, e);
                }
                break;
            }
            try {
                return dialSingle(net, ra, partial);
            } catch (IOException | UnsupportedOperationException e) {
                IOException err = OpErrors.wrap("dial", network, config.localAddr(), ra, e);
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

    private Conn dialSingle(Network net, SocketAddress ra, Instant deadline) throws IOException {
        SocketAddress la = config.localAddr();
        if (net.unix()) {
            return new NetUnixConn(Sock.unixSocket(sock, net, la, ra, deadline));
        }
        InetSocketAddress ila = (InetSocketAddress) la;
        InetSocketAddress ira = (InetSocketAddress) ra;
        if (net.isUDP()) {
            return new NetUDPConn(Sock.internetSocket(sock, net, ila, ira, deadline));
        }
        return NetTCPConn.newTCPConn(dialTCP(net, ila, ira, deadline), config.keepAlive());
    }

    /**
     * Go's {@code doDialTCPProto}: a kernel-chosen local port can connect the socket to itself (when
     * the destination is a local port nobody listens on) or fail with a spurious EADDRNOTAVAIL; both
     * are retried, twice, unless the caller chose the local port.
     */
    private NetFD dialTCP(Network net, InetSocketAddress la, InetSocketAddress ra, Instant deadline)
            throws IOException {
        boolean kernelPort = la == null || la.getPort() == 0;
        for (int retry = 0; ; retry++) {
            NetFD fd;
            try {
                fd = Sock.internetSocket(sock, net, la, ra, deadline);
            } catch (SyscallException e) {
                if (kernelPort && retry < 2 && e.errno().equals(Errno.EADDRNOTAVAIL)) {
                    continue;
                }
                throw e;
            }
            if (kernelPort && retry < 2 && selfConnect(fd)) {
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
