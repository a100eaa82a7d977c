package io.netpoll.bench;

import io.netpoll.net.Net;
import io.netpoll.net.TCPConn;
import io.netpoll.net.TCPListener;
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
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Many small spliced transfers, as a proxy forwarding short messages makes them: a message written into
 * one TCP connection, moved by {@code transferFrom(src, size)} into another inside the kernel (epoll's
 * splice), and read whole at the far end. {@code pooled} takes the kernel pipe from the provider's pool;
 * {@code unpooled} runs with the pool off ({@code -Dnetpoll.splicePipePool=0}), so every transfer makes
 * a pipe ({@code pipe2}, {@code fcntl(F_SETPIPE_SZ)}) and closes it, as each transfer did before the pool.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SmallSpliceBenchmark {

    @Param({"64", "4096"})
    int size;

    private TCPListener ln;
    private TCPConn inClient;
    private TCPConn inServer;
    private TCPConn outClient;
    private TCPConn outServer;
    private byte[] message;
    private byte[] received;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        ln = (TCPListener) Net.listen("tcp", "127.0.0.1:0");
        String addr = "127.0.0.1:" + ((InetSocketAddress) ln.addr()).getPort();
        inClient = (TCPConn) Net.dial("tcp", addr);
        inServer = ln.accept();
        outClient = (TCPConn) Net.dial("tcp", addr);
        outServer = ln.accept();
        message = new byte[size];
        received = new byte[size];
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        for (java.io.Closeable c : new java.io.Closeable[] {inClient, inServer, outClient, outServer, ln}) {
            c.close();
        }
    }

    private int transfer() throws IOException {
        inClient.write(message);
        if (outClient.transferFrom(inServer, size) != size) {
            throw new EOFException();
        }
        for (int n = 0; n < size; ) {
            int r = outServer.read(received, n, size - n);
            if (r < 0) {
                throw new EOFException();
            }
            n += r;
        }
        return received[size - 1];
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Dnetpoll.provider=epoll"})
    public int pooled() throws IOException {
        return transfer();
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Dnetpoll.provider=epoll",
            "-Dnetpoll.splicePipePool=0"})
    public int unpooled() throws IOException {
        return transfer();
    }
}
