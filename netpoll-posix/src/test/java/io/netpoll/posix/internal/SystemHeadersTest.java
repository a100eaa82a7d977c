package io.netpoll.posix.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Checks this machine's {@link OsTable} against the C headers: a small C program, generated from the
 * table's own method names (which are the C names), prints every constant, size and offset and every
 * errno number, and each must equal the table's value. Needs a C compiler; without one there is
 * nothing to compare against and the test is skipped.
 */
class SystemHeadersTest {

    /** Names a system may lack; the table says 0 for them. */
    private static final Set<String> OPTIONAL = Set.of("SO_NOSIGPIPE", "MSG_NOSIGNAL", "SOCK_NONBLOCK", "SOCK_CLOEXEC");

    private static final Map<String, String> EXPRESSIONS = Map.ofEntries(
            Map.entry("SIZEOF_SOCKADDR_IN", "sizeof(struct sockaddr_in)"),
            Map.entry("SIZEOF_SOCKADDR_IN6", "sizeof(struct sockaddr_in6)"),
            Map.entry("SIZEOF_SOCKADDR_UN", "sizeof(struct sockaddr_un)"),
            Map.entry("SIZEOF_SOCKADDR_STORAGE", "sizeof(struct sockaddr_storage)"),
            Map.entry("SIZEOF_LINGER", "sizeof(struct linger)"),
            Map.entry("SIZEOF_IOVEC", "sizeof(struct iovec)"),
            Map.entry("SIZEOF_IP_MREQ", "sizeof(struct ip_mreq)"),
            Map.entry("SIZEOF_IPV6_MREQ", "sizeof(struct ipv6_mreq)"),
            Map.entry("OFFSETOF_SUN_PATH", "offsetof(struct sockaddr_un, sun_path)"),
            Map.entry("SIZEOF_MSGHDR", "sizeof(struct msghdr)"),
            Map.entry("OFFSETOF_MSG_IOV", "offsetof(struct msghdr, msg_iov)"),
            Map.entry("OFFSETOF_MSG_IOVLEN", "offsetof(struct msghdr, msg_iovlen)"),
            Map.entry("SIZEOF_MSG_IOVLEN", "sizeof(((struct msghdr *) 0)->msg_iovlen)"));

    @Test
    void tableMatchesTheHeaders(@TempDir Path dir) throws Exception {
        Path cc = compiler();
        assumeTrue(cc != null, "no C compiler on PATH");
        OsTable t = OsTable.current();

        StringBuilder c = new StringBuilder("""
                #define _GNU_SOURCE
                #include <stdio.h>
                #include <stddef.h>
                #include <errno.h>
                #include <fcntl.h>
                #include <limits.h>
                #include <sys/socket.h>
                #include <sys/uio.h>
                #include <sys/un.h>
                #include <netinet/in.h>
                #include <netinet/tcp.h>
                int main(void) {
                """);
        Map<String, Long> expected = new HashMap<>();
        for (Method m : OsTable.class.getDeclaredMethods()) {
            String name = m.getName();
            if (!Modifier.isAbstract(m.getModifiers()) || m.getParameterCount() != 0
                    || !name.equals(name.toUpperCase())) {
                continue;
            }
            Object v = m.invoke(t);
            expected.put(name, v instanceof Boolean b ? (b ? 1L : 0L) : ((Integer) v).longValue());
            String expr = EXPRESSIONS.getOrDefault(name, name);
            if (name.equals("SOCKADDR_HAS_LEN")) {
                c.append("#ifdef SIN6_LEN\n printf(\"SOCKADDR_HAS_LEN=1\\n\");\n#else\n printf(\"SOCKADDR_HAS_LEN=0\\n\");\n#endif\n");
            } else if (OPTIONAL.contains(name)) {
                c.append("#ifdef ").append(name).append("\n printf(\"").append(name).append("=%ld\\n\", (long) ")
                        .append(name).append(");\n#else\n printf(\"").append(name).append("=0\\n\");\n#endif\n");
            } else {
                c.append(" printf(\"").append(name).append("=%ld\\n\", (long) (").append(expr).append("));\n");
            }
        }
        for (int n = 1; n < 256; n++) {
            String name = t.errno(n).name();
            if (!name.startsWith("errno ")) {
                expected.put("errno " + name, (long) n);
                c.append(" printf(\"errno ").append(name).append("=%ld\\n\", (long) ").append(name).append(");\n");
            }
        }
        c.append(" return 0;\n}\n");

        Map<String, Long> actual = compileAndRun(cc, dir, c.toString());
        assertTrue(expected.size() > 150, "the table has " + expected.size() + " entries");
        for (Map.Entry<String, Long> e : expected.entrySet()) {
            assertNotNull(actual.get(e.getKey()), e.getKey() + " not printed");
            assertEquals(actual.get(e.getKey()), e.getValue(), e.getKey() + " on " + t.platform());
        }
    }

    static Path compiler() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            for (String name : List.of("cc", "gcc", "clang")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    /** Compiles and runs a C program that prints {@code NAME=value} lines, and parses them. */
    static Map<String, Long> compileAndRun(Path cc, Path dir, String source) throws IOException, InterruptedException {
        Path src = dir.resolve("check.c");
        Path exe = dir.resolve("check");
        Files.writeString(src, source);
        run(List.of(cc.toString(), "-o", exe.toString(), src.toString()), dir);
        Map<String, Long> out = new HashMap<>();
        for (String line : run(List.of(exe.toString()), dir).split("\n")) {
            int eq = line.lastIndexOf('=');
            if (eq > 0) {
                out.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1).trim()));
            }
        }
        return out;
    }

    private static String run(List<String> command, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + command);
        String text = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), command + ":\n" + text);
        return text;
    }
}
