package io.netpoll.epoll;

import io.netpoll.net.Conn;
import io.netpoll.net.Listener;
import io.netpoll.net.Net;
import io.netpoll.tck.Programs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The syscall budget that sets epoll apart from the JDK's poller, counted by {@code strace -f -c} on
 * a child JVM: {@value #CONNS} connections each make {@value #ROUNDS} one-byte round trips, so each
 * side's read blocks about once per round. With one edge-triggered registration per socket for its
 * whole life, epoll_ctl runs about twice per socket (ADD, DEL) however many reads block; the JDK's
 * poller re-arms with epoll_ctl on every blocked read. Ours runs in the vthread poller mode, whose
 * sub-pollers must need no more epoll_wait calls than the JDK's poller (which the JDK runs the same
 * way). The JDK's counts for the same workload are printed beside ours. Needs strace; without it the test is skipped.
 */
class SyscallBudgetTest {

    static final int CONNS = 10;
    static final int ROUNDS = 200;

    @Test
    void blockedReadsCostNoEpollCtl(@TempDir Path dir) throws Exception {
        Path strace = Programs.onPath("strace");
        assumeTrue(strace != null, "strace is not installed");
        Map<String, long[]> ours = trace(strace, dir, "netpoll");
        Map<String, long[]> jdk = trace(strace, dir, "jdk");
        System.out.printf("syscalls for %d connections x %d round trips (calls/errors):%n", CONNS, ROUNDS);
        for (String call : List.of("epoll_ctl", "epoll_wait", "read", "recvfrom", "write", "sendto")) {
            System.out.printf("  %-10s netpoll4j epoll %7d/%-6d   JDK virtual threads %7d/%-6d%n", call,
                    ours.getOrDefault(call, new long[2])[0], ours.getOrDefault(call, new long[2])[1],
                    jdk.getOrDefault(call, new long[2])[0], jdk.getOrDefault(call, new long[2])[1]);
        }
        long sockets = 2L * CONNS + 1;
        long ctl = ours.getOrDefault("epoll_ctl", new long[2])[0];
        // ADD and DEL per socket, plus the pollers' eventfds and the availability probe's socketpair.
        assertTrue(ctl <= 2 * sockets + 16, "epoll_ctl ran " + ctl + " times for " + sockets + " sockets");
        long blockedReads = ours.getOrDefault("read", new long[2])[1];
        assertTrue(blockedReads >= ROUNDS, "reads did block (EAGAIN " + blockedReads + ")");
        // Sub-pollers batch the events of many sockets into one poll, as the JDK's do.
        long waits = ours.getOrDefault("epoll_wait", new long[2])[0];
        long jdkWaits = jdk.getOrDefault("epoll_wait", new long[2])[0];
        assertTrue(waits <= jdkWaits, "epoll_wait ran " + waits + " times; the JDK's poller " + jdkWaits);
    }

    /** Runs the workload under strace and returns syscall name to {calls, errors}. */
    private static Map<String, long[]> trace(Path strace, Path dir, String mode) throws IOException, InterruptedException {
        Path out = dir.resolve(mode + ".strace");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(strace.toString(), "-f", "-qq", "-c", "-o", out.toString(),
                "-e", "trace=epoll_ctl,epoll_wait,epoll_pwait,read,recvfrom,write,sendto",
                java.toString(), "--enable-native-access=ALL-UNNAMED", "-Dnetpoll.provider=epoll",
                "-Dnetpoll.pollerMode=vthread",
                "-cp", System.getProperty("java.class.path"), Workload.class.getName(), mode));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] log = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the traced workload did not finish");
        String text = new String(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        assertTrue(text.contains("done"), text);
        Map<String, long[]> counts = new HashMap<>();
        for (String line : Files.readAllLines(out)) {
            String[] f = line.trim().split("\\s+");
            // % time, seconds, usecs/call, calls, [errors,] syscall
            if (f.length >= 5 && f[0].matches("[0-9.]+") && f[3].matches("[0-9]+")) {
                long errors = f.length == 6 ? Long.parseLong(f[4]) : 0;
                counts.put(f[f.length - 1], new long[] {Long.parseLong(f[3]), errors});
            }
        }
        return counts;
    }

    /** The traced child: one-byte ping-pong on virtual threads, through netpoll4j or java.net. */
    public static final class Workload {
        public static void main(String[] args) throws Exception {
            if (args[0].equals("netpoll")) {
                netpoll();
            } else {
                jdk();
            }
            System.out.println("done");
        }

        private static void netpoll() throws Exception {
            try (Listener ln = Net.listen("tcp", "127.0.0.1:0")) {
                Thread server = Thread.ofVirtual().start(() -> {
                    List<Thread> echoes = new ArrayList<>();
                    try {
                        for (int i = 0; i < CONNS; i++) {
                            Conn c = ln.accept();
                            echoes.add(Thread.ofVirtual().start(() -> echo(c.inputStream(), c.outputStream(), c)));
                        }
                        for (Thread t : echoes) {
                            t.join();
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                String address = ((java.net.InetSocketAddress) ln.addr()).getAddress().getHostAddress() + ":"
                        + ((java.net.InetSocketAddress) ln.addr()).getPort();
                List<Thread> clients = new ArrayList<>();
                for (int i = 0; i < CONNS; i++) {
                    Conn c = Net.dial("tcp", address);
                    clients.add(Thread.ofVirtual().start(() -> ping(c.inputStream(), c.outputStream(), c)));
                }
                for (Thread t : clients) {
                    t.join();
                }
                server.join();
            }
        }

        private static void jdk() throws Exception {
            try (ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                Thread server = Thread.ofVirtual().start(() -> {
                    List<Thread> echoes = new ArrayList<>();
                    try {
                        for (int i = 0; i < CONNS; i++) {
                            Socket s = ss.accept();
                            echoes.add(Thread.ofVirtual().start(() -> {
                                try {
                                    echo(s.getInputStream(), s.getOutputStream(), s);
                                } catch (IOException e) {
                                    throw new IllegalStateException(e);
                                }
                            }));
                        }
                        for (Thread t : echoes) {
                            t.join();
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                List<Thread> clients = new ArrayList<>();
                for (int i = 0; i < CONNS; i++) {
                    Socket s = new Socket(InetAddress.getLoopbackAddress(), ss.getLocalPort());
                    clients.add(Thread.ofVirtual().start(() -> {
                        try {
                            ping(s.getInputStream(), s.getOutputStream(), s);
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }));
                }
                for (Thread t : clients) {
                    t.join();
                }
                server.join();
            }
        }

        private static void ping(InputStream in, OutputStream out, AutoCloseable c) {
            try (c) {
                for (int i = 0; i < ROUNDS; i++) {
                    out.write(i);
                    if (in.read() != (i & 0xff)) {
                        throw new IllegalStateException("bad echo");
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private static void echo(InputStream in, OutputStream out, AutoCloseable c) {
            try (c) {
                for (int b; (b = in.read()) >= 0; ) {
                    out.write(b);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
