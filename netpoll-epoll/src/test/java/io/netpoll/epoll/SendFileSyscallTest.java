package io.netpoll.epoll;

import io.netpoll.net.Net;
import io.netpoll.net.TCPConn;
import io.netpoll.net.TCPListener;
import io.netpoll.tck.Programs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * On epoll, {@code transferFrom(Path)} is Go's sendfile, not a copy through user space: a child JVM
 * sends a {@value #SIZE}-byte file under {@code strace -f -c}, and sendfile(2) carries the file's bytes
 * (a copy would read(2) the file and send them with send(2), and make no sendfile call at all). Needs
 * strace; without it the test is skipped.
 */
class SendFileSyscallTest {

    static final int SIZE = 4 << 20;

    @Test
    void aFileGoesThroughSendfile(@TempDir Path dir) throws Exception {
        Path strace = Programs.onPath("strace");
        assumeTrue(strace != null, "strace is not installed");
        Path file = dir.resolve("payload");
        byte[] data = new byte[SIZE];
        new Random(1).nextBytes(data);
        Files.write(file, data);
        Path out = dir.resolve("sendfile.strace");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = List.of(strace.toString(), "-f", "-qq", "-c", "-o", out.toString(),
                "-e", "trace=sendfile,sendfile64", java.toString(), "--enable-native-access=ALL-UNNAMED",
                "-Dnetpoll.provider=epoll", "-cp", System.getProperty("java.class.path"),
                Workload.class.getName(), file.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the traced workload did not finish");
        assertEquals(0, p.exitValue(), log);
        assertTrue(log.contains("sent " + SIZE), log);
        long calls = 0;
        for (String line : Files.readAllLines(out)) {
            String[] f = line.trim().split("\\s+");
            // % time, seconds, usecs/call, calls, [errors,] syscall
            if (f.length >= 5 && f[0].matches("[0-9.]+") && f[3].matches("[0-9]+") && f[f.length - 1].startsWith("sendfile")) {
                calls += Long.parseLong(f[3]);
            }
        }
        assertTrue(calls > 0, "sendfile(2) ran " + calls + " times for a " + SIZE + "-byte file:\n"
                + String.join("\n", Files.readAllLines(out)));
    }

    /** The traced child: sends the file named by its argument over loopback and checks every byte arrived. */
    public static final class Workload {
        public static void main(String[] args) throws Exception {
            Path file = Path.of(args[0]);
            byte[] want = Files.readAllBytes(file);
            try (TCPListener ln = (TCPListener) Net.listen("tcp", "127.0.0.1:0");
                 TCPConn c = (TCPConn) Net.dial("tcp", "127.0.0.1:" + ((InetSocketAddress) ln.addr()).getPort());
                 TCPConn s = ln.accept()) {
                Thread sender = Thread.ofVirtual().start(() -> {
                    try {
                        System.out.println("sent " + c.transferFrom(file));
                        c.closeWrite();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                byte[] got = s.inputStream().readAllBytes();
                sender.join();
                if (!java.util.Arrays.equals(want, got)) {
                    throw new IllegalStateException("received " + got.length + " bytes, not the file's " + want.length);
                }
            }
        }
    }
}
