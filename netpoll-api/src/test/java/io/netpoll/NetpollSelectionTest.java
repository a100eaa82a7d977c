package io.netpoll;

import io.netpoll.ctx.ContextLoaderProvider;
import io.netpoll.ctx.ListProviders;
import io.netpoll.spi.Availability;
import io.netpoll.spi.NetpollProvider;
import io.netpoll.spi.Poller;
import io.netpoll.spi.Sockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetpollSelectionTest {

    @Test
    void unknownNameFailsWithItsName() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Netpoll.select("nosuch"));
        assertTrue(e.getMessage().startsWith("no netpoll provider named nosuch"), e.getMessage());
    }

    /** A named provider that is missing fails the same way on every call, never as an init error. */
    @Test
    @Timeout(60)
    void missingNamedProviderFailsLoudlyOnEveryCall() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Dnetpoll.provider=nosuch",
                "-cp", System.getProperty("java.class.path"), TwoCalls.class.getName())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(50, TimeUnit.SECONDS), "child JVM did not exit");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(List.of(
                "IllegalStateException: no netpoll provider named nosuch; found []; " + Netpoll.ARTIFACTS_HINT,
                "IllegalStateException: no netpoll provider named nosuch; found []; " + Netpoll.ARTIFACTS_HINT),
                out.lines().toList(), out);
    }

    /** Automatic selection with nothing available names each provider with its reason, and what to add. */
    @Test
    void noneAvailableListsEveryReasonAndTheArtifacts() {
        Throwable jna = new NoClassDefFoundError("com/sun/jna/Native");
        Throwable seccomp = new IOException("epoll_create1: operation not permitted");
        List<NetpollProvider> found = List.of(
                new Named("epoll", Availability.no("JNA is not on the class path", jna)),
                new Named("kqueue", Availability.no("kqueue: not available on Linux")),
                new Named("other", Availability.no("probe failed", seccomp)));
        IllegalStateException e = Netpoll.noneAvailable(found);
        assertEquals("no netpoll provider is available; found ["
                + "epoll (unavailable: JNA is not on the class path: java.lang.NoClassDefFoundError: com/sun/jna/Native), "
                + "kqueue (unavailable: kqueue: not available on Linux), "
                + "other (unavailable: probe failed: java.io.IOException: epoll_create1: operation not permitted)]; "
                + "add io.netpoll:netpoll-nio-fallback (runs everywhere the JDK runs), or the native provider for"
                + " this OS: io.netpoll:netpoll-epoll (Linux), io.netpoll:netpoll-kqueue (macOS, FreeBSD; both need JNA)",
                e.getMessage());
        assertEquals(jna, e.getCause());
        assertArrayEquals(new Throwable[]{seccomp}, e.getSuppressed());
    }

    @Test
    void noProviderAtAllSaysSoAndNamesTheArtifacts() {
        IllegalStateException e = Netpoll.noneAvailable(List.of());
        assertEquals("no netpoll provider found on the class path or module path; " + Netpoll.ARTIFACTS_HINT, e.getMessage());
    }

    /**
     * A provider that only the thread's context class loader sees (a plugin or container loader) is
     * found; without that loader it is not. Each run is a fresh JVM, since providers are looked up once.
     */
    @Test
    @Timeout(120)
    void contextClassLoaderProvidersAreFound(@TempDir Path dir) throws Exception {
        Path main = Files.createDirectories(dir.resolve("main"));
        Path plugin = Files.createDirectories(dir.resolve("plugin"));
        copyClass(ListProviders.class, main);
        copyClass(ContextLoaderProvider.class, plugin);
        Path services = Files.createDirectories(plugin.resolve("META-INF/services"));
        Files.writeString(services.resolve(NetpollProvider.class.getName()), ContextLoaderProvider.class.getName() + "\n");

        String withLoader = runChild(main, plugin.toString());
        assertEquals(List.of(
                "found context-test from URLClassLoader",
                "no netpoll provider is available; found [context-test (unavailable: " + ContextLoaderProvider.REASON
                        + ": java.lang.UnsupportedOperationException: never runs)]; " + Netpoll.ARTIFACTS_HINT,
                "cause java.lang.UnsupportedOperationException: never runs"), withLoader.lines().toList(), withLoader);

        String without = runChild(main, null);
        assertEquals(List.of(
                "no netpoll provider found on the class path or module path; " + Netpoll.ARTIFACTS_HINT,
                "cause null"), without.lines().toList(), without);
    }

    /** Runs ListProviders on a class path of netpoll-api's classes and {@code main} only. */
    private static String runChild(Path main, String pluginFolder) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String api = Path.of(Netpoll.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", api + File.pathSeparator + main,
                ListProviders.class.getName()));
        if (pluginFolder != null) {
            command.add(pluginFolder);
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(p.waitFor(100, TimeUnit.SECONDS), "child JVM did not exit");
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }

    private static void copyClass(Class<?> c, Path root) {
        String file = c.getName().replace('.', '/') + ".class";
        try (InputStream in = c.getClassLoader().getResourceAsStream(file)) {
            Path target = root.resolve(file);
            Files.createDirectories(target.getParent());
            Files.write(target, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A provider that is only a name and an availability. */
    private record Named(String name, Availability availability) implements NetpollProvider {
        @Override
        public int priority() {
            return 0;
        }

        @Override
        public Poller openPoller() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Sockets sockets() {
            throw new UnsupportedOperationException();
        }
    }

    /** Runs in the child JVM. */
    public static final class TwoCalls {
        public static void main(String[] args) {
            for (int i = 0; i < 2; i++) {
                try {
                    System.out.println("selected " + Netpoll.provider().name());
                } catch (RuntimeException | Error e) {
                    System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
            System.out.flush();
        }
    }
}
