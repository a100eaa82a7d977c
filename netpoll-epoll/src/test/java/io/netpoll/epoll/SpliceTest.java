package io.netpoll.epoll;

import io.netpoll.Netpoll;
import io.netpoll.net.Conn;
import io.netpoll.net.Net;
import io.netpoll.net.TCPConn;
import io.netpoll.net.TCPListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * On epoll, a transfer between two TCP connections is Go's splice, not the copy loop: while it waits
 * for the source, it holds a kernel pipe (two pipe descriptors), which goes back to a pool when the
 * transfer ends, so the next transfer reuses it instead of making one, and which the garbage collector's
 * emptying of the pool closes; and a deadline on the source fails it with Go's Linux text, "readfrom"
 * around the timeout with no "read" in between (the copy loop nests the read's own error there).
 */
class SpliceTest {

    /** Dials the listener: {the dialed end, the accepted end}. */
    private static TCPConn[] pair(TCPListener ln) throws IOException {
        InetSocketAddress a = (InetSocketAddress) ln.addr();
        TCPConn c = (TCPConn) Net.dial("tcp", "127.0.0.1:" + a.getPort());
        return new TCPConn[] {c, ln.accept()};
    }

    private static long pipes() throws IOException {
        return pipeInodes().size();
    }

    /**
     * The kernel pipes this process has open past its standard streams (which the test runner may make
     * pipes), as "pipe:[inode]", one entry per descriptor.
     */
    private static List<String> pipeInodes() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(p -> Integer.parseInt(p.getFileName().toString()) > 2).map(p -> {
                try {
                    return Files.readSymbolicLink(p).toString();
                } catch (IOException e) {
                    return ""; // closed while listing
                }
            }).filter(t -> t.startsWith("pipe:")).sorted().toList();
        }
    }

    /** Collects garbage until this process has {@code want} pipe descriptors, or 10 s passed; returns the count. */
    private static long pipesAfterCollection(long want) throws Exception {
        long n = pipes();
        for (int i = 0; i < 500 && n != want; i++) {
            System.gc();
            Thread.sleep(20);
            n = pipes();
        }
        return n;
    }

    private static void close(Conn... cs) throws IOException {
        for (Conn c : cs) {
            c.close();
        }
    }

    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    void transferFromHoldsAPipeWhileItWaits() throws Exception {
        assertEquals("epoll", Netpoll.provider().name());
        try (TCPListener ln = (TCPListener) Net.listen("tcp", "127.0.0.1:0")) {
            TCPConn[] in = pair(ln);
            TCPConn[] out = pair(ln);
            try {
                long before = pipesAfterCollection(0);
                assertEquals(0, before, "pipe descriptors once the pool was collected: " + pipeInodes());
                CompletableFuture<Long> proxy = new CompletableFuture<>();
                Thread.ofVirtual().start(() -> {
                    try {
                        proxy.complete(out[0].transferFrom(in[1]));
                    } catch (Throwable t) {
                        proxy.completeExceptionally(t);
                    }
                });
                long during = before;
                for (int i = 0; i < 500 && during != before + 2; i++) {
                    Thread.sleep(10);
                    during = pipes();
                }
                assertEquals(before + 2, during, "pipe descriptors while the transfer waits for its source");
                List<String> pipe = pipeInodes();
                in[0].write(new byte[] {1, 2, 3});
                in[0].closeWrite();
                assertEquals(3, proxy.get(30, TimeUnit.SECONDS));
                assertEquals(pipe, pipeInodes(), "pipe descriptors after the transfer: the pipe is kept for the next");
                byte[] got = new byte[3];
                out[1].setReadDeadline(Instant.now().plusSeconds(30));
                assertEquals(3, out[1].read(got));
            } finally {
                close(in[0], in[1], out[0], out[1]);
            }
        }
    }

    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    void manyTransfersShareOnePooledPipe() throws Exception {
        try (TCPListener ln = (TCPListener) Net.listen("tcp", "127.0.0.1:0")) {
            TCPConn[] in = pair(ln);
            TCPConn[] out = pair(ln);
            try {
                long before = pipesAfterCollection(0);
                assertEquals(0, before, "pipe descriptors once the pool was collected: " + pipeInodes());
                byte[] got = new byte[100];
                out[1].setReadDeadline(Instant.now().plusSeconds(30));
                List<String> first = null;
                for (int i = 0; i < 50; i++) {
                    in[0].write(new byte[100]);
                    assertEquals(100, out[0].transferFrom(in[1], 100));
                    assertTrue(IO_readFull(out[1], got));
                    List<String> now = pipeInodes();
                    if (first == null) {
                        first = now;
                        assertEquals(2, first.size(), "one pipe after the first transfer: " + first);
                    }
                    assertEquals(first, now, "transfer " + i + " reused the pooled pipe");
                }
                assertEquals(0, pipesAfterCollection(0), "pipe descriptors after the pool was collected");
            } finally {
                close(in[0], in[1], out[0], out[1]);
            }
        }
    }

    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    void sourceDeadlineHasGoSpliceText() throws Exception {
        try (TCPListener ln = (TCPListener) Net.listen("tcp", "127.0.0.1:0")) {
            TCPConn[] in = pair(ln);
            TCPConn[] out = pair(ln);
            try {
                in[1].setReadDeadline(Instant.now().plusMillis(100));
                IOException t = assertThrows(IOException.class, () -> out[0].transferFrom(in[1]));
                assertInstanceOf(SocketTimeoutException.class, t);
                assertEquals("readfrom tcp " + addr(out[0].localAddr()) + "->" + addr(out[0].remoteAddr())
                        + ": i/o timeout", t.getMessage());
            } finally {
                close(in[0], in[1], out[0], out[1]);
            }
        }
    }

    private static boolean IO_readFull(Conn c, byte[] b) throws IOException {
        int n = 0;
        while (n < b.length) {
            int r = c.read(b, n, b.length - n);
            if (r < 0) {
                return false;
            }
            n += r;
        }
        return true;
    }

    private static String addr(SocketAddress a) {
        InetSocketAddress i = (InetSocketAddress) a;
        return i.getAddress().getHostAddress() + ":" + i.getPort();
    }
}
