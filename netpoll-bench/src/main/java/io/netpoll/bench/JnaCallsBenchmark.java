package io.netpoll.bench;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.netpoll.posix.internal.Libc;
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
 * What netpoll-posix pays around each read(2) or write(2) besides the kernel's work, on each binding
 * (a binding is chosen once per JVM, so each runs in a fork of its own):
 * <ul>
 * <li>{@code address}: a direct buffer's address ({@code Libc.address}: an identity cache in front of
 * the binding's own way, which on JNA is {@code Native.getDirectBufferPointer}, a JNI call that
 * returns a new {@link Pointer}, measured raw as {@code jnaGetDirectBufferPointer}, and on FFM
 * {@code MemorySegment.ofBuffer});</li>
 * <li>{@code badClose}: the cheapest real system call, {@code close(-1)}, which fails with EBADF and
 * so also reads errno (JNA: a JNI call; FFM: a pooled capture segment): the whole cost of crossing
 * into native code and back through the binding.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class JnaCallsBenchmark {

    private static final String FFM = "-Dnetpoll.posix.binding=ffm";
    private static final String JNA = "-Dnetpoll.posix.binding=jna";
    private static final String ACCESS = "--enable-native-access=ALL-UNNAMED";

    private final ByteBuffer buffer = ByteBuffer.allocateDirect(64);

    @Benchmark
    @Fork(jvmArgsAppend = {ACCESS, FFM})
    public long addressFfm() {
        return Libc.address(buffer);
    }

    @Benchmark
    @Fork(jvmArgsAppend = {ACCESS, JNA})
    public long addressJna() {
        return Libc.address(buffer);
    }

    @Benchmark
    public long jnaGetDirectBufferPointer() {
        return Pointer.nativeValue(Native.getDirectBufferPointer(buffer));
    }

    @Benchmark
    @Fork(jvmArgsAppend = {ACCESS, FFM})
    public int badCloseFfm() {
        return Libc.close(-1);
    }

    @Benchmark
    @Fork(jvmArgsAppend = {ACCESS, JNA})
    public int badCloseJna() {
        return Libc.close(-1);
    }
}
