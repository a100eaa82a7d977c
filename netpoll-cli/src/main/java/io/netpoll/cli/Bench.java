package io.netpoll.cli;

import io.netpoll.net.Conn;
import io.netpoll.net.Net;
import io.netpoll.net.TCPConn;
import org.HdrHistogram.Histogram;

import java.io.Console;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * One provider's benchmark run, in this JVM on its selected provider: an {@link EchoServer} on
 * loopback, and {@code conns} connections to it, each a virtual thread that writes {@code size} bytes,
 * reads them back, and starts over. A request larger than {@link #WRITE_WHOLE_LIMIT} is read back while
 * it is written: written whole first, it would fill the socket buffers of both directions and wait for
 * good, the client writing to an echo server that is blocked writing back to it.
 *
 * <p>The run goes through three phases, read by every connection after each round trip: WARMUP (round
 * trips count for the progress line only), MEASURE (each round trip's latency goes into the connection's
 * own HdrHistogram), STOP (the connection ends after the round trip in flight). The rate is the round
 * trips recorded in MEASURE over its length. A connection that fails is reported; the others go on.
 *
 * <p>The progress line is rewritten in place ({@code \r}) on a terminal; elsewhere, as in a log file, each
 * update is a line of its own.
 */
final class Bench {

    record Config(int conns, int size, Duration warmup, Duration duration) {
    }

    /** How the progress line is shown: rewritten in place, or one line per update. */
    enum Progress {
        terminal, lines;

        /**
         * {@code terminal} when this process runs in one: {@link System#console()} is null elsewhere
         * up to JDK 21, and from JDK 22 on says so with {@code Console.isTerminal()}, called here
         * through a method handle as this code is compiled for JDK 21.
         */
        static Progress ofThisProcess() {
            Console console = System.console();
            if (console == null) {
                return lines;
            }
            if (Runtime.version().feature() < 22) {
                return terminal;
            }
            try {
                MethodHandle isTerminal = MethodHandles.publicLookup().findVirtual(Console.class, "isTerminal",
                        MethodType.methodType(boolean.class));
                return (boolean) isTerminal.invoke(console) ? terminal : lines;
            } catch (Throwable e) {
                throw new IllegalStateException("Console.isTerminal() failed on JDK " + Runtime.version(), e);
            }
        }
    }

    /**
     * The largest request written whole before its reply is read: it fits in the socket buffers of
     * loopback on every OS (Linux's defaults alone hold several times as much), so the writer cannot
     * wait for the reader. Above, a virtual thread writes while the connection's thread reads, which
     * costs a thread start per round trip, nothing next to the copying of that many bytes.
     */
    static final int WRITE_WHOLE_LIMIT = 64 * 1024;

    /**
     * Latencies kept to 2 significant digits: a value is off by less than 1 %, finer than loopback noise.
     * Each connection has its own histogram (one writer, no lock), and at 3 digits one covering 10 ms
     * takes 120 KiB, over a GiB for the 10,000 connections --conns allows; at 2 digits, 19 KiB.
     */
    private static final int SIGNIFICANT_DIGITS = 2;

    private static final int WARMUP = 0;
    private static final int MEASURE = 1;
    private static final int STOP = 2;

    private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How long the round trips in flight get to finish once the run is over. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final Config config;
    private final String provider;
    private final PrintWriter progress;
    private final Progress progressStyle;
    private final LongAdder roundTrips = new LongAdder();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private volatile int phase = WARMUP;
    private int progressWidth;

    private Bench(Config config, PrintWriter progress, Progress progressStyle) {
        this.config = config;
        this.provider = Selection.current().name();
        this.progress = progress;
        this.progressStyle = progressStyle;
    }

    /** Runs the benchmark on this JVM's provider; the progress line goes to {@code progress}. */
    static BenchResult run(Config config, PrintWriter progress, Progress progressStyle)
            throws IOException, InterruptedException {
        return new Bench(config, progress, progressStyle).run();
    }

    private BenchResult run() throws IOException, InterruptedException {
        List<Client> clients = new ArrayList<>(config.conns());
        // An accept error is shown at once; the connection it strands fails at the end of the run.
        Consumer<IOException> acceptErrors = e -> progress.println(provider + ": accept: " + e.getMessage());
        try (EchoServer server = EchoServer.start("127.0.0.1:0", acceptErrors)) {
            String addr = server.hostPort();
            for (int i = 0; i < config.conns(); i++) {
                clients.add(new Client(Net.dial("tcp", addr)));
            }
            List<Thread> threads = new ArrayList<>(clients.size());
            if (config.warmup().isZero()) {
                phase = MEASURE;
            }
            for (Client c : clients) {
                threads.add(Thread.ofVirtual().name("bench-conn").start(c));
            }
            if (phase == WARMUP) {
                runPhase("warmup ", config.warmup());
                phase = MEASURE;
            }
            long t0 = System.nanoTime();
            runPhase("", config.duration());
            phase = STOP;
            long t1 = System.nanoTime();
            clearProgress();
            awaitClients(clients, threads);

            Histogram all = new Histogram(SIGNIFICANT_DIGITS);
            for (Client c : clients) {
                all.add(c.histogram);
            }
            if (failed.get() > 0) {
                progress.println(provider + ": " + failed.get() + " of " + config.conns()
                        + " connections failed; the first: " + firstError.get());
                progress.flush();
            }
            return new BenchResult(provider, config.conns(), config.size(), (t1 - t0) / 1e9, all.getTotalCount(),
                    all.getValueAtPercentile(50) / 1e3, all.getValueAtPercentile(99) / 1e3, failed.get());
        } finally {
            // Also when the run ends early (interrupted, a failed dial): no connection loops on.
            phase = STOP;
            for (Client c : clients) {
                c.close();
            }
        }
    }

    /** Waits out one phase, updating the progress line every second; ends early if every connection failed. */
    private void runPhase(String label, Duration length) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + length.toNanos();
        long lastTime = start;
        long lastCount = roundTrips.sum();
        for (long now = start; now < end && failed.get() < config.conns(); now = System.nanoTime()) {
            TimeUnit.NANOSECONDS.sleep(Math.min(PROGRESS_NANOS, end - now));
            long t = System.nanoTime();
            long count = roundTrips.sum();
            double rate = (count - lastCount) * 1e9 / Math.max(1, t - lastTime);
            showProgress(String.format(Locale.ROOT, "%s: %s%ds/%ds %,.0f rt/s", provider, label,
                    Math.round((t - start) / 1e9), length.toSeconds(), rate));
            lastTime = t;
            lastCount = count;
        }
    }

    private void showProgress(String line) {
        if (progressStyle == Progress.lines) {
            progress.println(line);
        } else {
            progress.print("\r" + line + " ".repeat(Math.max(0, progressWidth - line.length())));
            progressWidth = line.length();
        }
        progress.flush();
    }

    private void clearProgress() {
        if (progressWidth > 0) {
            progress.print("\r" + " ".repeat(progressWidth) + "\r");
            progress.flush();
            progressWidth = 0;
        }
    }

    /** Joins every connection's thread; one still in a round trip after the grace period is failed and closed. */
    private void awaitClients(List<Client> clients, List<Thread> threads) throws InterruptedException {
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (int i = 0; i < threads.size(); i++) {
            Thread t = threads.get(i);
            long left = deadline - System.nanoTime();
            if (left > 0) {
                t.join(Duration.ofNanos(left));
            }
            if (t.isAlive()) {
                fail("a round trip was still in flight " + STOP_GRACE.toSeconds() + " s after the run ended");
                clients.get(i).close();
                t.join(Duration.ofSeconds(1));
            }
        }
    }

    private void fail(String message) {
        failed.incrementAndGet();
        firstError.compareAndSet(null, message);
    }

    /** One load connection: round trips until STOP, latencies into its own histogram. */
    private final class Client implements Runnable {
        final Conn conn;
        /** Written by this connection's thread only; auto-resizing, so no latency is out of its range. */
        final Histogram histogram = new Histogram(SIGNIFICANT_DIGITS);

        Client(Conn conn) {
            this.conn = conn;
        }

        @Override
        public void run() {
            byte[] request = new byte[config.size()];
            Arrays.fill(request, (byte) 'x');
            byte[] reply = new byte[config.size()];
            try {
                if (conn instanceof TCPConn tcp) {
                    tcp.setNoDelay(true);
                }
                boolean writeWhole = request.length <= WRITE_WHOLE_LIMIT;
                while (phase != STOP) {
                    long start = System.nanoTime();
                    if (writeWhole) {
                        conn.write(request);
                        readFully(reply);
                    } else {
                        writeWhileReading(request, reply);
                    }
                    long end = System.nanoTime();
                    if (phase == MEASURE) {
                        histogram.recordValue(end - start);
                    }
                    roundTrips.increment();
                }
            } catch (IOException e) {
                if (phase != STOP) {
                    fail(e.getMessage() != null ? e.getMessage() : e.toString());
                }
            } catch (InterruptedException e) {
                close();
                if (phase != STOP) {
                    fail("interrupted");
                }
            }
        }

        /** One round trip whose request a virtual thread writes while this thread reads the reply. */
        private void writeWhileReading(byte[] request, byte[] reply) throws IOException, InterruptedException {
            AtomicReference<IOException> writeError = new AtomicReference<>();
            Thread writer = Thread.ofVirtual().name("bench-conn-write").start(() -> {
                try {
                    conn.write(request);
                } catch (IOException e) {
                    writeError.set(e);
                }
            });
            try {
                readFully(reply);
            } catch (IOException e) {
                close(); // the writer may wait for a peer that no longer reads
                throw e;
            } finally {
                writer.join();
            }
            if (writeError.get() != null) {
                throw writeError.get();
            }
        }

        private void readFully(byte[] b) throws IOException {
            for (int off = 0; off < b.length; ) {
                int n = conn.read(b, off, b.length - off);
                if (n < 0) {
                    throw new EOFException("echo server closed the connection after " + off + " of "
                            + b.length + " bytes of a reply");
                }
                off += n;
            }
        }

        void close() {
            try {
                conn.close();
            } catch (IOException e) {
                // The run is over; a failure to close changes no number.
            }
        }
    }
}
