package io.netpoll.cli;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shaded {@code netpoll.jar} alone runs the command, HdrHistogram included. Runs after package. */
@Tag("netpoll-jar")
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NetpollJarIT {

    private static Path jar() {
        String p = System.getProperty("netpoll.cli.jar");
        assertNotNull(p, "netpoll.cli.jar is not set: run the tests through Maven (see netpoll-cli/pom.xml)");
        Path jar = Path.of(p);
        assertTrue(Files.isRegularFile(jar), () -> jar + " is missing: the *IT tests run after package");
        return jar;
    }

    @Test
    void holdsHdrHistogram() throws Exception {
        try (JarFile j = new JarFile(jar().toFile())) {
            assertNotNull(j.getEntry("org/HdrHistogram/Histogram.class"), "no HdrHistogram in " + jar());
        }
    }

    @Test
    void benchRunsFromTheJarAlone() throws Exception {
        Jvms.Result r = Jvms.run(List.of(Jvms.javaBinary(), "-jar", jar().toString(), "bench", "--provider", "nio",
                "--conns", "2", "--duration", "1", "--warmup", "0"), Duration.ofSeconds(120));
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(Pattern.compile("(?m)^nio +2 +64 +[\\d,]+ +[\\d.]+ +[\\d.]+ +1\\.00$").matcher(r.stdout()).find(), r::toString);
        assertFalse(r.stderr().contains("WARNING"), () -> "warnings on stderr\n" + r);
    }
}
