package io.netpoll.posix.internal;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Which binding runs, and errno on it. */
class NativeBindingTest {

    private static final OsTable T = OsTable.current();

    /** The build runs the tests once per binding and names it: the one named is the one running. */
    @Test
    void theNamedBindingRuns() {
        String named = System.getProperty(NativeBinding.PROPERTY);
        assumeTrue(named != null, "no -D" + NativeBinding.PROPERTY);
        assertEquals(named, Libc.binding());
        assertEquals(named.equals(NativeBinding.FFM) ? "FfmLibc" : "JnaLibc", Libc.CALLS.getClass().getSimpleName());
    }

    @Test
    void selection() {
        assertEquals("jna", NativeBinding.select(null, 21, false));
        assertEquals("jna", NativeBinding.select("", 25, false), "a class-path folder without versions/22");
        assertEquals("ffm", NativeBinding.select(null, 22, true));
        assertEquals("ffm", NativeBinding.select(" FFM ", 25, true));
        assertEquals("jna", NativeBinding.select("jna", 25, true));
        assertEquals("-Dnetpoll.posix.binding=ffm needs JDK 22 or newer, this is JDK 21; "
                + "use -Dnetpoll.posix.binding=jna", refused("ffm", 21, true));
        assertEquals("-Dnetpoll.posix.binding=ffm: the FFM classes are missing (netpoll-posix must be on the path "
                + "as its multi-release jar)", refused("ffm", 25, false));
        assertEquals("-Dnetpoll.posix.binding='panama' is not a binding: use ffm or jna", refused("panama", 25, true));
    }

    private static String refused(String property, int feature, boolean ffmClasses) {
        return assertThrows(IllegalArgumentException.class,
                () -> NativeBinding.select(property, feature, ffmClasses)).getMessage();
    }

    /** A direct buffer's address is its first byte's, wherever its position. */
    @Test
    void addressOfADirectBuffer() {
        ByteBuffer b = ByteBuffer.allocateDirect(64);
        long base = Libc.address(b);
        b.position(10);
        assertEquals(base, Libc.address(b));
        assertEquals(base + 8, Libc.address(b.slice(8, 16)));
        b.put(0, (byte) 42);
        Scratch s = Scratch.acquire();
        try {
            // a byte written from the address arrives: the memory there is the buffer's
            s.buffer.put(Scratch.DATA, (byte) 0);
            assertEquals(0, Libc.socketpair(T.AF_UNIX(), T.SOCK_STREAM(), 0, s.address + Scratch.VALUE));
            int x = s.buffer.getInt(Scratch.VALUE);
            int y = s.buffer.getInt(Scratch.VALUE + 4);
            try {
                assertEquals(1L, Libc.write(x, base, 1));
                assertEquals(1L, Libc.read(y, s.address + Scratch.DATA, 1));
                assertEquals(42, s.buffer.get(Scratch.DATA));
            } finally {
                Libc.close(x);
                Libc.close(y);
            }
        } finally {
            s.release();
        }
    }

    /**
     * errno belongs to the call, on either binding: threads failing different calls at once, more of
     * them than the FFM binding pools capture segments for, virtual ones yielding between calls so that
     * they share and swap carriers, each get their own call's errno.
     */
    @Test
    void errnoIsTheCallsOwnUnderConcurrentCalls() throws Exception {
        AtomicReference<String> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 48; t++) {
            boolean odd = (t & 1) == 1;
            Thread.Builder builder = t < 16 ? Thread.ofPlatform() : Thread.ofVirtual();
            threads.add(builder.start(() -> {
                for (int i = 0; i < 2_000 && failure.get() == null; i++) {
                    int got = odd ? Libc.close(-1) : Libc.socket(-1, T.SOCK_STREAM(), 0);
                    int want = odd ? -T.EBADF() : -T.EAFNOSUPPORT();
                    if (got != want) {
                        failure.compareAndSet(null, "round " + i + ": " + got + ", not " + want);
                    }
                    Thread.yield();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertNull(failure.get());
    }
}
