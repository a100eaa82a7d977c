package io.netpoll.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same jars work on the module path and on the class path: the providers are found through
 * {@code module-info} {@code provides} in one case and {@code META-INF/services} in the other, and
 * both find the same ones. On the module path picocli and Guava are explicit modules; the native
 * providers call the C library through FFM from {@code io.netpoll.posix}, which is granted native
 * access by that name, and JNA (an optional module there) is not resolved at all; HdrHistogram is the
 * automatic module {@code HdrHistogram} (named after its jar, its manifest names none).
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ModulePathAndClassPathTest {

    private static final Pattern NIO_AVAILABLE = Pattern.compile("(?m)^[ *] nio +0 +available$");

    @Test
    void bothListNioAsAvailableAndTheSameProviders() throws Exception {
        Jvms.Result onModulePath = Jvms.run(List.of(Jvms.javaBinary(), "--enable-native-access=io.netpoll.posix",
                "--module-path", String.join(File.pathSeparator, Jvms.runtimePath()),
                "-m", "io.netpoll.cli/io.netpoll.cli.Main", "providers"), Duration.ofSeconds(120));
        Jvms.Result onClassPath = Jvms.run(Jvms.classPathCommand(List.of(), "providers"), Duration.ofSeconds(120));

        for (Jvms.Result r : List.of(onModulePath, onClassPath)) {
            assertEquals(0, r.exitCode(), r::toString);
            assertTrue(NIO_AVAILABLE.matcher(r.stdout()).find(), r::toString);
            assertFalse(r.stderr().contains("WARNING"), () -> "warnings on stderr\n" + r);
        }
        assertEquals(onClassPath.stdout(), onModulePath.stdout());
    }

    /** {@code bench} starts its child JVMs on the module path too, each with the parent's options. */
    @Test
    void benchRunsItsChildJvmsOnTheModulePath() throws Exception {
        Jvms.Result r = Jvms.run(List.of(Jvms.javaBinary(), "--enable-native-access=io.netpoll.posix",
                "--module-path", String.join(File.pathSeparator, Jvms.runtimePath()),
                "-m", "io.netpoll.cli/io.netpoll.cli.Main",
                "bench", "--conns", "2", "--duration", "1", "--warmup", "0"), Duration.ofSeconds(240));
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(Pattern.compile("(?m)^nio +2 +64 +[\\d,]+ ").matcher(r.stdout()).find(), r::toString);
        assertFalse(r.stderr().contains("WARNING"), () -> "warnings on stderr\n" + r);
    }
}
