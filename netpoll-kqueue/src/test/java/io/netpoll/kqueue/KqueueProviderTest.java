package io.netpoll.kqueue;

import io.netpoll.Netpoll;
import io.netpoll.posix.internal.Libc;
import io.netpoll.posix.internal.NativeBinding;
import io.netpoll.spi.NetpollProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The provider as selection sees it: found by ServiceLoader, its probe a real round trip, and on Linux
 * without the shim unavailable with the exact cause, never a crash (checked in child JVMs, since the
 * probe runs once per JVM).
 */
class KqueueProviderTest {

    @Test
    @ExtendWith(KqueueShim.class)
    void selectedByNameAndAvailableAfterARealRoundTrip() throws Exception {
        NetpollProvider p = Netpoll.provider();
        assertEquals("kqueue", p.name());
        assertTrue(p.availability().available(), p.availability().toString());
        assertTrue(Netpoll.providers().stream().anyMatch(q -> q instanceof KqueueProvider));
        assertTrue(KqueueProvider.Probe.roundTrip(KqueueProvider.Target.current().table()).available(),
                "the round trip passes again");
    }

    @Test
    void linuxWithoutTheShimIsUnavailableWithTheExactCause() throws Exception {
        assumeTrue(System.getProperty("os.name").equals("Linux"), "a Linux fact");
        assertEquals("unavailable: kqueue: not available on Linux", availabilityInChildJvm(List.of()));
    }

    @Test
    void aLibraryWithoutKqueueIsUnavailableWithTheBindingsSymbolError() throws Exception {
        assumeTrue(System.getProperty("os.name").equals("Linux"), "glibc has no kqueue");
        String out = availabilityInChildJvm(List.of("-D" + KqueueProvider.LIBRARY_PROPERTY + "=c",
                "-D" + KqueueProvider.ABI_PROPERTY + "=freebsd", "-D" + NativeBinding.PROPERTY + "=" + Libc.binding()));
        String want = Libc.binding().equals(NativeBinding.FFM)
                ? "unavailable: kqueue: native calls through FFM failed: "
                        + "java.lang.UnsatisfiedLinkError: no function 'kqueue' in the C library"
                : "unavailable: kqueue: native calls through JNA failed: "
                        + "java.lang.UnsatisfiedLinkError: Error looking up function 'kqueue'";
        assertTrue(out.startsWith(want), out);
    }

    @Test
    void targetResolution() {
        KqueueProvider.Target mac = KqueueProvider.Target.resolve("Mac OS X", "aarch64", null, null);
        assertSame(KqueueTable.DARWIN, mac.table());
        assertEquals("c", mac.library());
        assertSame(KqueueTable.FREEBSD, KqueueProvider.Target.resolve("FreeBSD", "amd64", " ", null).table());
        assertEquals(new KqueueProvider.Target("/tmp/shim.so", KqueueTable.DARWIN),
                KqueueProvider.Target.resolve("Linux", "amd64", "/tmp/shim.so", "darwin"));
        assertEquals("kqueue: not available on Linux", assertThrows(UnsupportedOperationException.class,
                () -> KqueueProvider.Target.resolve("Linux", "amd64", null, null)).getMessage());
        assertEquals("kqueue: no struct kevent layout for Windows 11/amd64",
                assertThrows(UnsupportedOperationException.class,
                        () -> KqueueProvider.Target.resolve("Windows 11", "amd64", null, null)).getMessage());
        assertEquals("kqueue: no struct kevent layout for FreeBSD/i386",
                assertThrows(UnsupportedOperationException.class,
                        () -> KqueueProvider.Target.resolve("FreeBSD", "i386", null, null)).getMessage());
        assertEquals("kqueue: -Dnetpoll.kqueue.library=/x.so needs -Dnetpoll.kqueue.abi=darwin or freebsd, "
                        + "not 'solaris'",
                assertThrows(UnsupportedOperationException.class,
                        () -> KqueueProvider.Target.resolve("Linux", "amd64", "/x.so", "solaris")).getMessage());
        assertEquals("kqueue: -Dnetpoll.kqueue.library=/x.so needs -Dnetpoll.kqueue.abi=darwin or freebsd",
                assertThrows(UnsupportedOperationException.class,
                        () -> KqueueProvider.Target.resolve("Linux", "amd64", "/x.so", null)).getMessage());
    }

    /** Runs {@link PrintAvailability} in a fresh JVM with this class path and returns its one line. */
    private static String availabilityInChildJvm(List<String> properties) throws IOException, InterruptedException {
        Path out = Files.createTempFile("kqueue-availability", ".txt");
        try {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("--enable-native-access=ALL-UNNAMED");
            cmd.addAll(properties);
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(PrintAvailability.class.getName());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            try {
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish in 60 s");
            } finally {
                p.destroyForcibly();
            }
            List<String> lines = Files.readAllLines(out);
            assertEquals(0, p.exitValue(), "child JVM: " + lines);
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
