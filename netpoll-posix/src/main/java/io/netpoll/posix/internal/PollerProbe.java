package io.netpoll.posix.internal;

import io.netpoll.posix.PosixSockets;
import io.netpoll.spi.Availability;
import io.netpoll.spi.EventSink;
import io.netpoll.spi.Handle;
import io.netpoll.spi.Poller;
import io.netpoll.spi.SocketType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The epoll and kqueue providers' availability probe: what a failure to load or call native code
 * means, and the round trip itself. Both ends of a socketpair are registered under two sentinel
 * tokens and each is written a byte, so both must come back readable and writable, each with its
 * exact token (a token read at the wrong offset or stride shows as a stray one); then a wakeup must
 * end a waiting poll.
 */
public final class PollerProbe {

    /** Opens the poller under test. */
    @FunctionalInterface
    public interface Opener {
        Poller open() throws IOException;
    }

    /** The provider's words for each way its poller can fail the round trip. */
    public interface Failures {
        /** No poll reported both ends readable and writable in time; each end's modes as seen. */
        String missedEvents(int modesA, int modesB);

        /** A poll delivered a token that neither end was registered with. */
        String strayToken(long token);

        /** A wakeup did not end a waiting poll. */
        String missedWakeup();
    }

    private static final long WAIT_NANOS = 2_000_000_000L;

    private PollerProbe() {
    }

    /**
     * Runs {@code probe}, turning a failure into "unavailable: cause": JNA missing (for the JNA
     * binding), a {@code -Dnetpoll.posix.binding} that cannot run here, native access denied, native
     * code that cannot be loaded or called, or any other failure of the round trip.
     *
     * @param prefix           starts every message
     * @param roundTripFailure the message, after {@code prefix}, when the probe throws
     */
    public static Availability guard(String prefix, String roundTripFailure, Callable<Availability> probe) {
        try {
            return probe.call();
        } catch (NoClassDefFoundError e) {
            if (String.valueOf(e.getMessage()).startsWith("com/sun/jna/")) {
                return Availability.no(prefix + "JNA is not on the class path", e);
            }
            return Availability.no(prefix + callsFailed(), e);
        } catch (ExceptionInInitializerError e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof IllegalArgumentException bad) {
                return Availability.no(prefix + bad.getMessage());
            }
            return failure(prefix, cause, roundTripFailure);
        } catch (LinkageError e) {
            return Availability.no(prefix + callsFailed(), e);
        } catch (Exception e) {
            return failure(prefix, e, roundTripFailure);
        }
    }

    private static Availability failure(String prefix, Throwable e, String roundTripFailure) {
        if (e instanceof IllegalCallerException) {
            // --illegal-native-access=deny and no --enable-native-access for this module
            return Availability.no(prefix + "native access is not enabled for "
                    + describe(PollerProbe.class.getModule()) + " (--enable-native-access)", e);
        }
        if (e instanceof LinkageError) {
            return Availability.no(prefix + callsFailed(), e);
        }
        return Availability.no(prefix + roundTripFailure, e);
    }

    private static String describe(Module m) {
        return m.isNamed() ? m.getName() : "the class path (ALL-UNNAMED)";
    }

    private static String callsFailed() {
        return "native calls through " + NativeBinding.NAME.toUpperCase(Locale.ROOT) + " failed";
    }

    /** Opens a poller and a socketpair, runs the round trip on them, and closes all three. */
    public static Availability roundTrip(String provider, Opener opener, long tokenA, long tokenB,
            Failures failures) throws IOException {
        PosixSockets sockets = new PosixSockets(provider);
        try (Poller poller = opener.open()) {
            Handle[] pair = sockets.socketpair(SocketType.STREAM);
            try {
                return roundTrip(poller, sockets, pair, tokenA, tokenB, failures);
            } finally {
                sockets.close(pair[0]);
                sockets.close(pair[1]);
            }
        }
    }

    private static Availability roundTrip(Poller poller, PosixSockets sockets, Handle[] pair, long tokenA,
            long tokenB, Failures failures) throws IOException {
        poller.register(pair[0], tokenA);
        poller.register(pair[1], tokenB);
        sockets.write(pair[0], ByteBuffer.wrap(new byte[] {1}));
        sockets.write(pair[1], ByteBuffer.wrap(new byte[] {2}));

        int[] modes = new int[2];
        long[] stray = {0};
        EventSink sink = (token, mode, error) -> {
            if (token == tokenA) {
                modes[0] |= mode;
            } else if (token == tokenB) {
                modes[1] |= mode;
            } else {
                stray[0] = token;
            }
        };
        int want = Poller.READ | Poller.WRITE;
        long end = System.nanoTime() + WAIT_NANOS;
        while ((modes[0] != want || modes[1] != want) && stray[0] == 0) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return Availability.no(failures.missedEvents(modes[0], modes[1]));
            }
            poller.poll(left, sink);
        }
        if (stray[0] != 0) {
            return Availability.no(failures.strayToken(stray[0]));
        }

        poller.wakeup();
        long start = System.nanoTime();
        poller.poll(WAIT_NANOS, sink);
        if (System.nanoTime() - start >= WAIT_NANOS) {
            return Availability.no(failures.missedWakeup());
        }
        poller.deregister(pair[0]);
        poller.deregister(pair[1]);
        return Availability.yes(NativeBinding.NAME);
    }
}
