package io.netpoll.runtime;

import io.netpoll.spi.SocketType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Races between readiness, waits, deadlines and close, on platform and virtual threads at once. Each
 * repetition is short; a lost wakeup shows up as a call that does not end in time.
 */
@Timeout(30)
class PollStressTest {

    private final FakeProvider edge = new FakeProvider(false);
    private final FakeProvider level = new FakeProvider(true);
    private final PollServer edgeServer = PollServer.create(edge);
    private final PollServer levelServer = PollServer.create(level);

    @AfterEach
    void stop() throws Exception {
        for (PollServer s : List.of(edgeServer, levelServer)) {
            assertEquals(0, s.waiters(), "waiters gauge must return to 0");
            assertEquals(0, s.descriptors(), "every descriptor must be freed");
            s.close();
        }
    }

    private static Threads kind(int i) {
        return i % 2 == 0 ? Threads.PLATFORM : Threads.VIRTUAL;
    }

    /** Readiness edges race with readers going to sleep: every byte fed must be read, none twice. */
    @RepeatedTest(20)
    void readinessRacesWaits() throws Exception {
        List<Threads.Call<Integer>> readers = new ArrayList<>();
        List<Thread> feeders = new ArrayList<>();
        List<FD> fds = new ArrayList<>();
        int perPair = 3000;
        for (int i = 0; i < 8; i++) {
            FakeHandle h = new FakeHandle(SocketType.STREAM);
            FD fd = FD.open(i < 4 ? edgeServer : levelServer, h, SocketType.STREAM);
            fds.add(fd);
            readers.add(kind(i).call(() -> {
                int total = 0;
                ByteBuffer b = ByteBuffer.allocate(7);
                while (total < perPair) {
                    b.clear();
                    int n = fd.read(b);
                    assertTrue(n > 0);
                    total += n;
                }
                return total;
            }));
            feeders.add(kind(i + 1).start(() -> {
                for (int j = 0; j < perPair; j++) {
                    h.feed((byte) j);
                    if (j % 16 == 0) {
                        Thread.yield();
                    }
                }
            }));
        }
        for (Threads.Call<Integer> r : readers) {
            assertEquals(perPair, r.get());
        }
        for (Thread t : feeders) {
            t.join();
        }
        for (FD fd : fds) {
            fd.close();
        }
    }

    /** Close lands at a random moment among blocked reads, writes and accepts: all end, one real close each. */
    @RepeatedTest(20)
    void closeRacesBlockedOperations() throws Exception {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<Threads.Call<String>> ops = new ArrayList<>();
        List<FakeHandle> handles = new ArrayList<>();
        List<Threads.Call<Object>> closers = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            FakeHandle h = new FakeHandle(SocketType.STREAM);
            h.room(0);
            handles.add(h);
            FD fd = FD.open(i % 2 == 0 ? edgeServer : levelServer, h, SocketType.STREAM);
            ops.add(kind(i).call(() -> outcome(() -> fd.read(ByteBuffer.allocate(4)))));
            ops.add(kind(i + 1).call(() -> outcome(() -> fd.write(ByteBuffer.allocate(8)))));
            ops.add(kind(i).call(() -> outcome(() -> fd.read(ByteBuffer.allocate(4)))));
            ops.add(kind(i + 1).call(() -> outcome(fd::accept)));
            int delay = random.nextInt(3);
            closers.add(kind(i).call(() -> {
                if (delay > 0) {
                    Thread.sleep(delay);
                }
                if (delay == 1) {
                    h.feed((byte) 1);
                }
                fd.close();
                fd.close();
                return h.closes.get();
            }));
        }
        for (Threads.Call<Object> c : closers) {
            assertEquals(1, c.get(), "close returned before the real close, or closed twice");
        }
        for (Threads.Call<String> op : ops) {
            String o = op.get();
            assertTrue(o.equals("ok") || o.equals("closed"), o);
        }
        for (FakeHandle h : handles) {
            assertEquals(1, h.closes.get());
        }
    }

    private interface Op {
        Object run() throws IOException;
    }

    private static String outcome(Op op) {
        try {
            op.run();
            return "ok";
        } catch (NetClosingException e) {
            return "closed";
        } catch (IOException e) {
            return "unexpected " + e;
        }
    }

    /**
     * Deadlines are set, extended, cleared and expired at random while readers wait and bytes arrive:
     * every read returns bytes or times out, and no byte is lost or read twice.
     */
    @RepeatedTest(20)
    void deadlinesRaceEventsAndReads() throws Exception {
        int bytes = 1000;
        List<Threads.Call<Integer>> readers = new ArrayList<>();
        List<Thread> others = new ArrayList<>();
        List<FD> fds = new ArrayList<>();
        AtomicInteger timeouts = new AtomicInteger();
        for (int i = 0; i < 6; i++) {
            FakeHandle h = new FakeHandle(SocketType.STREAM);
            FD fd = FD.open(i < 3 ? edgeServer : levelServer, h, SocketType.STREAM);
            fds.add(fd);
            readers.add(kind(i).call(() -> {
                int total = 0;
                ByteBuffer b = ByteBuffer.allocate(5);
                while (total < bytes) {
                    b.clear();
                    try {
                        total += fd.read(b);
                    } catch (DeadlineExceededException e) {
                        timeouts.incrementAndGet();
                        fd.setReadDeadline(null);
                    }
                }
                return total;
            }));
            others.add(kind(i + 1).start(() -> {
                ThreadLocalRandom r = ThreadLocalRandom.current();
                try {
                    for (int j = 0; j < 2000; j++) {
                        switch (r.nextInt(5)) {
                            case 0 -> fd.setReadDeadline(Instant.now().minusMillis(1));
                            case 1 -> fd.setReadDeadline(Instant.now().plusNanos(r.nextInt(200_000)));
                            case 2 -> fd.setReadDeadline(Instant.now().plusSeconds(3600));
                            case 3 -> fd.setReadDeadline(null);
                            default -> Thread.yield();
                        }
                    }
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }));
            others.add(kind(i).start(() -> {
                for (int j = 0; j < bytes; j++) {
                    h.feed((byte) j);
                    Thread.yield();
                }
            }));
        }
        for (Thread t : others) {
            t.join();
        }
        for (FD fd : fds) {
            fd.setReadDeadline(null);
        }
        for (Threads.Call<Integer> r : readers) {
            assertEquals(bytes, r.get());
        }
        for (FD fd : fds) {
            fd.close();
            assertFalse(fd.isOpen());
        }
    }

    /** Interrupts race with readiness and waits: each interrupted reader closes its FD exactly once. */
    @RepeatedTest(20)
    void interruptsRaceReadiness() throws Exception {
        List<Threads.Call<String>> readers = new ArrayList<>();
        List<FakeHandle> handles = new ArrayList<>();
        List<FD> fds = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            FakeHandle h = new FakeHandle(SocketType.STREAM);
            handles.add(h);
            FD fd = FD.open(i % 2 == 0 ? edgeServer : levelServer, h, SocketType.STREAM);
            fds.add(fd);
            readers.add(kind(i).call(() -> {
                try {
                    while (true) {
                        fd.read(ByteBuffer.allocate(1));
                    }
                } catch (java.nio.channels.ClosedByInterruptException e) {
                    return Thread.currentThread().isInterrupted() ? "interrupted" : "status lost";
                } catch (NetClosingException e) {
                    return "closed";
                }
            }));
        }
        for (int i = 0; i < 16; i++) {
            handles.get(i).feed(new byte[i]);
            readers.get(i).thread().interrupt();
        }
        for (int i = 0; i < 16; i++) {
            assertEquals("interrupted", readers.get(i).get());
            assertFalse(fds.get(i).isOpen());
            fds.get(i).close();
            assertEquals(1, handles.get(i).closes.get());
        }
    }
}
