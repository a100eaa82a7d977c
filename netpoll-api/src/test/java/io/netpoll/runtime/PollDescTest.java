package io.netpoll.runtime;

import io.netpoll.spi.Poller;
import io.netpoll.spi.SocketType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;

import static io.netpoll.runtime.PollDesc.ERR_CLOSING;
import static io.netpoll.runtime.PollDesc.ERR_INTERRUPTED;
import static io.netpoll.runtime.PollDesc.ERR_NOT_POLLABLE;
import static io.netpoll.runtime.PollDesc.ERR_TIMEOUT;
import static io.netpoll.runtime.PollDesc.OK;
import static io.netpoll.runtime.Threads.awaitWaiters;
import static io.netpoll.runtime.Threads.assertStillBlocked;
import static io.netpoll.spi.Poller.READ;
import static io.netpoll.spi.Poller.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The poll descriptor state machine: Go's netpollblock/netpollunblock, deadlines and error precedence. */
@Timeout(20)
class PollDescTest {

    private static final long MS = 1_000_000L;

    private final FakeProvider provider = new FakeProvider();
    private final PollServer server = PollServer.create(provider);
    private final List<PollDesc> open = new ArrayList<>();

    private PollDesc open() throws Exception {
        PollDesc pd = server.open(new FakeHandle(SocketType.STREAM));
        open.add(pd);
        return pd;
    }

    private static void close(PollDesc pd) throws Exception {
        if (pd.checkErr(READ) != ERR_CLOSING) {
            pd.evict();
        }
        pd.close();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (PollDesc pd : open) {
            close(pd);
        }
        awaitWaiters(server, 0); // a thread woken by the evictions above may still be on its way out
        server.close();
    }

    @ParameterizedTest
    @EnumSource(Threads.class)
    void readinessBeforeTheWaitIsRememberedAndConsumed(Threads kind) throws Exception {
        PollDesc pd = open();
        pd.ready(READ); // the unpark comes before the park
        assertEquals(OK, kind.call(() -> pd.await(READ)).get());
        Threads.Call<Integer> second = kind.call(() -> pd.await(READ));
        awaitWaiters(server, 1); // consumed: the next wait parks
        pd.ready(READ);
        assertEquals(OK, second.get());
        awaitWaiters(server, 0);
    }

    @ParameterizedTest
    @EnumSource(Threads.class)
    void prepareDiscardsAStaleReadiness(Threads kind) throws Exception {
        PollDesc pd = open();
        pd.ready(READ | WRITE);
        assertEquals(OK, pd.prepare(READ));
        Threads.Call<Integer> reader = kind.call(() -> pd.await(READ));
        awaitWaiters(server, 1);
        assertEquals(OK, pd.await(WRITE), "write readiness is kept: only READ was prepared");
        pd.ready(READ);
        assertEquals(OK, reader.get());
    }

    @ParameterizedTest
    @EnumSource(Threads.class)
    void anEventFromThePollerWakesTheParkedWaiter(Threads kind) throws Exception {
        PollDesc pd = open();
        Threads.Call<Integer> reader = kind.call(() -> pd.await(READ));
        Threads.Call<Integer> writer = kind.call(() -> pd.await(WRITE));
        awaitWaiters(server, 2);
        provider.poller().inject(pd.token(), READ, false);
        assertEquals(OK, reader.get());
        assertStillBlocked(writer, Duration.ofMillis(20));
        provider.poller().inject(pd.token(), WRITE, false);
        assertEquals(OK, writer.get());
    }

    @ParameterizedTest
    @EnumSource(Threads.class)
    void aSecondWaiterInOneModeIsADoubleWait(Threads kind) throws Exception {
        PollDesc pd = open();
        Threads.Call<Integer> first = kind.call(() -> pd.await(READ));
        awaitWaiters(server, 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> pd.await(READ));
        assertEquals("netpoll: double wait", e.getMessage());
        pd.ready(READ);
        assertEquals(OK, first.get());
    }

    @ParameterizedTest
    @EnumSource(Threads.class)
    void evictWakesBothWaitersAndEveryLaterCallFails(Threads kind) throws Exception {
        PollDesc pd = open();
        Threads.Call<Integer> reader = kind.call(() -> pd.await(READ));
        Threads.Call<Integer> writer = kind.call(() -> pd.await(WRITE));
        awaitWaiters(server, 2);
        pd.evict();
        assertEquals(ERR_CLOSING, reader.get());
        assertEquals(ERR_CLOSING, writer.get());
        pd.ready(READ); // readiness does not undo closing
        assertEquals(ERR_CLOSING, pd.prepare(READ));
        assertEquals(ERR_CLOSING, pd.await(READ));
        assertEquals(ERR_CLOSING, pd.prepare(WRITE));
        assertThrows(IllegalStateException.class, pd::evict);
    }

    @Test
    void closeWithoutEvictIsRefused() throws Exception {
        PollDesc pd = open();
        IllegalStateException e = assertThrows(IllegalStateException.class, pd::close);
        assertEquals("netpoll: close polldesc w/o unblock", e.getMessage());
    }

    @Test
    void anExpiredDeadlineFailsEveryAttemptOfItsModeOnly() throws Exception {
        PollDesc pd = open();
        pd.ready(READ);
        pd.setDeadline(-1, READ);
        assertEquals(ERR_TIMEOUT, pd.prepare(READ), "an expired deadline beats pending readiness");
        assertEquals(ERR_TIMEOUT, pd.await(READ));
        Thread.sleep(5);
        assertEquals(ERR_TIMEOUT, pd.prepare(READ), "expired stays expired");
        assertEquals(OK, pd.prepare(WRITE), "the write deadline is independent");
        pd.setDeadline(0, READ);
        assertEquals(OK, pd.prepare(READ), "clearing the deadline restores the mode");
        pd.setDeadline(1, READ | WRITE);
        Thread.sleep(1);
        assertEquals(ERR_TIMEOUT, pd.prepare(READ));
        assertEquals(ERR_TIMEOUT, pd.prepare(WRITE));
    }

    @Test
    void aHugeDeadlineSaturatesInsteadOfOverflowingIntoThePast() throws Exception {
        PollDesc pd = open();
        pd.setDeadline(Long.MAX_VALUE, READ);
        assertEquals(OK, pd.prepare(READ));
        pd.setDeadline(Long.MAX_VALUE - 1, WRITE);
        assertEquals(OK, pd.prepare(WRITE));
    }

    @Test
    void badModesAreRejected() throws Exception {
        PollDesc pd = open();
        assertThrows(IllegalArgumentException.class, () -> pd.setDeadline(1, 0));
        assertThrows(IllegalArgumentException.class, () -> pd.setDeadline(1, 4));
        assertThrows(IllegalArgumentException.class, () -> pd.await(READ | WRITE));
    }

    @ParameterizedTest
    @EnumSource(Threads.class)
    void aDeadlineFiresWhileParked(Threads kind) throws Exception {
        PollDesc pd = open();
        pd.setDeadline(50 * MS, READ);
        long start = System.nanoTime();
        assertEquals(ERR_TIMEOUT, kind.call(() -> pd.await(READ)).get());
        long elapsed = System.nanoTime() - start;
        assertTrue(elapsed >= 50 * MS, "timed out early, after " + elapsed / MS + " ms");
    }

    @ParameterizedTest
    @EnumSource(Threads.class)
    void aDeadlineMovedToThePastWakesTheWaiterAtOnce(Threads kind) throws Exception {
        PollDesc pd = open();
        Threads.Call<Integer> reader = kind.call(() -> pd.await(READ));
        awaitWaiters(server, 1);
        assertStillBlocked(reader, Duration.ofMillis(20));
        pd.setDeadline(-1, READ);
        assertEquals(ERR_TIMEOUT, reader.get());
    }

    @ParameterizedTest
    @EnumSource(Threads.class)
    void aDeadlineMovedEarlierWhileParkedTakesEffect(Threads kind) throws Exception {
        PollDesc pd = open();
        pd.setDeadline(3_600_000 * MS, READ);
        Threads.Call<Integer> reader = kind.call(() -> pd.await(READ));
        awaitWaiters(server, 1);
        pd.setDeadline(30 * MS, READ);
        assertEquals(ERR_TIMEOUT, reader.get());
    }

    @ParameterizedTest
    @EnumSource(Threads.class)
    void aDeadlineExtendedWhileParkedKeepsTheWaiterParked(Threads kind) throws Exception { // K12
        PollDesc pd = open();
        Changed c = parkThenChange(kind, pd, first -> 6 * first);
        assertStillBlocked(c.reader(), Duration.ofNanos(3 * c.first()));
        assertEquals(ERR_TIMEOUT, c.reader().get());
        long elapsed = System.nanoTime() - c.changedAt();
        assertTrue(elapsed >= 6 * c.first(), "timed out " + elapsed / MS + " ms after the deadline was moved "
                + 6 * c.first() / MS + " ms ahead (first " + c.first() / MS + " ms)");
    }

    @ParameterizedTest
    @EnumSource(Threads.class)
    void aDeadlineClearedWhileParkedWaitsUntilClose(Threads kind) throws Exception {
        PollDesc pd = open();
        Changed c = parkThenChange(kind, pd, first -> 0);
        assertStillBlocked(c.reader(), Duration.ofNanos(4 * c.first()));
        pd.evict();
        assertEquals(ERR_CLOSING, c.reader().get());
    }

    private record Changed(Threads.Call<Integer> reader, long first, long changedAt) {
    }

    /**
     * Parks a reader with a read deadline {@code first} ahead, then sets the deadline to
     * {@code change(first)}. On a busy box the reader may start, or the change land, only after the
     * first deadline: such a round proves nothing, so its reader is released and the next round
     * starts with twice the room.
     */
    private Changed parkThenChange(Threads kind, PollDesc pd, LongUnaryOperator change) throws Exception {
        for (long first = 100 * MS; ; first *= 2) {
            assertTrue(first < 1_000 * MS, "the host is too slow to change a deadline in time");
            long start = System.nanoTime();
            pd.setDeadline(first, READ);
            Threads.Call<Integer> reader = kind.call(() -> pd.await(READ));
            Threads.eventually("the reader parked or timed out", () -> server.waiters() == 1 || reader.isDone());
            long changedAt = System.nanoTime();
            pd.setDeadline(change.applyAsLong(first), READ);
            if (System.nanoTime() - start < first / 2 && !reader.isDone()) {
                return new Changed(reader, first, changedAt);
            }
            pd.setDeadline(-1, READ);
            assertEquals(ERR_TIMEOUT, reader.get());
            awaitWaiters(server, 0);
        }
    }

    @ParameterizedTest
    @EnumSource(Threads.class)
    void aWaiterWokenByADeadlineThatWasThenExtendedWaitsAgain(Threads kind) throws Exception {
        PollDesc pd = open();
        Threads.Call<Integer> reader = kind.call(() -> pd.await(READ));
        awaitWaiters(server, 1);
        for (int i = 0; i < 1000; i++) {
            pd.setDeadline(1_000 * MS, READ); // earlier than none: unparks the waiter
            pd.setDeadline(3_600_000 * MS, READ); // then pushed back before it may have run
        }
        assertStillBlocked(reader, Duration.ofMillis(50));
        assertEquals(1, server.waiters());
        pd.ready(READ);
        assertEquals(OK, reader.get());
    }

    @ParameterizedTest
    @EnumSource(Threads.class)
    void readAndWriteDeadlinesAreIndependentWhileParked(Threads kind) throws Exception {
        PollDesc pd = open();
        Threads.Call<Integer> reader = kind.call(() -> pd.await(READ));
        Threads.Call<Integer> writer = kind.call(() -> pd.await(WRITE));
        awaitWaiters(server, 2);
        pd.setDeadline(-1, WRITE);
        assertEquals(ERR_TIMEOUT, writer.get());
        assertStillBlocked(reader, Duration.ofMillis(30));
        pd.ready(READ);
        assertEquals(OK, reader.get());
    }

    @Test
    void setDeadlineOnAClosingDescriptorIsIgnored() throws Exception {
        PollDesc pd = open();
        pd.evict();
        pd.setDeadline(-1, READ);
        assertEquals(ERR_CLOSING, pd.prepare(READ));
    }

    @Test
    void closedBeatsTimeoutBeatsEventErrorWhichIsReportedOnReadsOnly() throws Exception {
        PollDesc pd = open();
        Threads.Call<Integer> reader = Threads.PLATFORM.call(() -> pd.await(READ));
        awaitWaiters(server, 1);
        provider.poller().inject(pd.token(), READ | WRITE, true);
        assertEquals(OK, reader.get(), "an error event readies the waiter; the retried call finds the error");
        assertEquals(ERR_NOT_POLLABLE, pd.prepare(READ));
        assertEquals(ERR_NOT_POLLABLE, pd.await(READ));
        assertEquals(OK, pd.prepare(WRITE), "event errors are reported on reads only");
        pd.setDeadline(-1, READ);
        assertEquals(ERR_TIMEOUT, pd.prepare(READ));
        pd.evict();
        assertEquals(ERR_CLOSING, pd.prepare(READ));
    }

    @Test
    void anEventWithoutTheErrorFlagClearsTheEventError() throws Exception {
        PollDesc pd = open();
        provider.poller().inject(pd.token(), READ, true);
        Threads.eventually("event error set", () -> pd.prepare(READ) == ERR_NOT_POLLABLE);
        provider.poller().inject(pd.token(), READ, false);
        Threads.eventually("event error cleared", () -> pd.prepare(READ) == OK);
    }

    @ParameterizedTest
    @EnumSource(Threads.class)
    void anEventForAClosedDescriptorIsDroppedEvenIfItsSlotWasReused(Threads kind) throws Exception { // K11
        PollDesc old = open();
        long staleToken = old.token();
        open.remove(old);
        close(old);
        PollDesc reused = open();
        assertEquals(staleToken >>> 32, reused.token() >>> 32, "the freed slot is reused first");
        assertNotEquals(staleToken, reused.token(), "with a new sequence number");
        PollDesc witness = open();

        Threads.Call<Integer> reader = kind.call(() -> reused.await(READ));
        Threads.Call<Integer> witnessReader = kind.call(() -> witness.await(READ));
        awaitWaiters(server, 2);
        provider.poller().inject(staleToken, READ | WRITE, true);
        provider.poller().inject(witness.token(), READ, false); // events are handled in order
        assertEquals(OK, witnessReader.get());
        assertStillBlocked(reader, Duration.ofMillis(20));
        assertEquals(OK, reused.prepare(WRITE));
        reused.setDeadline(-1, READ);
        assertEquals(ERR_TIMEOUT, reader.get());
        reused.setDeadline(0, READ);
        assertEquals(OK, reused.prepare(READ), "the stale error event must not mark the new descriptor");
    }

    @ParameterizedTest
    @EnumSource(Threads.class)
    void anInterruptWakesTheWaiterAndStaysSet(Threads kind) throws Exception {
        PollDesc pd = open();
        Threads.Call<Boolean> reader = kind.call(() -> pd.await(READ) == ERR_INTERRUPTED
                && Thread.currentThread().isInterrupted());
        awaitWaiters(server, 1);
        reader.thread().interrupt();
        assertTrue(reader.get());
    }

    @ParameterizedTest
    @EnumSource(Threads.class)
    void anAlreadyInterruptedThreadDoesNotPark(Threads kind) throws Exception {
        PollDesc pd = open();
        Threads.Call<Boolean> reader = kind.call(() -> {
            Thread.currentThread().interrupt();
            return pd.await(READ) == ERR_INTERRUPTED && Thread.currentThread().isInterrupted();
        });
        assertTrue(reader.get());
    }

    @ParameterizedTest
    @EnumSource(Threads.class)
    void theWaitersGaugeCountsParkedThreadsAndReturnsToZero(Threads kind) throws Exception {
        List<PollDesc> pds = new ArrayList<>();
        List<Threads.Call<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            PollDesc pd = open();
            pds.add(pd);
            calls.add(kind.call(() -> pd.await(READ)));
        }
        awaitWaiters(server, 50);
        for (PollDesc pd : pds) {
            provider.poller().inject(pd.token(), READ, false);
        }
        for (Threads.Call<Integer> c : calls) {
            assertEquals(OK, c.get());
        }
        awaitWaiters(server, 0);
    }

    @Test
    void aLevelTriggeredPollerIsArmedBeforeEachWait() throws Exception {
        FakeProvider lt = new FakeProvider(true);
        try (PollServer s = PollServer.create(lt)) {
            FakeHandle h = new FakeHandle(SocketType.STREAM);
            PollDesc pd = s.open(h);
            Threads.Call<Integer> reader = Threads.VIRTUAL.call(() -> pd.await(READ));
            awaitWaiters(s, 1);
            assertEquals(1, lt.poller().arms.get());
            h.feed((byte) 1);
            assertEquals(OK, reader.get());
            h.feed((byte) 2); // nobody armed: a level-triggered poller stays quiet
            assertEquals(OK, pd.await(READ), "armed while data is there: notified at once");
            assertEquals(2, lt.poller().arms.get());
            pd.evict();
            pd.close();
        }
    }

    @Test
    void tokensCarryTheSlotAndASequence() throws Exception {
        PollDesc a = open();
        PollDesc b = open();
        assertEquals(0, a.token() >>> 32);
        assertEquals(1, b.token() >>> 32);
        assertEquals(Long.valueOf(a.token()), provider.poller().registered.get((FakeHandle) a.handle()));
        assertTrue(a.server() == server);
        assertEquals(Poller.READ, READ);
    }
}
