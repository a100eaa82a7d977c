// Mirrors Go's src/net/pipe.go.
package io.netpoll.net;

import io.netpoll.net.internal.ConnStreams;
import io.netpoll.net.internal.OpErrors;
import io.netpoll.runtime.DeadlineExceededException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Go's {@code net.Pipe}: a synchronous, in-memory, full-duplex connection. Reads on one end are
 * matched with writes on the other, copying straight from the writer's buffer into the reader's;
 * there is no internal buffering.
 *
 * <p>Each direction of the pair is one {@link Direction}, the Java form of Go's two unbuffered
 * channels ({@code wrTx}/{@code rdRx} carry the writer's slice, {@code wrRx}/{@code rdTx} the count
 * back). Under the direction's lock:
 * <ul>
 *   <li>A write first takes the direction's turn (Go's {@code wrMu}), so one write's bytes never
 *       interleave with another's; it then places its buffer in the {@code offer} slot and waits.
 *       Unlike a mutex, waiting for the turn gives way to close and deadlines.
 *   <li>A read waits for an offer and copies {@code min(room, bytes left)} from it. The read that
 *       empties the offer clears the slot, and the writer, seeing it cleared, returns: a write is
 *       delivered to one or more reads and returns when all its bytes were consumed. An empty write
 *       is taken by one read, so it too is one rendezvous; that read keeps waiting for bytes, since
 *       a {@link Conn} read returns 0 only for an empty buffer.
 *   <li>Before every attempt a waiter checks, in Go's order: its own end closed, the other end
 *       closed, its deadline; so an expired deadline fails a call even when the peer is ready. A
 *       writer whose bytes were all consumed has succeeded whatever comes after, as Go's writer
 *       always receives the count. Closing an end, setting a deadline and every change to the slot wake
 *       the direction's waiters, so a deadline set, extended or cleared while a thread waits takes
 *       effect at once; deadlines need no timers because each waiter times its own wait.
 *   <li>A writer that stops early (deadline, close, interrupt) withdraws its offer before it lets go
 *       of the lock, so no read touches its buffer after {@code write} returns; the bytes consumed by
 *       then are the partial count Go returns, kept in {@code bytesTransferred}.
 * </ul>
 * A thread interrupted while it waits, or already interrupted when it calls, closes its end, as the
 * JDK's interruptible channels do.
 */
final class Pipe {

    /** Go's {@code pipeAddr}: both ends' local and remote address; network "pipe". */
    private static final SocketAddress ADDR = new PipeAddr();

    private Pipe() {}

    /** Two connected ends; what one writes the other reads. */
    static Conn[] pair() {
        // Go's done channels: each end's localDone is the other's remoteDone.
        AtomicBoolean done1 = new AtomicBoolean();
        AtomicBoolean done2 = new AtomicBoolean();
        Direction oneToTwo = new Direction(done1, done2);
        Direction twoToOne = new Direction(done2, done1);
        return new Conn[] {new End(twoToOne, oneToTwo, done1, done2), new End(oneToTwo, twoToOne, done2, done1)};
    }

    /** One end of the pipe: Go's {@code pipe} struct. */
    private static final class End implements Conn {
        private final Direction in;
        private final Direction out;
        private final AtomicBoolean localDone;
        private final AtomicBoolean remoteDone;
        private final InputStream inputStream = ConnStreams.input(this);
        private final OutputStream outputStream = ConnStreams.output(this);

        End(Direction in, Direction out, AtomicBoolean localDone, AtomicBoolean remoteDone) {
            this.in = in;
            this.out = out;
            this.localDone = localDone;
            this.remoteDone = remoteDone;
        }

        @Override
        public int read(byte[] b) throws IOException {
            return read(b, 0, b.length);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            return read(ByteBuffer.wrap(b, off, len));
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (dst.isReadOnly()) {
                throw new IllegalArgumentException("read-only buffer");
            }
            if (!dst.hasRemaining()) {
                // As a socket read: an empty read returns at once, failing only on a closed end.
                if (localDone.get()) {
                    throw PipeErrors.closedPipe("read", false);
                }
                return 0;
            }
            begin("read");
            try {
                return in.read(dst);
            } catch (InterruptedException e) {
                throw closedByInterrupt("read");
            }
        }

        @Override
        public int write(byte[] b) throws IOException {
            return write(b, 0, b.length);
        }

        @Override
        public int write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            return write(ByteBuffer.wrap(b, off, len));
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            Objects.requireNonNull(src, "src");
            begin("write");
            try {
                return out.write(src);
            } catch (InterruptedException e) {
                throw closedByInterrupt("write");
            }
        }

        /** The checks a blocking call makes before it may block: closed, then the interrupt status. */
        private void begin(String op) throws IOException {
            if (localDone.get()) {
                throw PipeErrors.closedPipe(op, false);
            }
            if (Thread.currentThread().isInterrupted()) {
                throw closedByInterrupt(op);
            }
        }

        /** The JDK's interruptible-channel rule: close the end, keep the interrupt status, say so. */
        private IOException closedByInterrupt(String op) {
            close();
            Thread.currentThread().interrupt();
            return OpErrors.wrap(op, "pipe", null, null, new ClosedByInterruptException());
        }

        @Override
        public SocketAddress localAddr() {
            return ADDR;
        }

        @Override
        public SocketAddress remoteAddr() {
            return ADDR;
        }

        @Override
        public void setDeadline(Instant t) throws IOException {
            checkOpenForSet();
            in.setReadDeadline(t);
            out.setWriteDeadline(t);
        }

        @Override
        public void setReadDeadline(Instant t) throws IOException {
            checkOpenForSet();
            in.setReadDeadline(t);
        }

        @Override
        public void setWriteDeadline(Instant t) throws IOException {
            checkOpenForSet();
            out.setWriteDeadline(t);
        }

        /** Go refuses a deadline once either end is closed. */
        private void checkOpenForSet() throws IOException {
            if (localDone.get() || remoteDone.get()) {
                throw PipeErrors.closedPipe("set", false);
            }
        }

        @Override
        public InputStream inputStream() {
            return inputStream;
        }

        @Override
        public OutputStream outputStream() {
            return outputStream;
        }

        @Override
        public boolean isOpen() {
            return !localDone.get();
        }

        /** Idempotent; wakes every waiter on both directions, local and remote. */
        @Override
        public void close() {
            if (localDone.compareAndSet(false, true)) {
                in.wakeAll();
                out.wakeAll();
            }
        }

        @Override
        public String toString() {
            return "pipe[" + (isOpen() ? "open" : "closed") + "]";
        }
    }

    /** One direction: the writing end's bytes on their way to the reading end. */
    private static final class Direction {
        private final ReentrantLock lock = new ReentrantLock();
        /** Signalled on every change a waiter of this direction might be waiting for. */
        private final Condition changed = lock.newCondition();
        private final AtomicBoolean writerDone;
        private final AtomicBoolean readerDone;
        private final Deadline readDeadline = new Deadline();
        private final Deadline writeDeadline = new Deadline();
        /** The current write's unread bytes; null when no write is offered. */
        private ByteBuffer offer;
        /** A write holds the turn (Go's {@code wrMu}). */
        private boolean writing;

        Direction(AtomicBoolean writerDone, AtomicBoolean readerDone) {
            this.writerDone = writerDone;
            this.readerDone = readerDone;
        }

        /** Go's {@code pipe.read}, for a non-empty {@code dst}: bytes read, or -1 once the writer closed. */
        int read(ByteBuffer dst) throws IOException, InterruptedException {
            boolean waited = false;
            lock.lock();
            try {
                for (;;) {
                    if (readerDone.get()) {
                        throw PipeErrors.closedPipe("read", waited);
                    }
                    if (writerDone.get()) {
                        return -1;
                    }
                    if (readDeadline.remaining() <= 0) {
                        throw timeout("read", 0);
                    }
                    if (offer != null) {
                        int n = Math.min(dst.remaining(), offer.remaining());
                        dst.put(dst.position(), offer, offer.position(), n);
                        dst.position(dst.position() + n);
                        offer.position(offer.position() + n);
                        if (!offer.hasRemaining()) {
                            offer = null;
                        }
                        changed.signalAll();
                        if (n > 0) {
                            return n;
                        }
                        continue; // took an empty write; still waiting for bytes
                    }
                    await(readDeadline);
                    waited = true;
                }
            } finally {
                lock.unlock();
            }
        }

        /** Go's {@code pipe.write}: all of {@code src} is consumed, or this throws. */
        int write(ByteBuffer src) throws IOException, InterruptedException {
            int start = src.position();
            boolean turn = false;
            boolean waited = false;
            lock.lock();
            try {
                for (;;) {
                    if (turn && offer == null) {
                        return src.position() - start; // the last read emptied the offer
                    }
                    if (writerDone.get() || readerDone.get()) {
                        throw PipeErrors.closedPipe("write", waited);
                    }
                    if (writeDeadline.remaining() <= 0) {
                        throw timeout("write", src.position() - start);
                    }
                    if (!turn && !writing) {
                        writing = turn = true;
                        offer = src;
                        changed.signalAll();
                        continue;
                    }
                    await(writeDeadline);
                    waited = true;
                }
            } finally {
                if (turn) {
                    offer = null; // withdrawn if still offered: no read may touch src after this returns
                    writing = false;
                    changed.signalAll();
                }
                lock.unlock();
            }
        }

        /** Go's {@code OpError{op, "pipe", os.ErrDeadlineExceeded}}, with the bytes moved before it. */
        private static IOException timeout(String op, int transferred) {
            DeadlineExceededException e = new DeadlineExceededException();
            e.bytesTransferred = transferred;
            return OpErrors.wrap(op, "pipe", null, null, e);
        }

        /** Waits, with the lock held, for a change or until {@code deadline} passes. */
        private void await(Deadline deadline) throws InterruptedException {
            long left = deadline.remaining();
            if (left == Long.MAX_VALUE) {
                changed.await();
            } else {
                changed.awaitNanos(left);
            }
        }

        void setReadDeadline(Instant t) {
            setDeadline(readDeadline, t);
        }

        void setWriteDeadline(Instant t) {
            setDeadline(writeDeadline, t);
        }

        private void setDeadline(Deadline deadline, Instant t) {
            lock.lock();
            try {
                deadline.set(t);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        /** After an end closed: every waiter re-checks. */
        void wakeAll() {
            lock.lock();
            try {
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Go's {@code pipeDeadline} without its timer: a point on the {@link System#nanoTime()} scale,
     * guarded by its direction's lock. A past time stays expired until set again.
     */
    private static final class Deadline {
        /** Far enough to mean "never" and near enough that {@code at - now} cannot overflow. */
        private static final Duration FOREVER = Duration.ofNanos(Long.MAX_VALUE >> 1);

        private boolean armed;
        private long at;

        /** null clears the deadline (Go's zero time); a huge one saturates. */
        void set(Instant t) {
            if (t == null) {
                armed = false;
                return;
            }
            long now = System.nanoTime();
            Duration d = Duration.between(Instant.now(), t);
            at = now + (d.isNegative() ? 0 : d.compareTo(FOREVER) > 0 ? FOREVER.toNanos() : d.toNanos());
            armed = true;
        }

        /** Nanoseconds left: {@code Long.MAX_VALUE} with no deadline, {@code <= 0} once it passed. */
        long remaining() {
            return armed ? at - System.nanoTime() : Long.MAX_VALUE;
        }
    }

    /** Go's {@code pipeAddr}. */
    private static final class PipeAddr extends SocketAddress {
        @Override
        public String toString() {
            return "pipe";
        }
    }
}
