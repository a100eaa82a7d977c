package io.netpoll;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
                "IllegalStateException: no netpoll provider named nosuch; found []",
                "IllegalStateException: no netpoll provider named nosuch; found []"), out.lines().toList(), out);
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
