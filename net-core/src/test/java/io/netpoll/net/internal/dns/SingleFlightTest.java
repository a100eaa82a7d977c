package io.netpoll.net.internal.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SingleFlightTest {

    @Test
    void concurrentCallersShareOneRunAndLaterOnesStartAfresh() throws Exception {
        SingleFlight<String> group = new SingleFlight<>();
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        Thread[] callers = new Thread[8];
        String[] results = new String[callers.length];
        for (int i = 0; i < callers.length; i++) {
            int k = i;
            callers[i] = Thread.ofVirtual().start(() -> {
                try {
                    results[k] = group.run("key", Exception.class, () -> {
                        runs.incrementAndGet();
                        release.await();
                        return "v";
                    });
                } catch (Exception e) {
                    results[k] = e.toString();
                }
            });
        }
        Thread.sleep(200);
        release.countDown();
        for (Thread t : callers) {
            t.join();
        }
        for (String r : results) {
            assertEquals("v", r);
        }
        assertEquals(1, runs.get(), "every caller that came while it ran shared the one run");
        assertEquals("again", group.run("key", IOException.class, () -> "again"), "a finished call is not a cache");
    }

    @Test
    void failuresReachEveryCaller() {
        SingleFlight<String> group = new SingleFlight<>();
        IOException e = assertThrows(IOException.class, () -> group.run("k", IOException.class, () -> {
            throw new IOException("boom");
        }));
        assertEquals("boom", e.getMessage());
    }

    @Test
    void aCallerGivingUpCancelsTheWorkOnlyWhenNobodyElseWaits() throws Exception {
        SingleFlight<String> group = new SingleFlight<>();
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Boolean> workInterrupted = new AtomicReference<>(false);
        CountDownLatch release = new CountDownLatch(1);
        SingleFlight.Work<String, IOException> work = () -> {
            started.countDown();
            try {
                release.await();
                return "done";
            } catch (InterruptedException e) {
                workInterrupted.set(true);
                throw new IOException("interrupted");
            }
        };
        AtomicReference<Object> first = new AtomicReference<>();
        AtomicReference<Object> second = new AtomicReference<>();
        Thread a = Thread.ofVirtual().start(() -> capture(first, () -> group.run("k", IOException.class, work)));
        started.await(5, TimeUnit.SECONDS);
        Thread b = Thread.ofVirtual().start(() -> capture(second, () -> group.run("k", IOException.class, work)));
        Thread.sleep(100);
        a.interrupt();
        a.join();
        assertTrue(first.get() instanceof InterruptedException);
        Thread.sleep(100);
        assertEquals(false, workInterrupted.get(), "another caller still waits: the work goes on");
        release.countDown();
        b.join();
        assertEquals("done", second.get());

        // alone, a caller giving up interrupts the work
        CountDownLatch started2 = new CountDownLatch(1);
        AtomicReference<Boolean> interrupted2 = new AtomicReference<>(false);
        Thread c = Thread.ofVirtual().start(() -> capture(new AtomicReference<>(), () -> group.run("k2",
                IOException.class, () -> {
                    started2.countDown();
                    try {
                        Thread.sleep(20_000);
                    } catch (InterruptedException e) {
                        interrupted2.set(true);
                    }
                    return "late";
                })));
        started2.await(5, TimeUnit.SECONDS);
        c.interrupt();
        c.join();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!interrupted2.get() && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertTrue(interrupted2.get());
    }

    private interface Call {
        Object call() throws Exception;
    }

    private static void capture(AtomicReference<Object> into, Call c) {
        try {
            into.set(c.call());
        } catch (Exception e) {
            into.set(e);
        }
    }
}
