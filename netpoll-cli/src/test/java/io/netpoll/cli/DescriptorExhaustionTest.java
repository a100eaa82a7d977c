package io.netpoll.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * Descriptor exhaustion, in a child JVM limited to 256 descriptors ({@code prlimit}): the echo
 * server's accept loop gets "too many open files", backs off as Go's net/http server does (5 ms
 * doubling to 1 s, so only a handful of errors in two seconds), keeps serving the connections it has,
 * and accepts again once descriptors are free; a dial fails with Go's text; nothing hangs and no
 * socket is left open.
 */
class DescriptorExhaustionTest {

    private static final Path PRLIMIT = Path.of("/usr/bin/prlimit");

    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    void acceptBacksOffAndRecoversWhenDescriptorsRunOut() throws Exception {
        assumeTrue(Files.isExecutable(PRLIMIT), "no prlimit(1) to lower the child's RLIMIT_NOFILE");
        for (String provider : List.of("epoll", "nio")) {
            List<String> cmd = List.of(PRLIMIT.toString(), "--nofile=256:256", Jvms.javaBinary(),
                    "--enable-native-access=ALL-UNNAMED", "-Dnetpoll.provider=" + provider,
                    "-cp", System.getProperty("java.class.path"), DescriptorExhaustionChild.class.getName());
            long t0 = System.nanoTime();
            Jvms.Result r = Jvms.run(cmd, Duration.ofSeconds(40));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("DescriptorExhaustionTest " + provider + " (" + ms + " ms):\n" + r.stdout());
            assertEquals(0, r.exitCode(), provider + ": " + r);
            Map<String, String> out = new HashMap<>();
            r.stdout().lines().forEach(l -> {
                int i = l.indexOf(": ");
                if (i > 0) {
                    out.put(l.substring(0, i), l.substring(i + 2));
                }
            });
            assertTrue(Pattern.matches("accept tcp 127\\.0\\.0\\.1:\\d+: accept4?: too many open files", out.get("accept-error")),
                    provider + ": the accept loop's error: " + r);
            assertTrue(Pattern.matches("dial tcp 127\\.0\\.0\\.1:\\d+: socket: too many open files", out.get("dial-error")),
                    provider + ": the dial's error: " + r);
            assertEquals("true", out.get("echo-while-exhausted"), provider + ": " + r);
            int errors = Integer.parseInt(out.get("accept-errors-in-2s"));
            assertTrue(errors >= 1 && errors <= 15, provider + ": " + errors + " accept errors in 2 s; with the back-off about 8: " + r);
            assertEquals("true", out.get("queued-served-after-release"), provider + ": " + r);
            String[] sockets = out.get("sockets").split(" -> ");
            assertEquals(sockets[0], sockets[1], provider + ": sockets left open: " + r);
        }
    }
}
