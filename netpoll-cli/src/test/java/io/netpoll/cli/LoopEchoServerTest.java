package io.netpoll.cli;

import io.netpoll.Netpoll;
import io.netpoll.spi.NetpollProvider;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The single-threaded event loop over the Poller SPI, on every provider available here. */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LoopEchoServerTest {

    static Stream<String> providers() {
        return Netpoll.providers().stream().filter(p -> p.availability().available()).map(NetpollProvider::name);
    }

    private static LoopEchoServer start(String provider) throws IOException {
        List<IOException> errors = new CopyOnWriteArrayList<>();
        return LoopEchoServer.start(Netpoll.provider(provider), "127.0.0.1:0", errors::add);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void echoesManyConnectionsAndClosesOnEndOfStream(String provider) throws Exception {
        InetSocketAddress addr;
        try (LoopEchoServer server = start(provider)) {
            addr = server.addr();
            assertTrue(server.hostPort().matches("127\\.0\\.0\\.1:\\d+"), server.hostPort());
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int size = 1 + i * 997; // 1 B to about 19 KiB: under, at and over the loop's 16 KiB buffer
                clients.add(Thread.ofVirtual().start(() -> {
                    try (Socket s = new Socket(addr.getAddress(), addr.getPort())) {
                        s.setSoTimeout(30_000);
                        for (int round = 0; round < 50; round++) {
                            byte[] payload = pattern(size, round);
                            s.getOutputStream().write(payload);
                            assertArrayEquals(payload, s.getInputStream().readNBytes(size));
                        }
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                }));
            }
            for (Thread t : clients) {
                t.join();
            }
            assertEquals(List.of(), failures);
            // Each client's close is an end of stream the loop answers by closing its side.
            assertTrue(eventually(() -> server.connections() == 0), "open: " + server.connections());
        }
        assertThrows(ConnectException.class, () -> new Socket(addr.getAddress(), addr.getPort()).close());
    }

    /**
     * A peer that writes megabytes before it reads anything fills both directions: the loop must hold
     * what it could not write, stop reading, and resume on write readiness, losing and reordering
     * nothing. Half-closing then gets every byte back and the server's end of stream.
     */
    @ParameterizedTest
    @MethodSource("providers")
    void backPressureLosesNothingAndHalfCloseEndsTheEcho(String provider) throws Exception {
        try (LoopEchoServer server = start(provider); Socket s = new Socket()) {
            s.setReceiveBufferSize(4096);
            s.connect(server.addr());
            s.setSoTimeout(30_000);
            // More than the kernel buffers hold both ways, however far they grow.
            byte[] payload = pattern(64 << 20, 7);
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    OutputStream out = s.getOutputStream();
                    for (int off = 0; off < payload.length; off += 64 * 1024) {
                        out.write(payload, off, Math.min(64 * 1024, payload.length - off));
                    }
                    s.shutdownOutput();
                } catch (Throwable t) {
                    failures.add(t);
                }
            });
            // The loop reads only while its writes go through: a writer that cannot finish before
            // anyone reads shows that the loop held back and stopped reading.
            writer.join(500);
            assertTrue(writer.isAlive(), "the writer finished before anything was read: no back-pressure");
            InputStream in = s.getInputStream();
            assertArrayEquals(payload, in.readNBytes(payload.length));
            assertEquals(-1, in.read());
            writer.join();
            assertEquals(List.of(), failures);
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void closeReleasesConnectionsThatAreStillOpen(String provider) throws Exception {
        LoopEchoServer server = start(provider);
        try (Socket s = new Socket("127.0.0.1", server.addr().getPort())) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(42);
            assertEquals(42, s.getInputStream().read());
            server.close();
            server.awaitClosed();
            assertEquals(-1, s.getInputStream().read());
            assertEquals(0, server.connections());
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void badAddressesFailClearly(String provider) {
        NetpollProvider p = Netpoll.provider(provider);
        IOException e = assertThrows(IOException.class, () -> LoopEchoServer.start(p, "127.0.0.1:http", x -> { }));
        assertTrue(e.getMessage().contains("bad port http"), e.getMessage());
        assertThrows(IOException.class, () -> LoopEchoServer.start(p, "127.0.0.1", x -> { }));
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aPortInUseFailsAndLeavesNothingOpen(String provider) throws Exception {
        try (LoopEchoServer first = start(provider)) {
            NetpollProvider p = Netpoll.provider(provider);
            IOException e = assertThrows(IOException.class, () -> LoopEchoServer.start(p, first.hostPort(), x -> { }));
            assertTrue(e.getMessage().contains("address already in use"), e.getMessage());
            // Measured on a second attempt, when every class on the path is loaded: the poller and the
            // socket of a failed start are closed again. Only sockets, pipes and poller descriptors are
            // counted (the JVM opens jar files as it likes), and the count may still fall as a thread of
            // an earlier test finishes closing its own, so the check waits for it not to exceed before.
            long before = openDescriptors();
            assertThrows(IOException.class, () -> LoopEchoServer.start(p, first.hostPort(), x -> { }));
            assertTrue(eventually(() -> openDescriptors() <= before),
                    () -> "a failed start left descriptors open: " + before + " before, " + openDescriptors() + " after");
        }
    }

    /** Open descriptors that are not files on disk: sockets, pipes, epoll and eventfd instances. */
    private static long openDescriptors() {
        try (Stream<java.nio.file.Path> fds = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return !java.nio.file.Files.readSymbolicLink(fd).toString().startsWith("/");
                } catch (IOException e) {
                    return false; // closed while we looked
                }
            }).count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] pattern(int size, int seed) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + seed + (i >>> 8));
        }
        return b;
    }

    private static boolean eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }
}
