package io.netpoll.cli;

import io.netpoll.net.Conn;
import io.netpoll.net.Net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Run by {@link DescriptorExhaustionTest} in a child JVM with a low RLIMIT_NOFILE: dials the echo
 * server of this same process until descriptors run out, then reports, one {@code key: value} line
 * each, what the dial and the accept loop said, whether a served connection still echoes, how many
 * accept errors came in a two-second window (the back-off keeps them few), whether a connection
 * queued while accept failed is served once descriptors are free again, and the socket count once
 * the server listens and at the end.
 */
final class DescriptorExhaustionChild {

    private DescriptorExhaustionChild() {
    }

    public static void main(String[] args) throws Exception {
        List<String> acceptErrors = new CopyOnWriteArrayList<>();
        List<Conn> conns = new ArrayList<>();
        try (EchoServer server = EchoServer.start("127.0.0.1:0", e -> acceptErrors.add(e.getMessage()))) {
            String addr = server.hostPort();
            long socketsBefore = sockets(); // the listener and whatever the provider keeps open for good
            String dialError = null;
            while (dialError == null && conns.size() < 100_000) {
                try {
                    conns.add(Net.dial("tcp", addr));
                } catch (IOException e) {
                    dialError = e.getMessage();
                }
            }
            System.out.println("dial-error: " + dialError);
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (acceptErrors.isEmpty() && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            System.out.println("accept-error: " + (acceptErrors.isEmpty() ? null : acceptErrors.getFirst()));
            System.out.println("echo-while-exhausted: " + echoes(conns.getFirst(), "first"));
            int before = acceptErrors.size();
            Thread.sleep(2000);
            System.out.println("accept-errors-in-2s: " + (acceptErrors.size() - before));
            // Free descriptors: close the first half (served, so the server's ends close too).
            Conn last = conns.getLast();
            int half = conns.size() / 2;
            for (Conn c : conns.subList(0, half)) {
                c.close();
            }
            System.out.println("queued-served-after-release: " + echoes(last, "last"));
            for (Conn c : conns.subList(half, conns.size())) {
                c.close();
            }
            System.out.println("connections: " + conns.size());
            long endWait = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            long after = sockets();
            while (after > socketsBefore && System.nanoTime() < endWait) {
                Thread.sleep(20);
                after = sockets();
            }
            System.out.println("sockets: " + socketsBefore + " -> " + after);
        }
    }

    /** Whether {@code c} echoes {@code text} within 10 s. */
    private static boolean echoes(Conn c, String text) throws IOException {
        byte[] want = text.getBytes(StandardCharsets.US_ASCII);
        c.setDeadline(Instant.now().plusSeconds(10));
        c.write(want);
        byte[] got = new byte[want.length];
        int n = 0;
        while (n < got.length) {
            int r = c.read(got, n, got.length - n);
            if (r < 0) {
                return false;
            }
            n += r;
        }
        c.setDeadline(null);
        return Arrays.equals(want, got);
    }

    private static long sockets() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.filter(p -> {
                try {
                    return Files.readSymbolicLink(p).toString().startsWith("socket:");
                } catch (IOException e) {
                    return false;
                }
            }).count();
        }
    }
}
