package io.netpoll.kqueue;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Gives a test class a kqueue to run on. On macOS and FreeBSD that is the real one. On Linux it is
 * the test-only shim ({@code src/test/c/kqshim.c}: kqueue and kevent over epoll and eventfd), built
 * here with gcc into the library that {@code -Dnetpoll.kqueue.library} names, speaking the
 * {@code struct kevent} layout that {@code -Dnetpoll.kqueue.abi} names; the module's pom sets both,
 * and {@code -Dnetpoll.kqueue.shimSource} for the source. Without gcc the class is skipped, saying
 * so; a shim that fails to compile fails the class.
 *
 * <p>What the shim proves: the provider's JNA binding, its {@code struct kevent} codec and stride
 * for the named layout, its registration, wakeup, EOF and error rules and its poller state machine,
 * under the whole conformance kit, with sockets that are Linux sockets. What it cannot: anything of
 * the BSD kernels themselves (their socket readiness rules, EV_EOF and fflags on a reset, errno
 * numbers, EVFILT_USER races, Darwin's socket options).
 */
public final class KqueueShim implements ExecutionCondition {

    static final String SOURCE_PROPERTY = "netpoll.kqueue.shimSource";

    private static final Object LOCK = new Object();
    private static ConditionEvaluationResult result;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        synchronized (LOCK) {
            if (result == null) {
                result = prepare();
                System.out.println("kqueue tests: " + result.getReason().orElse(""));
            }
            return result;
        }
    }

    /** True when the tests of this JVM run on the shim rather than on a real kqueue. */
    static boolean onShim() {
        String library = System.getProperty(KqueueProvider.LIBRARY_PROPERTY);
        return library != null && !library.isBlank();
    }

    private static ConditionEvaluationResult prepare() {
        String os = System.getProperty("os.name", "");
        if (!onShim()) {
            if (os.toLowerCase(Locale.ROOT).equals("linux")) {
                return ConditionEvaluationResult.disabled("Linux has no kqueue and -D" + KqueueProvider.LIBRARY_PROPERTY
                        + " names no shim");
            }
            return ConditionEvaluationResult.enabled("on the real kqueue of " + os);
        }
        String abi = System.getProperty(KqueueProvider.ABI_PROPERTY, "");
        Path library = Path.of(System.getProperty(KqueueProvider.LIBRARY_PROPERTY));
        Path source = Path.of(System.getProperty(SOURCE_PROPERTY, "src/test/c/kqshim.c"));
        String what = "emulated by the test shim over Linux epoll (" + abi + " struct kevent layout); "
                + "the macOS and FreeBSD kernels are not exercised";
        try {
            if (Files.exists(library)
                    && Files.getLastModifiedTime(library).compareTo(Files.getLastModifiedTime(source)) >= 0) {
                return ConditionEvaluationResult.enabled(what);
            }
            Path gcc = onPath("gcc");
            if (gcc == null) {
                return ConditionEvaluationResult.disabled("gcc is not on the PATH, so the kqueue shim cannot be "
                        + "built: the kqueue provider's shim tests are skipped (install gcc to run them)");
            }
            compile(gcc, abi, source, library);
            return ConditionEvaluationResult.enabled(what);
        } catch (IOException e) {
            throw new IllegalStateException("building the kqueue shim " + library + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the kqueue shim", e);
        }
    }

    private static void compile(Path gcc, String abi, Path source, Path library)
            throws IOException, InterruptedException {
        String macro = switch (abi) {
            case "freebsd" -> "-DKQ_ABI_FREEBSD";
            case "darwin" -> "-DKQ_ABI_DARWIN";
            default -> throw new IllegalStateException("-D" + KqueueProvider.ABI_PROPERTY
                    + " must be darwin or freebsd for the shim, not '" + abi + "'");
        };
        Files.createDirectories(library.toAbsolutePath().getParent());
        Path tmp = library.resolveSibling(library.getFileName() + ".tmp");
        Path log = library.resolveSibling(library.getFileName() + ".log");
        Process p = new ProcessBuilder(List.of(gcc.toString(), "-shared", "-fPIC", "-O2", "-Wall", "-Wextra",
                "-Werror", "-pthread", macro, "-o", tmp.toString(), source.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                throw new IOException("gcc did not finish within 120 s");
            }
        } finally {
            p.destroyForcibly();
        }
        if (p.exitValue() != 0) {
            throw new IOException("gcc exited with " + p.exitValue() + ":\n" + Files.readString(log));
        }
        Files.move(tmp, library, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Path onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
