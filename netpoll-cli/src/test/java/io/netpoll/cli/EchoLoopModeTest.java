package io.netpoll.cli;

import io.netpoll.Netpoll;
import io.netpoll.spi.NetpollProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code netpoll echo --mode loop} in its own JVM, on every provider available here. */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EchoLoopModeTest {

    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) \\(provider (\\S+)\\)");

    static Stream<String> providers() {
        return Netpoll.providers().stream().filter(p -> p.availability().available()).map(NetpollProvider::name);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void loopModeEchoesAndStopsCleanlyOnSigterm(String provider) throws Exception {
        Process p = new ProcessBuilder(Jvms.classPathCommand(List.of(),
                "echo", "--addr", "127.0.0.1:0", "--mode", "loop", "--provider", provider)).start();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Jvms.drain(p.getErrorStream(), err);
        BlockingQueue<String> lines = new ArrayBlockingQueue<>(100);
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // The child ended.
            }
        });
        try {
            String first = lines.poll(120, TimeUnit.SECONDS);
            assertNotNull(first, () -> "no output from echo; stderr: " + err);
            Matcher m = LISTENING.matcher(first);
            assertTrue(m.matches(), first);
            assertEquals(provider, m.group(2));

            byte[] payload = "hello, event loop\n".repeat(3000).getBytes(StandardCharsets.UTF_8);
            try (Socket s = new Socket("127.0.0.1", Integer.parseInt(m.group(1)))) {
                s.setSoTimeout(30_000);
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                for (int round = 0; round < 3; round++) {
                    out.write(payload);
                    assertArrayEquals(payload, in.readNBytes(payload.length));
                }
                Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).inheritIO().start();
                assertTrue(kill.waitFor(30, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -TERM failed");
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "echo did not stop on SIGTERM");
                assertEquals(0, p.exitValue(), () -> "stderr: " + err);
                assertEquals("stopped", lines.poll(10, TimeUnit.SECONDS));
                // The loop closed the open connection on its way out.
                assertEquals(-1, in.read());
            }
        } finally {
            p.destroyForcibly();
        }
    }

    /**
     * Out of descriptors: accept fails with EMFILE while connections stay queued. The loop reports it,
     * keeps serving, and retries with backoff, so once descriptors are free again the queued and new
     * connections are served, although no new readiness edge announces them.
     */
    @ParameterizedTest
    @MethodSource("providers")
    void acceptErrorsAreReportedAndRetried(String provider) throws Exception {
        List<String> java = Jvms.classPathCommand(List.of(),
                "echo", "--addr", "127.0.0.1:0", "--mode", "loop", "--provider", provider);
        // bash's ulimit -n lowers the hard limit too, which the JVM would otherwise raise the soft one to.
        String command = "ulimit -n 64 && exec " + java.stream().map(a -> "'" + a + "'").collect(Collectors.joining(" "));
        Process p = new ProcessBuilder("bash", "-c", command).start();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Jvms.drain(p.getErrorStream(), err);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<Socket> flood = new ArrayList<>();
        try {
            String first = out.readLine();
            assertNotNull(first, () -> "no output from echo; stderr: " + err);
            Matcher m = LISTENING.matcher(first);
            assertTrue(m.matches(), first);
            int port = Integer.parseInt(m.group(1));
            // Loading a class takes a descriptor too, when the class path has folders: a reset
            // connection first makes the provider load its error path while descriptors are left.
            try (Socket reset = new Socket("127.0.0.1", port)) {
                reset.setSoTimeout(30_000);
                reset.getOutputStream().write(1);
                assertEquals(1, reset.getInputStream().read());
                reset.setSoLinger(true, 0);
            }
            for (int i = 0; i < 80; i++) {
                Socket s = new Socket("127.0.0.1", port);
                s.setSoTimeout(30_000);
                s.getOutputStream().write(i);
                flood.add(s);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!err.toString(StandardCharsets.UTF_8).contains("too many open files") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("netpoll echo: "), () -> "stderr: " + err);
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("too many open files"), () -> "stderr: " + err);
            // The accepted connections get their byte back; the others wait in the backlog. Wait until
            // the count of echoed ones holds still.
            for (int echoed = -1, n; ; echoed = n) {
                Thread.sleep(250);
                n = echoed(flood);
                if ((n > 0 && n == echoed) || System.nanoTime() > deadline) {
                    break;
                }
            }
            List<Socket> queued = new ArrayList<>();
            for (Socket s : flood) {
                if (s.getInputStream().available() > 0) {
                    s.close();
                } else {
                    queued.add(s);
                }
            }
            assertTrue(!queued.isEmpty() && queued.size() < flood.size(), "queued: " + queued.size());
            // No new connection arrives to announce them: only the retry accepts the queued ones. Each is
            // closed once served, so the descriptor it frees is there for the next, however few the JVM
            // left the server (its class path's jars hold one each).
            for (int i = 0; i < queued.size(); i++) {
                Socket s = queued.get(i);
                assertEquals(flood.indexOf(s), s.getInputStream().read(), "echo on queued connection " + i);
                s.close();
            }
            assertTrue(p.isAlive(), () -> "stderr: " + err);
        } finally {
            for (Socket s : flood) {
                s.close();
            }
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static int echoed(List<Socket> sockets) throws IOException {
        int n = 0;
        for (Socket s : sockets) {
            if (s.getInputStream().available() > 0) {
                n++;
            }
        }
        return n;
    }

    @Test
    void anUnknownModeIsAUsageError() {
        Cli r = Cli.run("echo", "--addr", "127.0.0.1:0", "--mode", "threads");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("vt, loop"), r::toString);
    }

    @Test
    void loopModeOnABadAddressFailsWithTheCause() {
        Cli r = Cli.run("echo", "--addr", "127.0.0.1:99999", "--mode", "loop");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("netpoll echo: "), r::toString);
        assertTrue(r.err().contains("99999"), r::toString);
    }
}
