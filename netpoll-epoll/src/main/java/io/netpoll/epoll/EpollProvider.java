package io.netpoll.epoll;

import io.netpoll.posix.PosixSockets;
import io.netpoll.posix.internal.OsTable;
import io.netpoll.posix.internal.PollerProbe;
import io.netpoll.spi.Availability;
import io.netpoll.spi.NetpollProvider;
import io.netpoll.spi.Poller;
import io.netpoll.spi.Sockets;

import java.io.IOException;
import java.util.Locale;

/**
 * The {@code epoll} provider: the highest priority on Linux. Found by {@link java.util.ServiceLoader};
 * this class itself touches no native binding, so it loads even when the binding cannot (JNA missing
 * from the class path for the JNA binding), and then reports itself unavailable instead of breaking
 * provider selection.
 *
 * <p>{@link #availability()} runs a real round trip once per JVM ({@link Probe}): open a poller
 * (epoll_create1, eventfd), register both ends of a socketpair under two sentinel tokens, write a
 * byte each way, and check that both events come back in one epoll_wait with the right modes and the
 * exact tokens read at the architecture's {@code epoll_data} offset and stride; then check that a
 * wakeup ends a waiting poll. A missing JNA (for the JNA binding) or libc, an unknown architecture, a
 * struct layout bug or a seccomp filter all read as "unavailable: cause", and selection falls back to
 * the next provider. Available, it says which binding runs: {@code available (ffm)}.
 */
public final class EpollProvider implements NetpollProvider {

    static final String NAME = "epoll";

    /** Above kqueue (200) and nio (0); only one of epoll and kqueue is ever available. */
    static final int PRIORITY = 300;

    /**
     * Called by {@link java.util.ServiceLoader}; nothing is probed until {@link #availability()}.
     */
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
            return PollerProbe.roundTrip(NAME, () -> EpollPoller.open(layout), TOKEN_A, TOKEN_B,
                    new PollerProbe.Failures() {
                        @Override
                        public String missedEvents(int modesA, int modesB) {
                            return "epoll_wait did not report a readable socketpair (modes " + modesA + ", " + modesB
                                    + ")";
                        }

                        @Override
                        public String strayToken(long token) {
                            return "epoll_event layout mismatch: read token 0x" + Long.toHexString(token)
                                    + " at offset " + layout.dataOffset() + " stride " + layout.size();
                        }

                        @Override
                        public String missedWakeup() {
                            return "an eventfd wakeup did not end epoll_wait";
                        }
                    });
        }
    }
}
