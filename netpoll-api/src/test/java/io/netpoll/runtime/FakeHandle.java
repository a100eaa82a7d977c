package io.netpoll.runtime;

import io.netpoll.spi.Errno;
import io.netpoll.spi.Handle;
import io.netpoll.spi.Poller;
import io.netpoll.spi.SocketType;
import io.netpoll.spi.Sockets;
import io.netpoll.spi.SyscallException;

import java.io.ByteArrayOutputStream;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An in-memory socket. Tests feed it bytes, connections and datagrams, drain what was written, and
 * decide how much a write may take; each change raises the poller event a kernel would raise
 * (edge-triggered), or, for a level-triggered poller, answers an {@code arm} when ready.
 */
final class FakeHandle implements Handle {

    private static final AtomicInteger IDS = new AtomicInteger();

    private record Datagram(byte[] data, SocketAddress from) {
    }

    final int id = IDS.incrementAndGet();
    final SocketType type;
    private final ReentrantLock lock = new ReentrantLock();

    private byte[] in = new byte[0];
    private boolean eof;
    private long room = Long.MAX_VALUE;
    private int maxPerWrite = Integer.MAX_VALUE;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ArrayDeque<Object> acceptQueue = new ArrayDeque<>();
    private final ArrayDeque<Datagram> datagrams = new ArrayDeque<>();
    private final ArrayDeque<Datagram> sent = new ArrayDeque<>();
    private final ArrayDeque<Errno> readErrors = new ArrayDeque<>();
    private boolean connectImmediately = true;
    private boolean connectPending;
    private Errno connectError;

    private FakePoller poller;
    private long token;
    private int armed;

    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger writes = new AtomicInteger();
    final AtomicInteger accepts = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();
    volatile boolean failRegister;
    /** When set, the poller's deregister throws it, as a faulty provider might. */
    volatile RuntimeException failDeregister;
    /** When set, a read call stops inside the "system call" until the gate opens. */
    volatile CountDownLatch readGate;
    final CountDownLatch readEntered = new CountDownLatch(1);

    FakeHandle(SocketType type) {
        this.type = type;
    }

    // ---- test side ----

    void feed(byte... bytes) {
        lock.lock();
        try {
            byte[] next = Arrays.copyOf(in, in.length + bytes.length);
            System.arraycopy(bytes, 0, next, in.length, bytes.length);
            in = next;
        } finally {
            lock.unlock();
        }
        signal(Poller.READ);
    }

    void endOfStream() {
        lock.lock();
        try {
            eof = true;
        } finally {
            lock.unlock();
        }
        signal(Poller.READ | Poller.HANGUP);
    }

    /** How many more bytes writes may take before they would block. */
    void room(long bytes) {
        lock.lock();
        try {
            room = bytes;
        } finally {
            lock.unlock();
        }
        if (bytes > 0) {
            signal(Poller.WRITE);
        }
    }

    /** The most one write call takes (a partial write). */
    void maxPerWrite(int n) {
        lock.lock();
        try {
            maxPerWrite = n;
        } finally {
            lock.unlock();
        }
    }

    byte[] written() {
        lock.lock();
        try {
            return out.toByteArray();
        } finally {
            lock.unlock();
        }
    }

    void queueAccept(Object handleOrErrno) {
        lock.lock();
        try {
            acceptQueue.add(handleOrErrno);
        } finally {
            lock.unlock();
        }
        signal(Poller.READ);
    }

    void queueDatagram(byte[] data, SocketAddress from) {
        lock.lock();
        try {
            datagrams.add(new Datagram(data, from));
        } finally {
            lock.unlock();
        }
        signal(Poller.READ);
    }

    byte[] sentDatagram() {
        lock.lock();
        try {
            Datagram d = sent.poll();
            return d == null ? null : d.data;
        } finally {
            lock.unlock();
        }
    }

    void failNextRead(Errno errno) {
        lock.lock();
        try {
            readErrors.add(errno);
        } finally {
            lock.unlock();
        }
    }

    /** Makes connect report "in progress" until {@link #completeConnect}. */
    void connectLater() {
        lock.lock();
        try {
            connectImmediately = false;
        } finally {
            lock.unlock();
        }
    }

    void completeConnect(Errno error) {
        lock.lock();
        try {
            connectPending = false;
            connectError = error;
        } finally {
            lock.unlock();
        }
        signal(Poller.WRITE);
    }

    long token() {
        lock.lock();
        try {
            return token;
        } finally {
            lock.unlock();
        }
    }

    // ---- poller side ----

    void attach(FakePoller p, long t) {
        lock.lock();
        try {
            poller = p;
            token = t;
        } finally {
            lock.unlock();
        }
    }

    void detach() {
        lock.lock();
        try {
            poller = null;
        } finally {
            lock.unlock();
        }
    }

    void arm(int mode) {
        lock.lock();
        try {
            if (poller == null) {
                return;
            }
            if (readyNow(mode)) {
                poller.inject(token, mode, false);
            } else {
                armed |= mode;
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean readyNow(int mode) {
        if (mode == Poller.READ) {
            return in.length > 0 || eof || !acceptQueue.isEmpty() || !datagrams.isEmpty() || !readErrors.isEmpty();
        }
        return !connectPending && room > 0;
    }

    private void signal(int mode) {
        lock.lock();
        try {
            if (poller == null) {
                return;
            }
            if (poller.needsArm()) {
                mode &= armed;
                armed &= ~mode;
            }
            if (mode != 0) {
                poller.inject(token, mode, false);
            }
        } finally {
            lock.unlock();
        }
    }

    // ---- socket calls ----

    int read(ByteBuffer dst) throws SyscallException {
        reads.incrementAndGet();
        readEntered.countDown();
        CountDownLatch gate = readGate;
        if (gate != null) {
            boolean interrupted = false; // a real system call is not interrupted either
            for (;;) {
                try {
                    gate.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        lock.lock();
        try {
            Errno e = readErrors.poll();
            if (e != null) {
                throw new SyscallException("read", e);
            }
            if (in.length == 0) {
                return eof ? Sockets.EOF : Sockets.WOULD_BLOCK;
            }
            int n = Math.min(in.length, dst.remaining());
            dst.put(in, 0, n);
            in = Arrays.copyOfRange(in, n, in.length);
            return n;
        } finally {
            lock.unlock();
        }
    }

    int write(ByteBuffer src) {
        writes.incrementAndGet();
        lock.lock();
        try {
            if (room == 0 && src.hasRemaining()) {
                return Sockets.WOULD_BLOCK;
            }
            int n = (int) Math.min(Math.min(src.remaining(), maxPerWrite), room);
            byte[] b = new byte[n];
            src.get(b);
            out.writeBytes(b);
            room -= n;
            return n;
        } finally {
            lock.unlock();
        }
    }

    FakeHandle accept() throws SyscallException {
        accepts.incrementAndGet();
        lock.lock();
        try {
            Object next = acceptQueue.poll();
            if (next instanceof Errno e) {
                throw new SyscallException("accept4", e);
            }
            return (FakeHandle) next;
        } finally {
            lock.unlock();
        }
    }

    boolean connect() {
        lock.lock();
        try {
            connectPending = !connectImmediately;
            return connectImmediately;
        } finally {
            lock.unlock();
        }
    }

    boolean finishConnect() throws SyscallException {
        lock.lock();
        try {
            if (connectPending) {
                return false;
            }
            if (connectError != null) {
                throw new SyscallException("connect", connectError);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    SocketAddress receive(ByteBuffer dst) {
        reads.incrementAndGet();
        lock.lock();
        try {
            Datagram d = datagrams.poll();
            if (d == null) {
                return null;
            }
            dst.put(d.data, 0, Math.min(d.data.length, dst.remaining()));
            return d.from;
        } finally {
            lock.unlock();
        }
    }

    int send(ByteBuffer src, SocketAddress target) {
        writes.incrementAndGet();
        lock.lock();
        try {
            if (room == 0) {
                return Sockets.WOULD_BLOCK;
            }
            byte[] b = new byte[src.remaining()];
            src.get(b);
            sent.add(new Datagram(b, target));
            return b.length;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "fake#" + id;
    }
}
