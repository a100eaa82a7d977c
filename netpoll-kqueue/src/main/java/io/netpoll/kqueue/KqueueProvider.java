package io.netpoll.kqueue;

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
 * The {@code kqueue} provider: the highest priority on macOS and FreeBSD. Found by
 * {@link java.util.ServiceLoader}; this class touches no native binding until its probe runs, so it
 * loads even when the binding cannot (JNA missing from the class path for the JNA binding), and then
 * reports itself unavailable instead of breaking provider selection.
 *
 * <p>{@link #availability()} runs a real round trip once per JVM ({@link Probe}): open a poller
 * (kqueue, the EVFILT_USER wakeup knote), register both ends of a socketpair under two sentinel
 * tokens, write a byte each way, and check that the events come back with the right modes and the
 * exact tokens read at the OS's {@code filter} and {@code udata} offsets and stride; then check that
 * a wakeup ends a waiting poll. On Linux it is unavailable with "kqueue: not available on Linux"; a
 * C library without kqueue, an unknown OS or architecture, a struct layout bug or a sandbox that
 * refuses the calls all read as "unavailable: cause", and selection falls back to the next provider.
 *
 * <p>The poller's {@code struct kevent} layout ({@link KqueueTable}) and the socket layer's constant
 * table ({@link OsTable}) are chosen apart. On macOS and FreeBSD both are the running OS's. For tests
 * on Linux two test-only system properties point the poller at a kqueue emulation over epoll while
 * sockets stay Linux sockets: {@value #LIBRARY_PROPERTY} names the library that provides
 * {@code kqueue}, {@code kevent} and {@code close}, and {@value #ABI_PROPERTY} ({@code darwin} or
 * {@code freebsd}) the {@code struct kevent} layout it speaks. Neither is meant for production use.
 */
public final class KqueueProvider implements NetpollProvider {

    static final String NAME = "kqueue";

    /** Just below epoll (300), above nio (0); on a real system only one of epoll and kqueue is available. */
    static final int PRIORITY = 200;

    /** The C library's name, as JNA loads it; the FFM binding reads it from the linker's default lookup. */
    static final String C_LIBRARY = "c";

    /** Test-only: the library that provides kqueue, kevent and close instead of the C library. */
    static final String LIBRARY_PROPERTY = "netpoll.kqueue.library";

    /** Test-only: the struct kevent layout of {@link #LIBRARY_PROPERTY}'s library. */
    static final String ABI_PROPERTY = "netpoll.kqueue.abi";

    /**
     * Called by {@link java.util.ServiceLoader}; nothing is probed until {@link #availability()}.
     */
    public KqueueProvider() {
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
        return KqueuePoller.open(Target.current().table());
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
        return "KqueueProvider[" + Probe.RESULT + "]";
    }

    /**
     * Where {@code kqueue} and {@code kevent} come from and which {@code struct kevent} layout they
     * use.
     *
     * @param library {@link #C_LIBRARY}, or the path of another library
     * @param table   its {@code struct kevent} layout and kqueue numbers
     */
    record Target(String library, KqueueTable table) {

        /** The target named by this JVM's OS and the test-only properties. */
        static Target current() {
            return resolve(System.getProperty("os.name", ""), System.getProperty("os.arch", ""),
                    System.getProperty(LIBRARY_PROPERTY), System.getProperty(ABI_PROPERTY));
        }

        /**
         * The target for an OS and architecture as the JDK names them, and the values of the
         * test-only properties (null when unset).
         *
         * @throws UnsupportedOperationException with the reason when there is none
         */
        static Target resolve(String osName, String osArch, String library, String abi) {
            if (library == null || library.isBlank()) {
                if (osName.toLowerCase(Locale.ROOT).equals("linux")) {
                    throw new UnsupportedOperationException("kqueue: not available on Linux");
                }
                KqueueTable table = KqueueTable.forPlatform(osName, osArch);
                if (table == null) {
                    throw new UnsupportedOperationException("kqueue: no struct kevent layout for " + osName + "/"
                            + osArch);
                }
                return new Target(C_LIBRARY, table);
            }
            KqueueTable table = abi == null || abi.isBlank()
                    ? KqueueTable.forPlatform(osName, osArch) : KqueueTable.forName(abi);
            if (table == null) {
                throw new UnsupportedOperationException("kqueue: -D" + LIBRARY_PROPERTY + "=" + library + " needs -D"
                        + ABI_PROPERTY + "=darwin or freebsd" + (abi == null ? "" : ", not '" + abi + "'"));
            }
            return new Target(library.trim(), table);
        }
    }

    /** The socket layer, made only once the probe has passed. */
    private static final class Shared {
        static final PosixSockets SOCKETS = new PosixSockets(NAME);
    }

    /** The availability round trip, run once. */
    static final class Probe {

        static final long TOKEN_A = 0x0123_4567_89ab_cdefL;
        static final long TOKEN_B = 0xfedc_ba98_7654_3210L;

        static final Availability RESULT = run();

        private Probe() {
        }

        private static Availability run() {
            return PollerProbe.guard("kqueue: ", "the round trip failed", () -> {
                try {
                    Target target = Target.current();
                    Kqueue.bind();
                    OsTable.current();
                    return roundTrip(target.table());
                } catch (UnsupportedOperationException e) {
                    return Availability.no(e.getMessage());
                }
            });
        }

        static Availability roundTrip(KqueueTable table) throws IOException {
            return PollerProbe.roundTrip(NAME, () -> KqueuePoller.open(table), TOKEN_A, TOKEN_B,
                    new PollerProbe.Failures() {
                        @Override
                        public String missedEvents(int modesA, int modesB) {
                            return "kqueue: kevent did not report a readable and writable socketpair (modes " + modesA
                                    + ", " + modesB + ") with the " + table.os() + " struct kevent layout";
                        }

                        @Override
                        public String strayToken(long token) {
                            return "kqueue: struct kevent layout mismatch: read udata 0x" + Long.toHexString(token)
                                    + " at offset " + KqueueTable.UDATA + " stride " + table.size() + " ("
                                    + table.os() + ")";
                        }

                        @Override
                        public String missedWakeup() {
                            return "kqueue: an EVFILT_USER wakeup did not end kevent";
                        }
                    });
        }
    }
}
