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
     * FFM captures errno per Java thread: a virtual thread that parks between a failing call and
     * {@code errno()}, while other virtual threads fail other calls on the same carriers, still reads
     * its own errno. (JNA keeps errno per carrier, which is why callers read it before anything that
     * can park.)
     */
    @Test
    void ffmErrnoIsTheThreadsOwnAcrossParks() throws Exception {
        assumeTrue(Libc.binding().equals(NativeBinding.FFM), "FFM only");
        AtomicReference<String> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 32; t++) {
            boolean odd = (t & 1) == 1;
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 2_000 && failure.get() == null; i++) {
                    int want;
                    if (odd) {
                        Libc.close(-1);
                        want = T.EBADF();
                    } else {
                        Libc.socket(-1, T.SOCK_STREAM(), 0);
                        want = T.EAFNOSUPPORT();
                    }
                    Thread.yield();
                    int got = Libc.errno();
                    if (got != want) {
                        failure.compareAndSet(null, "round " + i + ": errno " + got + ", not " + want);
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertNull(failure.get());
    }
}
