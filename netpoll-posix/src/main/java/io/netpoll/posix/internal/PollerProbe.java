package io.netpoll.posix.internal;

import io.netpoll.posix.PosixSockets;
import io.netpoll.spi.Availability;
import io.netpoll.spi.Handle;
import io.netpoll.spi.Poller;
import io.netpoll.spi.SocketType;

import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * The skeleton of the epoll and kqueue providers' availability probes: what a failure to load or
 * call native code means, and a socketpair to run a poller's round trip on.
 */
public final class PollerProbe {

    /** Opens the poller under test. */
    @FunctionalInterface
    public interface Opener<P extends Poller> {
        P open() throws IOException;
    }

    /** Checks the poller with both ends of a stream socketpair. */
    @FunctionalInterface
    public interface RoundTrip<P extends Poller> {
        Availability check(P poller, PosixSockets sockets, Handle[] pair) throws IOException;
    }

    private PollerProbe() {
    }

    /**
     * Runs {@code probe}, turning a failure into "unavailable: cause": a missing JNA, native code that
     * cannot be loaded or called, or any other failure of the round trip.
     *
     * @param prefix           starts every message
     * @param roundTripFailure the message, after {@code prefix}, when the probe throws
     */
    public static Availability guard(String prefix, String roundTripFailure, Callable<Availability> probe) {
        try {
            return probe.call();
        } catch (NoClassDefFoundError e) {
            return Availability.no(prefix + "JNA is not on the class path", e);
        } catch (LinkageError e) {
            return Availability.no(prefix + "native calls through JNA failed", e);
        } catch (Exception e) {
            return Availability.no(prefix + roundTripFailure, e);
        }
    }

    /** Opens a poller and a socketpair, runs {@code check} on them, and closes all three. */
    public static <P extends Poller> Availability roundTrip(String provider, Opener<P> opener, RoundTrip<P> check)
            throws IOException {
        PosixSockets sockets = new PosixSockets(provider);
        try (P poller = opener.open()) {
            Handle[] pair = sockets.socketpair(SocketType.STREAM);
            try {
                return check.check(poller, sockets, pair);
            } finally {
                sockets.close(pair[0]);
                sockets.close(pair[1]);
            }
        }
    }
}
