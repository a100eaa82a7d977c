package io.netpoll.runtime;

import io.netpoll.spi.Poller;
import io.netpoll.spi.SocketType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Chooses by measurement how deadlines are enforced: by the waiting thread itself with
 * {@code parkNanos} (what {@link PollDesc} does), or by a timer per deadline as Go's runtime does
 * ({@code pollSetDeadline} arms a timer whose callback marks the deadline expired and unblocks the
 * waiter), here with a {@link ScheduledThreadPoolExecutor}. Both sides run the same slot state machine
 * on virtual threads; only the deadline mechanism differs.
 *
 * <p>Workloads, each on virtual threads:
 * <ul>
 * <li>{@code expire}: 1000 threads x 200 waits whose 1 ms deadline expires (a timeout-heavy server);
 * <li>{@code extend}: 500 ping-pong pairs x 1000 rounds; before each wait the deadline is set to +10 s
 *     and extended to +20 s, and the peer's readiness always comes first (deadlines that never fire);
 * <li>{@code no-wait}: 1000 threads x 1000 ops that set a +10 s deadline and find readiness already
 *     there (a read with a deadline whose data has arrived: no park at all).
 * </ul>
 * Reported per workload and mechanism: median of 5 measured runs after 2 warm-up runs, in
 * operations per second of wall time and process CPU time per operation (whole process, 10 ms
 * ticks on Linux; runs are long enough for that to be a few percent).
 *
 * <p>Run: {@code ./mvnw -q -o -Dnetpoll.buildDir=target-rt -pl netpoll-api test-compile && java -cp
 * netpoll-api/target-rt/classes:netpoll-api/target-rt/test-classes
 * io.netpoll.runtime.DeadlineMechanismBenchmark}
 */
final class DeadlineMechanismBenchmark {

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;

    /** What a workload needs from a descriptor; one mode suffices to compare deadline mechanisms. */
    private interface Desc {
        void setDeadline(long nanos);

        int prepare();

        int await() throws Exception;

        void ready();
    }

    private interface Mechanism {
        String name();

        Desc open() throws Exception;

        void close() throws Exception;
    }

    /** The runtime's own descriptor: deadlines enforced by the waiter with parkNanos. */
    private static final class ParkNanos implements Mechanism {
        private final PollServer server = PollServer.create(new FakeProvider());
        private final List<PollDesc> open = new ArrayList<>();

        @Override
        public String name() {
            return "parkNanos (PollDesc)";
        }

        @Override
        public Desc open() throws Exception {
            PollDesc pd = server.open(new FakeHandle(SocketType.STREAM));
            open.add(pd);
            return new Desc() {
                @Override
                public void setDeadline(long nanos) {
                    pd.setDeadline(nanos, Poller.READ);
                }

                @Override
                public int prepare() {
                    return pd.prepare(Poller.READ);
                }

                @Override
                public int await() throws Exception {
                    return pd.await(Poller.READ);
                }

                @Override
                public void ready() {
                    pd.ready(Poller.READ);
                }
            };
        }

        @Override
        public void close() throws Exception {
            for (PollDesc pd : open) {
                pd.evict();
                pd.close();
            }
            server.close();
        }
    }

    /** Go's design: a timer per deadline, re-armed when the deadline changes, invalidated by a sequence number. */
    private static final class Timers implements Mechanism {
        private final ScheduledThreadPoolExecutor timers;

        Timers() {
            ThreadFactory daemon = r -> Thread.ofPlatform().daemon().name("bench-timer").unstarted(r);
            timers = new ScheduledThreadPoolExecutor(Runtime.getRuntime().availableProcessors(), daemon);
            timers.setRemoveOnCancelPolicy(true);
        }

        @Override
        public String name() {
            return "timer (ScheduledThreadPoolExecutor)";
        }

        @Override
        public Desc open() {
            return new TimerDesc(timers);
        }

        @Override
        public void close() {
            timers.shutdownNow();
        }
    }

    private static final class TimerDesc implements Desc {
        private static final Object READY = "READY";
        private static final Object WAIT = "WAIT";

        private final ScheduledThreadPoolExecutor timers;
        private final ReentrantLock lock = new ReentrantLock();
        private final AtomicReference<Object> rg = new AtomicReference<>();
        private volatile long rd; // 0 none, -1 expired, else armed
        private long rseq;
        private ScheduledFuture<?> rt;

        TimerDesc(ScheduledThreadPoolExecutor timers) {
            this.timers = timers;
        }

        @Override
        public void setDeadline(long nanos) {
            Thread wake = null;
            lock.lock();
            try {
                rseq++;
                if (rt != null) {
                    rt.cancel(false);
                    rt = null;
                }
                if (nanos > 0) {
                    rd = 1;
                    long seq = rseq;
                    rt = timers.schedule(() -> fire(seq), nanos, TimeUnit.NANOSECONDS);
                } else if (nanos < 0) {
                    rd = -1;
                    wake = unblock(false);
                } else {
                    rd = 0;
                }
            } finally {
                lock.unlock();
            }
            LockSupport.unpark(wake);
        }

        private void fire(long seq) {
            Thread wake;
            lock.lock();
            try {
                if (seq != rseq) {
                    return;
                }
                rd = -1;
                rt = null;
                wake = unblock(false);
            } finally {
                lock.unlock();
            }
            LockSupport.unpark(wake);
        }

        @Override
        public int prepare() {
            if (rd < 0) {
                return PollDesc.ERR_TIMEOUT;
            }
            rg.set(null);
            return PollDesc.OK;
        }

        @Override
        public int await() {
            if (rd < 0) {
                return PollDesc.ERR_TIMEOUT;
            }
            while (!block()) {
                if (rd < 0) {
                    return PollDesc.ERR_TIMEOUT;
                }
            }
            return PollDesc.OK;
        }

        @Override
        public void ready() {
            LockSupport.unpark(unblock(true));
        }

        private Thread unblock(boolean ioready) {
            for (;;) {
                Object old = rg.get();
                if (old == READY || (old == null && !ioready)) {
                    return null;
                }
                if (rg.compareAndSet(old, ioready ? READY : null)) {
                    return old instanceof Thread t ? t : null;
                }
            }
        }

        private boolean block() {
            for (;;) {
                Object old = rg.get();
                if (old == READY) {
                    if (rg.compareAndSet(READY, null)) {
                        return true;
                    }
                } else if (old == null) {
                    if (rg.compareAndSet(null, WAIT)) {
                        break;
                    }
                } else {
                    throw new IllegalStateException("double wait");
                }
            }
            Thread me = Thread.currentThread();
            if (rd >= 0 && rg.compareAndSet(WAIT, me)) {
                while (rg.get() == me) {
                    LockSupport.park(this);
                }
            }
            return rg.getAndSet(null) == READY;
        }
    }

    private interface Body {
        void run(int thread) throws Exception;
    }

    /** Runs {@code body} on {@code threads} virtual threads; returns {wall ns, cpu ns}. */
    private static long[] measure(int threads, Body body) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] ts = new Thread[threads];
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            int id = i;
            ts[i] = Thread.ofVirtual().start(() -> {
                try {
                    body.run(id);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
        }
        for (Thread t : ts) {
            t.join();
        }
        long wall = System.nanoTime() - t0;
        long cpu = processCpuNanos() - cpu0;
        if (failure.get() != null) {
            throw new AssertionError("workload failed", failure.get());
        }
        return new long[] {wall, cpu};
    }

    /** CPU time of the whole process (all threads, JIT and GC included), from java.base alone. */
    private static long processCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }

    /** 1000 threads x 200 waits, each ended by its 1 ms deadline. */
    private static long[] expire(Mechanism m) throws Exception {
        int threads = 1000;
        int waits = 200;
        Desc[] descs = new Desc[threads];
        for (int i = 0; i < threads; i++) {
            descs[i] = m.open();
        }
        return measure(threads, id -> {
            Desc d = descs[id];
            for (int i = 0; i < waits; i++) {
                d.setDeadline(MS);
                int status = d.prepare(); // may already have expired on a busy machine
                check((status == PollDesc.OK ? d.await() : status) == PollDesc.ERR_TIMEOUT, "expected a timeout");
            }
        });
    }

    /** 500 pairs x 1000 rounds of ping-pong, with a deadline set and extended before every wait. */
    private static long[] extend(Mechanism m) throws Exception {
        int pairs = 500;
        int rounds = 1000;
        Desc[] descs = new Desc[pairs * 2];
        for (int i = 0; i < descs.length; i++) {
            descs[i] = m.open();
        }
        return measure(pairs * 2, id -> {
            Desc mine = descs[id];
            Desc peer = descs[id ^ 1];
            for (int i = 0; i < rounds; i++) {
                mine.setDeadline(10 * SECOND);
                mine.setDeadline(20 * SECOND);
                if ((id & 1) == 0) {
                    peer.ready();
                }
                check(mine.await() == PollDesc.OK, "expected readiness");
                if ((id & 1) == 1) {
                    peer.ready();
                }
            }
        });
    }

    /** 1000 threads x 1000 ops that set a deadline and find readiness already there. */
    private static long[] noWait(Mechanism m) throws Exception {
        int threads = 1000;
        int ops = 1000;
        Desc[] descs = new Desc[threads];
        for (int i = 0; i < threads; i++) {
            descs[i] = m.open();
        }
        return measure(threads, id -> {
            Desc d = descs[id];
            for (int i = 0; i < ops; i++) {
                d.setDeadline(10 * SECOND);
                d.ready();
                check(d.await() == PollDesc.OK, "expected readiness");
            }
        });
    }

    private interface Workload {
        long[] run(Mechanism m) throws Exception;
    }

    private interface MechanismFactory {
        Mechanism create();
    }

    public static void main(String[] args) throws Exception {
        int warmups = 2;
        int runs = 5;
        String[] names = {"expire", "extend", "no-wait"};
        Workload[] workloads = {DeadlineMechanismBenchmark::expire, DeadlineMechanismBenchmark::extend,
                DeadlineMechanismBenchmark::noWait};
        long[] opsPerRun = {1000 * 200, 1000 * 1000, 1000 * 1000};
        MechanismFactory[] mechanisms = {ParkNanos::new, Timers::new};
        System.out.printf(Locale.ROOT, "JDK %s, %d CPUs; median of %d runs after %d warm-ups%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), runs, warmups);
        System.out.printf(Locale.ROOT, "%-8s %-36s %12s %14s%n", "workload", "mechanism", "ops/s", "CPU us/op");
        for (int w = 0; w < workloads.length; w++) {
            long[][] wall = new long[mechanisms.length][runs];
            long[][] cpu = new long[mechanisms.length][runs];
            String[] label = new String[mechanisms.length];
            for (int r = -warmups; r < runs; r++) {
                for (int k = 0; k < mechanisms.length; k++) { // alternate, so that drift hits both alike
                    Mechanism m = mechanisms[k].create();
                    label[k] = m.name();
                    try {
                        long[] res = workloads[w].run(m);
                        if (r >= 0) {
                            wall[k][r] = res[0];
                            cpu[k][r] = res[1];
                        }
                    } finally {
                        m.close();
                    }
                }
            }
            for (int k = 0; k < mechanisms.length; k++) {
                double ops = opsPerRun[w] / (median(wall[k]) / 1e9);
                double cpuPerOp = median(cpu[k]) / 1e3 / opsPerRun[w];
                System.out.printf(Locale.ROOT, "%-8s %-36s %12.0f %14.2f%n", names[w], label[k], ops, cpuPerOp);
            }
        }
    }

    private static double median(long[] xs) {
        long[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
