package io.netpoll.cli;

import io.netpoll.net.Conn;
import io.netpoll.net.Net;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EchoTest {

    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) \\(provider (\\S+)\\)");

    @Test
    void serverEchoesOnVirtualThreadsAndCloses() throws Exception {
        InetSocketAddress addr;
        try (EchoServer server = EchoServer.start("127.0.0.1:0", e -> { })) {
            addr = (InetSocketAddress) server.addr();
            assertTrue(server.hostPort().matches("127\\.0\\.0\\.1:\\d+"), server.hostPort());
            List<Thread> clients = new java.util.ArrayList<>();
            List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int i = 0; i < 8; i++) {
                byte[] payload = ("client " + i + " ").repeat(5000).getBytes(StandardCharsets.UTF_8);
                clients.add(Thread.ofVirtual().start(() -> {
                    try (Conn c = Net.dial("tcp", server.hostPort())) {
                        for (int round = 0; round < 3; round++) {
                            c.write(payload);
                            assertArrayEquals(payload, readN(c, payload.length));
                        }
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                }));
            }
            for (Thread t : clients) {
                t.join();
            }
            assertEquals(List.of(), failures);
        }
        assertThrows(ConnectException.class, () -> new Socket(addr.getAddress(), addr.getPort()).close());
    }

    private static byte[] readN(Conn c, int n) throws IOException {
        byte[] b = new byte[n];
        for (int off = 0; off < n; ) {
            int r = c.read(b, off, n - off);
            if (r < 0) {
                throw new IOException("end of stream after " + off + " of " + n);
            }
            off += r;
        }
        return b;
    }

    /** The command in its own JVM: it listens, echoes, and a signal stops it with exit code 0. */
    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT"})
    void echoCommandStopsCleanlyOnASignal(String signal) throws Exception {
        List<String> command = new ArrayList<>(Jvms.classPathCommand(List.of(), "echo", "--addr", "127.0.0.1:0"));
        if (signal.equals("INT") && sigintIgnoredHere()) {
            // A process started with SIGINT ignored (a background job of a script, nohup) passes that on
            // to its children, and the JVM then leaves SIGINT ignored, as Unix expects. Give the child
            // the default disposition so that this test checks the command, not how it was started.
            command.addAll(0, List.of("env", "--default-signal=INT"));
        }
        Process p = new ProcessBuilder(command).start();
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

            byte[] payload = "hello, netpoll\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
            try (Socket s = new Socket("127.0.0.1", Integer.parseInt(m.group(1)))) {
                s.setSoTimeout(30_000);
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                out.write(payload);
                assertArrayEquals(payload, in.readNBytes(payload.length));

                signal(p, signal);
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "echo did not stop on SIG" + signal);
                assertEquals(0, p.exitValue(), () -> "stderr: " + err);
                assertEquals("stopped", lines.poll(10, TimeUnit.SECONDS));
                // The open connection was closed by the server on its way out.
                assertEquals(-1, in.read());
            }
        } finally {
            p.destroyForcibly();
        }
    }

    /** Whether this JVM was started with SIGINT ignored: bit 1 (SIGINT is 2) of SigIgn in /proc/self/status. */
    private static boolean sigintIgnoredHere() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return false;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16) & (1L << 1)) != 0;
            }
        }
        return false;
    }

    /** With kill(1): Process.destroy() would send SIGTERM too, but closes the child's output first. */
    private static void signal(Process p, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
        assertTrue(kill.waitFor(30, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + signal + " failed");
    }
}
