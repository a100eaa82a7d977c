package io.netpoll.runtime;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ports of Go's internal/poll fd_mutex_test.go (K1-K6), plus the interrupt of a queued locker. */
@Timeout(10)
class FdMutexTest {

    @Test
    void lockAndUnlockOnAnOpenMutex() throws Exception { // K1 TestMutexLock
        FdMutex mu = new FdMutex();
        assertTrue(mu.incref());
        assertFalse(mu.decref());
        assertTrue(mu.rwlock(true));
        assertFalse(mu.rwunlock(true));
        assertTrue(mu.rwlock(false));
        assertFalse(mu.rwunlock(false));
    }

    @Test
    void everythingFailsAfterClose() throws Exception { // K2 TestMutexClose
        FdMutex mu = new FdMutex();
        assertTrue(mu.increfAndClose());
        assertTrue(mu.isClosed());
        assertFalse(mu.incref());
        assertFalse(mu.rwlock(true));
        assertFalse(mu.rwlock(false));
        assertFalse(mu.increfAndClose());
    }

    @ParameterizedTest
    @EnumSource(Threads.class)
    void closeWakesQueuedLockers(Threads kind) throws Exception { // K3 TestMutexCloseUnblock
        FdMutex mu = new FdMutex();
        assertTrue(mu.rwlock(true));
        List<Threads.Call<Boolean>> queued = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            queued.add(kind.call(() -> mu.rwlock(true)));
        }
        Thread.sleep(50);
        for (Threads.Call<Boolean> c : queued) {
            assertFalse(c.isDone(), "a queued locker must not get the lock while it is held");
        }
        assertTrue(mu.increfAndClose());
        for (Threads.Call<Boolean> c : queued) {
            assertFalse(c.get(), "a queued locker must fail once the mutex is closed");
        }
        assertFalse(mu.decref());
        assertTrue(mu.rwunlock(true), "the last reference of a closed mutex must report it");
    }

    @Test
    void unbalancedReleaseThrowsAndLeavesTheMutexUsable() throws Exception { // K4 TestMutexPanic
        FdMutex mu = new FdMutex();
        assertInconsistent(mu::decref);
        assertInconsistent(() -> mu.rwunlock(true));
        assertInconsistent(() -> mu.rwunlock(false));
        assertInconsistent(() -> {
            mu.incref();
            mu.decref();
            mu.decref();
        });
        assertInconsistent(() -> {
            mu.rwlock(true);
            mu.rwunlock(true);
            mu.rwunlock(true);
        });
        assertInconsistent(() -> {
            mu.rwlock(false);
            mu.rwunlock(false);
            mu.rwunlock(false);
        });
        assertTrue(mu.incref());
        assertFalse(mu.decref());
        assertTrue(mu.rwlock(true));
        assertFalse(mu.rwunlock(true));
        assertTrue(mu.rwlock(false));
        assertFalse(mu.rwunlock(false));
    }

    private interface Body {
        void run() throws Exception;
    }

    private static void assertInconsistent(Body body) {
        IllegalStateException e = assertThrows(IllegalStateException.class, body::run);
        assertEquals(FdMutex.INCONSISTENT, e.getMessage());
    }

    @Test
    void tooManyReferencesThrowsTheOverflowMessage() { // K5 TestMutexOverflowPanic
        FdMutex mu = new FdMutex();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
            for (int i = 0; i < 1 << 21; i++) {
                mu.incref();
            }
        });
        assertTrue(e.getMessage().contains("too many"), e.getMessage());
        assertFalse(e.getMessage().contains("inconsistent"), e.getMessage());
        assertEquals(FdMutex.OVERFLOW, e.getMessage());
    }

    @RepeatedTest(20)
    void stress() throws Exception { // K6 TestMutexStress
        FdMutex mu = new FdMutex();
        long[] readState = new long[2];
        long[] writeState = new long[2];
        AtomicReference<String> broken = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < 8; p++) {
            Threads kind = p % 2 == 0 ? Threads.PLATFORM : Threads.VIRTUAL;
            threads.add(kind.start(() -> {
                ThreadLocalRandom r = ThreadLocalRandom.current();
                try {
                    for (int i = 0; i < 5_000 && broken.get() == null; i++) {
                        switch (r.nextInt(3)) {
                            case 0 -> {
                                check(mu.incref(), "incref", broken);
                                check(!mu.decref(), "decref", broken);
                            }
                            case 1 -> {
                                check(mu.rwlock(true), "rlock", broken);
                                check(readState[0] == readState[1], "reads not exclusive", broken);
                                readState[0]++;
                                readState[1]++;
                                check(!mu.rwunlock(true), "runlock", broken);
                            }
                            default -> {
                                check(mu.rwlock(false), "wlock", broken);
                                check(writeState[0] == writeState[1], "writes not exclusive", broken);
                                writeState[0]++;
                                writeState[1]++;
                                check(!mu.rwunlock(false), "wunlock", broken);
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    broken.set("interrupted");
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(null, broken.get());
        assertTrue(mu.increfAndClose());
        assertTrue(mu.decref());
    }

    private static void check(boolean ok, String what, AtomicReference<String> broken) {
        if (!ok) {
            broken.compareAndSet(null, what);
        }
    }

    @ParameterizedTest
    @EnumSource(Threads.class)
    void interruptedQueuedLockerLeavesTheQueue(Threads kind) throws Exception {
        FdMutex mu = new FdMutex();
        assertTrue(mu.rwlock(true));
        Threads.Call<Boolean> queued = kind.call(() -> mu.rwlock(true));
        Threads.assertStillBlocked(queued, Duration.ofMillis(50));
        queued.thread().interrupt();
        assertInstanceOf(InterruptedException.class, queued.failure());
        // Nobody is queued any more: unlocking wakes no one, and the lock is free for the next reader.
        assertFalse(mu.rwunlock(true));
        assertTrue(mu.rwlock(true));
        assertFalse(mu.rwunlock(true));
        assertTrue(mu.increfAndClose());
        assertTrue(mu.decref(), "no reference may be left behind by the interrupted locker");
    }

    @RepeatedTest(20)
    void interruptsRacingUnlocksNeverLoseAWakeup() throws Exception {
        FdMutex mu = new FdMutex();
        for (int round = 0; round < 50; round++) {
            assertTrue(mu.rwlock(false));
            List<Threads.Call<Boolean>> queued = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Threads kind = i % 2 == 0 ? Threads.PLATFORM : Threads.VIRTUAL;
                queued.add(kind.call(() -> {
                    try {
                        if (mu.rwlock(false)) {
                            mu.rwunlock(false);
                        }
                        return true;
                    } catch (InterruptedException e) {
                        return false;
                    }
                }));
            }
            queued.get(round % 4).thread().interrupt();
            assertFalse(mu.rwunlock(false));
            for (Threads.Call<Boolean> c : queued) {
                c.get(); // every locker ends: interrupted, or it got the lock and released it
            }
        }
        assertTrue(mu.increfAndClose());
        assertTrue(mu.decref());
    }
}
