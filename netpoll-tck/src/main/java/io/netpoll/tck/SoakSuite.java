package io.netpoll.tck;

import io.netpoll.net.TCPConn;
import io.netpoll.net.TCPListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Long runs, only under the soak profile ({@code ./mvnw -B verify -Psoak}, or
 * {@code -Dnetpoll.soak=true}): descriptors recycled under churn never carry one connection's bytes
 * into another, and a long series of connect/accept/close cycles leaves descriptors, memory and
 * threads as it found them. Every test stops by itself at its count or its time budget
 * ({@code -Dnetpoll.soak.seconds}, 900 by default), whichever comes first, and talks only to
 * loopback; every conn has a deadline, so nothing can hang.
 */
public abstract class SoakSuite extends ProviderSuite {

    /** For the one-line subclass that runs this suite on a provider. */
    protected SoakSuite() {
    }

    private static final long CHURN_CONNS = Long.getLong("netpoll.soak.churn", 200_000);
    private static final int CHURN_THREADS = Integer.getInteger("netpoll.soak.threads", 32);
    private static final long CYCLES = Long.getLong("netpoll.soak.cycles", 1_000_000);
    private static final Duration BUDGET = Duration.ofSeconds(Long.getLong("netpoll.soak.seconds", 900));
    /** A deadline on every conn: a lost byte or a stuck peer fails the run instead of hanging it. */
    private static final Duration IO_DEADLINE = Duration.ofSeconds(30);

    /** Connection {@code k}'s payload: its number, then bytes and a length only {@code k} gives. */
    private static byte[] payload(long k) {
        Random r = new Random(k);
        byte[] b = new byte[8 + r.nextInt(4096)];
        r.nextBytes(b);
        ByteBuffer.wrap(b).putLong(0, k);
        return b;
    }

    private static byte[] readToEnd(TCPConn c) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        for (int n; (n = c.read(buf)) >= 0; ) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /**
     * (a) Many threads open, use and close connections as fast as they can, so the kernel hands the
     * same descriptor numbers out again and again; each connection carries a payload no other has,
     * echoed back by the server. Not one byte may reach the wrong connection.
     *
     * @throws Exception on an unexpected failure, which fails the test
     */
    @Test
    @EnabledIfSystemProperty(named = "netpoll.soak", matches = "true") // on each test: a class's is not inherited
    public void fdReuseUnderChurn() throws Exception {
        long end = System.nanoTime() + BUDGET.toNanos();
        AtomicLong next = new AtomicLong();
        AtomicLong done = new AtomicLong();
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> serverErrors = new ConcurrentLinkedQueue<>();
        long t0 = System.nanoTime();
        try (TCPListener ln = Tcp.listen()) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                for (;;) {
                    TCPConn s;
                    try {
                        s = ln.accept();
                    } catch (IOException closed) {
                        return; // the listener closed at the end of the run
                    }
                    Thread.ofVirtual().start(() -> {
                        try (s) {
                            s.setDeadline(Instant.now().plus(IO_DEADLINE));
                            s.write(readToEnd(s));
                        } catch (IOException | RuntimeException e) {
                            serverErrors.add(e);
                        }
                    });
                }
            });
            List<Task<Void>> clients = new ArrayList<>();
            for (int t = 0; t < CHURN_THREADS; t++) {
                clients.add(Task.run(ThreadKind.VIRTUAL, () -> {
                    for (long k; (k = next.getAndIncrement()) < CHURN_CONNS && System.nanoTime() < end; ) {
                        byte[] want = payload(k);
                        try (TCPConn c = Tcp.dial(ln)) {
                            c.setDeadline(Instant.now().plus(IO_DEADLINE));
                            c.write(want);
                            c.closeWrite();
                            byte[] got = readToEnd(c);
                            if (!Arrays.equals(want, got)) {
                                wrong.add("connection " + k + " sent " + want.length + " bytes, got " + got.length
                                        + (got.length >= 8 ? " starting with connection " + ByteBuffer.wrap(got).getLong(0) + "'s number" : ""));
                            }
                        }
                        done.incrementAndGet();
                    }
                }));
            }
            for (Task<Void> c : clients) {
                c.get(BUDGET.plus(IO_DEADLINE));
            }
            ln.close();
            acceptor.join();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("fdReuseUnderChurn: %d connections on %d threads in %.1f s (%.0f/s), %d wrong, %d server errors%n",
                done.get(), CHURN_THREADS, secs, done.get() / secs, wrong.size(), serverErrors.size());
        assertTrue(wrong.isEmpty(), wrong.size() + " connections got bytes that were not theirs: " + wrong.stream().limit(5).toList());
        assertTrue(serverErrors.isEmpty(), "server side failed: " + serverErrors.stream().limit(5).toList());
        assertTrue(done.get() > 0, "no connection completed");
    }

    /**
     * (b) Connect, accept, close, over and over on one thread (the server closes first, so the
     * TIME_WAIT states stay on its side and the client's ephemeral ports are free again at once).
     * Open descriptors come back to where they were, resident memory stays flat once warm, and no
     * thread is left behind.
     *
     * @throws Exception on an unexpected failure, which fails the test
     */
    @Test
    @EnabledIfSystemProperty(named = "netpoll.soak", matches = "true")
    public void connectAcceptCloseCycles() throws Exception {
        int fds0 = FdLeakCheck.descriptors().size();
        int threads0 = ManagementFactory.getThreadMXBean().getThreadCount();
        long warm = Math.max(1, CYCLES / 10);
        long mid = Math.max(warm, CYCLES / 2);
        long rssWarm = 0;
        long rssMid = 0;
        long end = System.nanoTime() + BUDGET.toNanos();
        long t0 = System.nanoTime();
        long n = 0;
        byte[] one = new byte[1];
        try (TCPListener ln = Tcp.listen()) {
            for (; n < CYCLES && System.nanoTime() < end; n++) {
                try (TCPConn c = Tcp.dial(ln)) {
                    c.setDeadline(Instant.now().plus(IO_DEADLINE));
                    ln.accept().close();
                    assertEquals(-1, c.read(one), "cycle " + n + ": end of stream after the server closed");
                }
                if (n + 1 == warm) {
                    rssWarm = rssBytes();
                }
                if (n + 1 == mid) {
                    rssMid = rssBytes();
                }
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        long rssEnd = rssBytes();
        int fds = settledFds(fds0);
        int threads = settledThreads(threads0);
        String seen = String.format("%d cycles in %.1f s (%.0f/s); descriptors %d -> %d; RSS after %d cycles %d MiB,"
                        + " after %d %d MiB, at the end %d MiB; platform threads %d -> %d",
                n, secs, n / secs, fds0, fds, warm, rssWarm >> 20, mid, rssMid >> 20, rssEnd >> 20, threads0, threads);
        System.out.println("connectAcceptCloseCycles: " + seen);
        assertEquals(fds0, fds, "descriptors: " + seen);
        assertTrue(threads <= threads0, "threads left behind: " + seen);
        if (n == CYCLES && rssMid > 0) {
            assertTrue(rssEnd - rssMid < 128L << 20, "resident memory grew after warm-up: " + seen);
        }
    }

    /** VmRSS from /proc/self/status (read line by line), or 0 where there is none. */
    private static long rssBytes() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return 0;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) << 10;
            }
        }
        return 0;
    }

    private static int settledFds(int want) throws IOException {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        int n = FdLeakCheck.descriptors().size();
        while (n > want && System.nanoTime() < end) {
            Sleep.millis(20);
            n = FdLeakCheck.descriptors().size();
        }
        return n;
    }

    private static int settledThreads(int want) {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        int n = ManagementFactory.getThreadMXBean().getThreadCount();
        while (n > want && System.nanoTime() < end) {
            Sleep.millis(20);
            n = ManagementFactory.getThreadMXBean().getThreadCount();
        }
        return n;
    }
}
