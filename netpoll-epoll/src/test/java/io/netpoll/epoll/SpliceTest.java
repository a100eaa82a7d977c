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
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * On epoll, a transfer between two TCP connections is Go's splice, not the copy loop: while it waits
 * for the source, it holds a kernel pipe of its own (two more pipe descriptors, released when it ends),
 * and a deadline on the source fails it with Go's Linux text, "readfrom" around the timeout with no
 * "read" in between (the copy loop nests the read's own error there).
 */
class SpliceTest {

    /** Dials the listener: {the dialed end, the accepted end}. */
    private static TCPConn[] pair(TCPListener ln) throws IOException {
        InetSocketAddress a = (InetSocketAddress) ln.addr();
        TCPConn c = (TCPConn) Net.dial("tcp", "127.0.0.1:" + a.getPort());
        return new TCPConn[] {c, ln.accept()};
    }

    /** The pipe descriptors open now: descriptor number to its target, "pipe:[INODE]". */
    private static Map<String, String> pipes() throws IOException {
        Map<String, String> pipes = new HashMap<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path p : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(p).toString();
                    if (target.startsWith("pipe:")) {
                        pipes.put(p.getFileName().toString(), target);
                    }
                } catch (IOException e) {
                    // closed while listing
                }
            }
        }
        return pipes;
    }

    /**
     * The pipe descriptors of {@code now} that {@code before} did not have. Pipes are compared by
     * identity, not counted: a pipe of an earlier test (the JDK closes a child process's pipes on its
     * reaper thread, after the test has moved on) may close meanwhile.
     */
    private static Map<String, String> newPipes(Map<String, String> before, Map<String, String> now) {
        Map<String, String> added = new HashMap<>(now);
        added.entrySet().removeIf(e -> e.getValue().equals(before.get(e.getKey())));
        return added;
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
                Map<String, String> before = pipes();
                CompletableFuture<Long> proxy = new CompletableFuture<>();
                Thread.ofVirtual().start(() -> {
                    try {
                        proxy.complete(out[0].transferFrom(in[1]));
                    } catch (Throwable t) {
                        proxy.completeExceptionally(t);
                    }
                });
                Map<String, String> held = Map.of();
                for (int i = 0; i < 500 && held.size() != 2; i++) {
                    Thread.sleep(10);
                    held = newPipes(before, pipes());
                }
                assertEquals(2, held.size(), "new pipe descriptors while the transfer waits for its source: " + held);
                assertEquals(1, new HashSet<>(held.values()).size(), "the two ends of one pipe: " + held);
                in[0].write(new byte[] {1, 2, 3});
                in[0].closeWrite();
                assertEquals(3, proxy.get(30, TimeUnit.SECONDS));
                assertEquals(Map.of(), newPipes(before, pipes()), "pipe descriptors left after the transfer");
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

    private static String addr(SocketAddress a) {
        InetSocketAddress i = (InetSocketAddress) a;
        return i.getAddress().getHostAddress() + ":" + i.getPort();
    }
}
