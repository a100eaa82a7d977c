package io.netpoll.bench;

import io.netpoll.Netpoll;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * A read on a connected socket with nothing to read: the first syscall of every read that blocks.
 * netpoll-posix pays read(2) plus fetching errno, on the FFM and on the JNA binding (each in a fork of
 * its own), and returns {@code WOULD_BLOCK}; the JDK's non-blocking {@code SocketChannel} returns 0.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class WouldBlockBenchmark {

    private static final String ACCESS = "--enable-native-access=ALL-UNNAMED";

    private LoopbackPair.Handles posix;
    private LoopbackPair.Channels jdk;
    private final ByteBuffer dst = ByteBuffer.allocateDirect(64);

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        posix = LoopbackPair.of(Netpoll.provider("epoll").sockets());
        jdk = LoopbackPair.jdk();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        posix.close();
        jdk.close();
    }

    @Benchmark
    @Fork(jvmArgsAppend = {ACCESS, "-Dnetpoll.posix.binding=ffm"})
    public int netpollFfm() throws IOException {
        return netpollPosix();
    }

    @Benchmark
    @Fork(jvmArgsAppend = {ACCESS, "-Dnetpoll.posix.binding=jna"})
    public int netpollJna() throws IOException {
        return netpollPosix();
    }

    private int netpollPosix() throws IOException {
        dst.clear();
        return posix.sockets().read(posix.b(), dst);
    }

    @Benchmark
    public int jdkSocketChannel() throws IOException {
        dst.clear();
        return jdk.b().read(dst);
    }
}
