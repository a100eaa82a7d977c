package io.netpoll.bench;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The two JNA calls netpoll-posix makes around each read(2) or write(2) besides the syscall itself:
 * the address of a direct buffer ({@code Native.getDirectBufferPointer}, a JNI call that returns a new
 * {@link Pointer}) and, after a failure such as EAGAIN, errno ({@code Native.getLastError}, a JNI
 * call). What they cost is part of what separates the read/write and would-block rows from the JDK's.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class JnaCallsBenchmark {

    private final ByteBuffer buffer = ByteBuffer.allocateDirect(64);

    @Benchmark
    public long directBufferAddress() {
        return Pointer.nativeValue(Native.getDirectBufferPointer(buffer));
    }

    @Benchmark
    public int lastError() {
        return Native.getLastError();
    }
}
