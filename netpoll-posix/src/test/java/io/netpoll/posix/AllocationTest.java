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
 * allocation counter over rounds of round trips; the JIT needs a few rounds, so the best round counts.
 */
class AllocationTest {

    private static final int OPS = 100_000;

    @Test
    void readAndWriteAllocateNothingPerCall() throws Exception {
        PosixSockets sockets = new PosixSockets("test");
        Handle[] p = sockets.socketpair(SocketType.STREAM);
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try {
            double best = Double.MAX_VALUE;
            for (int round = 0; round < 10 && best > 0.5; round++) {
                long before = mx.getCurrentThreadAllocatedBytes();
                pingPong(sockets, p, ByteBuffer.allocateDirect(64), ByteBuffer.allocateDirect(64));
                pingPong(sockets, p, ByteBuffer.allocate(64), ByteBuffer.allocate(64));
                pingPong(sockets, p, ByteBuffer.allocate(0), ByteBuffer.allocate(64)); // would-block reads
                best = Math.min(best, (mx.getCurrentThreadAllocatedBytes() - before) / (3.0 * OPS));
            }
            assertTrue(best <= 0.5, "bytes allocated per write+read: " + best);
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
