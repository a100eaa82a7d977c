package io.netpoll.posix;

import io.netpoll.spi.Handle;
import io.netpoll.spi.SocketType;
import io.netpoll.spi.Sockets;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The read/write path allocates nothing per call once compiled: no JNA Structure, no boxed
 * arguments, no errno exception, pooled scratch memory for heap buffers. Measured with the thread's
 * allocation counter over rounds of round trips. Until the JIT has compiled the path a round
 * allocates, so the best round counts; rounds go on for up to a minute, not a count of rounds, because
 * on a busy machine the compiler threads get the CPU late.
 */
class AllocationTest {

    private static final int OPS = 100_000;
    private static final long JIT_BUDGET_NANOS = 60_000_000_000L;

    @Test
    void readAndWriteAllocateNothingPerCall() throws Exception {
        PosixSockets sockets = new PosixSockets("test");
        Handle[] p = sockets.socketpair(SocketType.STREAM);
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try {
            double best = Double.MAX_VALUE;
            long start = System.nanoTime();
            int rounds = 0;
            for (; best > 0.5 && (rounds < 10 || System.nanoTime() - start < JIT_BUDGET_NANOS); rounds++) {
                long before = mx.getCurrentThreadAllocatedBytes();
                pingPong(sockets, p, ByteBuffer.allocateDirect(64), ByteBuffer.allocateDirect(64));
                pingPong(sockets, p, ByteBuffer.allocate(64), ByteBuffer.allocate(64));
                pingPong(sockets, p, ByteBuffer.allocate(0), ByteBuffer.allocate(64)); // would-block reads
                best = Math.min(best, (mx.getCurrentThreadAllocatedBytes() - before) / (3.0 * OPS));
            }
            assertTrue(best <= 0.5, "bytes allocated per write+read: " + best + " at best, over " + rounds
                    + " rounds in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        } finally {
            sockets.close(p[0]);
            sockets.close(p[1]);
        }
    }

    private static void pingPong(PosixSockets sockets, Handle[] p, ByteBuffer out, ByteBuffer in) throws Exception {
        for (int i = 0; i < OPS; i++) {
            out.clear();
            sockets.write(p[0], out);
            in.clear();
            int n = sockets.read(p[1], in);
            if (out.capacity() > 0 && n == Sockets.WOULD_BLOCK) {
                throw new AssertionError("a socketpair delivers at once");
            }
        }
    }
}
