package io.netpoll.bench;

import io.netpoll.Netpoll;
import io.netpoll.spi.Sockets;
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
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * One message written on one end of a TCP loopback pair and read whole on the other, from and into
 * direct buffers: netpoll-posix's {@code write}/{@code read} (one native call each, the buffer's
 * address passed as a long), on the FFM and on the JNA binding (each in a fork of its own, as a JVM
 * runs one), against the JDK's non-blocking {@link SocketChannel} on the same kind of pair. Neither side waits in a poller; a read that finds nothing yet is retried.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ReadWriteBenchmark {

    private static final String ACCESS = "--enable-native-access=ALL-UNNAMED";

    @Param({"64", "16384"})
    int size;

    private LoopbackPair.Handles posix;
    private LoopbackPair.Channels jdk;
    private ByteBuffer src;
    private ByteBuffer dst;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        posix = LoopbackPair.of(Netpoll.provider("epoll").sockets());
        jdk = LoopbackPair.jdk();
        src = LoopbackPair.message(size);
        dst = ByteBuffer.allocateDirect(size);
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
        Sockets s = posix.sockets();
        src.clear();
        while (src.hasRemaining()) {
            s.write(posix.a(), src);
        }
        dst.clear();
        while (dst.hasRemaining()) {
            if (s.read(posix.b(), dst) == Sockets.EOF) {
                throw new EOFException();
            }
        }
        return dst.get(size - 1);
    }

    @Benchmark
    public int jdkSocketChannel() throws IOException {
        src.clear();
        while (src.hasRemaining()) {
            jdk.a().write(src);
        }
        dst.clear();
        while (dst.hasRemaining()) {
            if (jdk.b().read(dst) < 0) {
                throw new EOFException();
            }
        }
        return dst.get(size - 1);
    }
}
