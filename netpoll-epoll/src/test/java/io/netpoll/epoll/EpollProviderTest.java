package io.netpoll.epoll;

import io.netpoll.Netpoll;
import io.netpoll.posix.internal.Libc;
import io.netpoll.spi.NetpollProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class EpollProviderTest {

    @Test
    void serviceLoaderFindsEpollFirstAndSelectsIt() {
        List<NetpollProvider> all = Netpoll.providers();
        assertEquals("epoll", all.get(0).name(), "highest priority: " + all);
        assertTrue(all.get(0).availability().available());
        assertEquals("available (" + Libc.binding() + ")", all.get(0).availability().toString());
        assertEquals("epoll", Netpoll.provider("epoll").name());
    }

    /** Without JNA on the class path the JNA binding cannot run: epoll must say why, not fail. */
    @Test
    void withoutJnaTheJnaBindingIsUnavailableWithTheCause() throws Exception {
        String out = providersWithoutJna("-Dnetpoll.posix.binding=jna");
        assertTrue(out.contains("epoll unavailable: JNA is not on the class path: java.lang.NoClassDefFoundError: com/sun/jna/"),
                out);
    }

    /** The FFM binding needs no JNA: without it epoll is available, and says on which binding. */
    @Test
    void withoutJnaTheFfmBindingRuns() throws Exception {
        assumeTrue(Runtime.version().feature() >= 22, "FFM needs JDK 22+");
        String out = providersWithoutJna("-Dnetpoll.posix.binding=ffm");
        assertTrue(out.contains("epoll available (ffm)"), out);
        assertTrue(out.contains("nio available"), out);
    }

    /** A binding name that is none: epoll is unavailable and says what the property accepts. */
    @Test
    void anUnknownBindingIsUnavailableWithTheAccepted() throws Exception {
        String out = providersWithoutJna("-Dnetpoll.posix.binding=panama");
        assertTrue(out.contains("epoll unavailable: -Dnetpoll.posix.binding='panama' is not a binding: use ffm or jna"),
                out);
    }

    /** JDK 24+ denying native access: epoll is unavailable and says which grant is missing. */
    @Test
    void deniedNativeAccessIsUnavailableWithTheFlagToGrantIt() throws Exception {
        assumeTrue(Runtime.version().feature() >= 24, "--illegal-native-access is JDK 24+");
        String out = providersWithoutJna("-Dnetpoll.posix.binding=ffm", "--illegal-native-access=deny");
        assertTrue(out.contains("epoll unavailable: native access is not enabled for the class path (ALL-UNNAMED) "
                + "(--enable-native-access): java.lang.IllegalCallerException"), out);
        assertTrue(out.contains("nio available"), out);
    }

    /**
     * Runs {@link NoJna} in a child JVM with this class path less JNA, with native access granted
     * unless {@code --illegal-native-access} is among the options, and returns what it printed.
     */
    private static String providersWithoutJna(String... options) throws Exception {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("jna"))
                .collect(Collectors.joining(File.pathSeparator));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString()));
        if (Arrays.stream(options).noneMatch(o -> o.startsWith("--illegal-native-access"))) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        cmd.addAll(List.of(options));
        cmd.addAll(List.of("-cp", classPath, NoJna.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    /** The child JVM's main. */
    public static final class NoJna {
        public static void main(String[] args) {
            for (NetpollProvider p : Netpoll.providers()) {
                System.out.println(p.name() + " " + p.availability());
            }
        }
    }

    /** The epoll numbers and the epoll_event layout against sys/epoll.h and sys/eventfd.h. */
    @Test
    void tableMatchesTheHeaders(@TempDir Path dir) throws Exception {
        Path cc = compiler();
        assumeTrue(cc != null, "no C compiler on PATH");
        StringBuilder c = new StringBuilder("""
                #include <stdio.h>
                #include <stddef.h>
                #include <sys/epoll.h>
                #include <sys/eventfd.h>
                int main(void) {
                 printf("size=%ld\\n", (long) sizeof(struct epoll_event));
                 printf("dataOffset=%ld\\n", (long) offsetof(struct epoll_event, data));
                """);
        Map<String, Long> expected = new HashMap<>();
        EpollTable layout = EpollProvider.Probe.layout();
        expected.put("size", (long) layout.size());
        expected.put("dataOffset", (long) layout.dataOffset());
        for (Field f : EpollTable.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                expected.put(f.getName(), (long) f.getInt(null));
                c.append(" printf(\"").append(f.getName()).append("=%ld\\n\", (long) ").append(f.getName()).append(");\n");
            }
        }
        c.append(" return 0;\n}\n");
        Path src = dir.resolve("epoll.c");
        Files.writeString(src, c);
        run(dir, cc.toString(), "-o", "epoll", src.toString());
        Map<String, Long> actual = new HashMap<>();
        for (String line : run(dir, dir.resolve("epoll").toString()).split("\n")) {
            String[] kv = line.split("=");
            // EPOLLET is 1u << 31: print as unsigned long, compare as the int bit pattern.
            actual.put(kv[0], (long) (int) Long.parseLong(kv[1].trim()));
        }
        assertEquals(expected.size(), 13);
        assertEquals(expected, actual);
    }

    private static Path compiler() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            for (String name : List.of("cc", "gcc", "clang")) {
                if (Files.isExecutable(Path.of(d, name))) {
                    return Path.of(d, name);
                }
            }
        }
        return null;
    }

    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
