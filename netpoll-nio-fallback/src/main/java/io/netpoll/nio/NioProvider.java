package io.netpoll.nio;

import io.netpoll.spi.Availability;
import io.netpoll.spi.Family;
import io.netpoll.spi.Handle;
import io.netpoll.spi.NetpollProvider;
import io.netpoll.spi.Poller;
import io.netpoll.spi.SocketType;
import io.netpoll.spi.Sockets;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The portable provider {@code nio}: a {@link java.nio.channels.Selector} as the poller and java.nio
 * channels as the sockets. It runs wherever the JDK runs, Windows included, and has the lowest
 * priority, so it is chosen when no native provider is available or when asked for by name.
 */
public final class NioProvider implements NetpollProvider {

    /** The provider's name, for {@code -Dnetpoll.provider=nio}. */
    public static final String NAME = "nio";

    private static final NioSockets SOCKETS = new NioSockets();

    /** How long the availability probe waits for its event before it calls the Selector broken. */
    private static final long PROBE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);

    /**
     * Called by {@link java.util.ServiceLoader}; nothing is probed until {@link #availability()}.
     */
    public NioProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public Availability availability() {
        return Probe.RESULT;
    }

    @Override
    public Poller openPoller() throws IOException {
        return NioPoller.open();
    }

    @Override
    public Sockets sockets() {
        return SOCKETS;
    }

    @Override
    public String toString() {
        return NAME;
    }

    /** The probe's result, computed once per JVM on first use. */
    private static final class Probe {
        static final Availability RESULT = probe();

        /**
         * The whole path once over loopback: listen, arm the listener, connect, and see the poller
         * report the pending connection with the listener's token, then accept it.
         */
        private static Availability probe() {
            try (NioPoller poller = NioPoller.open()) {
                InetAddress loopback = InetAddress.getLoopbackAddress();
                Family family = loopback instanceof Inet6Address ? Family.INET6 : Family.INET;
                Handle listener = SOCKETS.socket(family, SocketType.STREAM);
                Handle client = null;
                Handle server = null;
                try {
                    SOCKETS.bind(listener, new InetSocketAddress(loopback, 0));
                    SOCKETS.listen(listener, 1);
                    long token = 0x6e696f; // "nio"
                    poller.register(listener, token);
                    poller.arm(token, Poller.READ);
                    client = SOCKETS.socket(family, SocketType.STREAM);
                    SOCKETS.connect(client, SOCKETS.localAddress(listener));
                    long[] seen = new long[2];
                    long deadline = System.nanoTime() + PROBE_TIMEOUT_NANOS;
                    long left;
                    while (seen[0] != token && (left = deadline - System.nanoTime()) > 0) {
                        poller.poll(left, (t, mode, error) -> {
                            seen[0] = t;
                            seen[1] = mode;
                        });
                    }
                    if (seen[0] != token || seen[1] != Poller.READ) {
                        return Availability.no("a java.nio Selector did not report a loopback connection within "
                                + TimeUnit.NANOSECONDS.toSeconds(PROBE_TIMEOUT_NANOS) + " s (saw token "
                                + seen[0] + ", mode " + seen[1] + ")");
                    }
                    server = SOCKETS.accept(listener);
                    if (server == null) {
                        return Availability.no("a java.nio Selector reported a connection that accept did not find");
                    }
                    return Availability.yes();
                } finally {
                    poller.deregister(listener);
                    for (Handle h : new Handle[] {server, client, listener}) {
                        if (h != null) {
                            SOCKETS.close(h);
                        }
                    }
                }
            } catch (Exception | LinkageError e) {
                return Availability.no("the java.nio Selector round trip failed", e);
            }
        }
    }
}
