package io.netpoll.epoll;

import io.netpoll.posix.PosixSockets;
import io.netpoll.posix.internal.OsTable;
import io.netpoll.posix.internal.PollerProbe;
import io.netpoll.spi.Availability;
import io.netpoll.spi.EventSink;
import io.netpoll.spi.Handle;
import io.netpoll.spi.NetpollProvider;
import io.netpoll.spi.Poller;
import io.netpoll.spi.Sockets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * The {@code epoll} provider: the highest priority on Linux. Found by {@link java.util.ServiceLoader};
 * this class itself touches no JNA type, so it loads even when JNA is missing from the class path,
 * and then reports itself unavailable instead of breaking provider selection.
 *
 * <p>{@link #availability()} runs a real round trip once per JVM ({@link Probe}): open a poller
 * (epoll_create1, eventfd), register both ends of a socketpair under two sentinel tokens, write a
 * byte each way, and check that both events come back in one epoll_wait with the right modes and the
 * exact tokens read at the architecture's {@code epoll_data} offset and stride; then check that a
 * wakeup ends a waiting poll. A missing JNA or libc, an unknown architecture, a struct layout bug or
 * a seccomp filter all read as "unavailable: cause", and selection falls back to the next provider.
 */
public final class EpollProvider implements NetpollProvider {

    static final String NAME = "epoll";

    /** Above kqueue (200) and nio (0); only one of epoll and kqueue is ever available. */
    static final int PRIORITY = 300;

    public EpollProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Availability availability() {
        return Probe.RESULT;
    }

    @Override
    public Poller openPoller() throws IOException {
        requireAvailable();
        return EpollPoller.open(Probe.layout());
    }

    @Override
    public Sockets sockets() {
        requireAvailable();
        return Shared.SOCKETS;
    }

    private static void requireAvailable() {
        Availability a = Probe.RESULT;
        if (!a.available()) {
            throw new IllegalStateException("netpoll provider " + NAME + " is " + a, a.cause());
        }
    }

    @Override
    public String toString() {
        return "EpollProvider[" + Probe.RESULT + "]";
    }

    /** The socket layer, made only once the probe has passed. */
    private static final class Shared {
        static final PosixSockets SOCKETS = new PosixSockets(NAME);
    }

    /** The availability round trip, run once. */
    static final class Probe {

        static final long TOKEN_A = 0x0123_4567_89ab_cdefL;
        static final long TOKEN_B = 0x7edc_ba98_7654_3210L;
        private static final long WAIT_NANOS = 2_000_000_000L;

        static final Availability RESULT = run();

        private Probe() {
        }

        static EpollTable layout() {
            return EpollTable.forArch(System.getProperty("os.arch", ""));
        }

        private static Availability run() {
            String os = System.getProperty("os.name", "");
            if (!os.toLowerCase(Locale.ROOT).equals("linux")) {
                return Availability.no("epoll exists only on Linux, not on " + os);
            }
            EpollTable layout = layout();
            if (layout == null) {
                return Availability.no("no struct epoll_event layout for Linux/" + System.getProperty("os.arch"));
            }
            return PollerProbe.guard("", "the epoll round trip failed", () -> {
                OsTable.current();
                return roundTrip(layout);
            });
        }

        static Availability roundTrip(EpollTable layout) throws IOException {
            return PollerProbe.roundTrip(NAME, () -> EpollPoller.open(layout),
                    (poller, sockets, pair) -> roundTrip(layout, poller, sockets, pair));
        }

        private static Availability roundTrip(EpollTable layout, EpollPoller poller, PosixSockets sockets,
                Handle[] pair)
                throws IOException {
            poller.register(pair[0], TOKEN_A);
            poller.register(pair[1], TOKEN_B);
            sockets.write(pair[0], ByteBuffer.wrap(new byte[] {1}));
            sockets.write(pair[1], ByteBuffer.wrap(new byte[] {2}));

            int[] modes = new int[2];
            long[] stray = {0};
            EventSink sink = (token, mode, error) -> {
                if (token == TOKEN_A) {
                    modes[0] |= mode;
                } else if (token == TOKEN_B) {
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
                    return Availability.no("epoll_wait did not report a readable socketpair (modes "
                            + modes[0] + ", " + modes[1] + ")");
                }
                poller.poll(left, sink);
            }
            if (stray[0] != 0) {
                return Availability.no("epoll_event layout mismatch: read token 0x" + Long.toHexString(stray[0])
                        + " at offset " + layout.dataOffset() + " stride " + layout.size());
            }

            poller.wakeup();
            long start = System.nanoTime();
            poller.poll(WAIT_NANOS, sink);
            if (System.nanoTime() - start >= WAIT_NANOS) {
                return Availability.no("an eventfd wakeup did not end epoll_wait");
            }
            poller.deregister(pair[0]);
            poller.deregister(pair[1]);
            return Availability.yes();
        }
    }
}
