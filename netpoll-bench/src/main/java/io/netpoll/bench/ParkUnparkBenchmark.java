package io.netpoll.bench;

import io.netpoll.Netpoll;
import io.netpoll.runtime.FD;
import io.netpoll.runtime.PollServer;
import io.netpoll.spi.Family;
import io.netpoll.spi.SocketType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A park/unpark round trip through the poller: the benchmark thread writes one byte over TCP loopback
 * and waits for it to come back. On the other end a virtual thread is parked in a blocking read; the
 * byte makes the poller unpark it, it reads, writes the byte back and parks again. So each operation
 * is one blocked read that a poller ends, plus a write each way.
 *
 * <p>The echoing end is, by {@code impl}: netpoll4j's {@link FD} on the {@code epoll} or {@code nio}
 * provider (read → EAGAIN → park on the PollDesc → the poller thread's event unparks it → read), or
 * the JDK's blocking {@link SocketChannel}, parked by the JDK's own poller. The benchmark thread's end
 * is the same in all three: a blocking JDK {@code SocketChannel} on a platform thread, which blocks in
 * the kernel, not in any poller.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ParkUnparkBenchmark {

    @Param({"netpoll-epoll", "netpoll-nio", "jdk"})
    String impl;

    private SocketChannel client;
    private Thread echo;
    private final ByteBuffer out = ByteBuffer.allocateDirect(1);
    private final ByteBuffer in = ByteBuffer.allocateDirect(1);

    /** netpoll4j's FD as the channel the echoing thread uses. */
    private record FdChannel(FD fd) implements ByteChannel {
        @Override
        public int read(ByteBuffer dst) throws IOException {
            return fd.read(dst);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return fd.write(src);
        }

        @Override
        public boolean isOpen() {
            return fd.isOpen();
        }

        @Override
        public void close() throws IOException {
            fd.close();
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        ByteChannel server;
        if (impl.equals("jdk")) {
            try (ServerSocketChannel listener = ServerSocketChannel.open()) {
                listener.bind(loopback);
                client = SocketChannel.open(listener.getLocalAddress());
                SocketChannel c = listener.accept();
                c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                server = c;
            }
        } else {
            PollServer poll = PollServer.of(Netpoll.provider(impl.substring("netpoll-".length())));
            try (FD listener = FD.socket(poll, Family.INET, SocketType.STREAM)) {
                listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                listener.bind(loopback);
                listener.listen(0);
                client = SocketChannel.open(listener.localAddress());
                FD c = listener.accept();
                c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                server = new FdChannel(c);
            }
        }
        client.setOption(StandardSocketOptions.TCP_NODELAY, true);
        echo = Thread.ofVirtual().name("echo-" + impl).start(() -> {
            ByteBuffer b = ByteBuffer.allocateDirect(64);
            try (server) {
                for (;;) {
                    b.clear();
                    if (server.read(b) < 0) {
                        return;
                    }
                    b.flip();
                    while (b.hasRemaining()) {
                        server.write(b);
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("echo failed", e);
            }
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException, InterruptedException {
        client.close();
        if (!echo.join(Duration.ofSeconds(10))) {
            throw new IllegalStateException("the echo thread did not end after the client closed");
        }
    }

    @Benchmark
    public int roundTrip() throws IOException {
        out.clear();
        out.put(0, (byte) 1);
        client.write(out);
        in.clear();
        while (in.hasRemaining()) {
            if (client.read(in) < 0) {
                throw new EOFException();
            }
        }
        return in.get(0);
    }
}
