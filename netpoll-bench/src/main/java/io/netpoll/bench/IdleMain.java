package io.netpoll.bench;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * What an idle connection costs a server: N connections held open, each served by a thread parked in
 * {@code read}, on netpoll4j (epoll and nio), the JDK's virtual-thread sockets and Go, one server after
 * the other in the same run. Speed is not asserted; the run fails only when a connection was not
 * served or a server's descriptors did not come back to where they were.
 *
 * <p>For each server, started as a child process ({@link IdleServer}, or the Go program
 * {@code src/main/go/idle_echo.go} given by {@code --go}): a warm-up of a few hundred connections;
 * heap after a full collection, resident memory and open descriptors; N connections, each sending an
 * 8-byte message and reading its echo, so that every server thread has blocked in {@code read} once and
 * parked; the same figures again; the time to wake one idle connection (a message on a random one and
 * its echo, the median of {@code --samples}); one more echo on every connection; all closed, and the
 * server's descriptors must come back to their count before.
 *
 * <p>The client connections come from 127.0.0.2, 127.0.0.3, ... and from the ports above the
 * ephemeral range ({@code net.ipv4.ip_local_port_range}), which the kernel never hands to anyone
 * else's {@code connect} or {@code bind(0)}: holding 100,000 connections takes no ephemeral port
 * from other programs on the machine. Traffic stays on loopback, and every step has a time bound.
 *
 * <p>Both sides hold N descriptors: the hard RLIMIT_NOFILE must allow N and a margin (the JVM and Go
 * raise their soft limit to the hard one, which the servers inherit), or be raised first,
 * {@code prlimit --nofile=110000:110000 java ...}, which takes CAP_SYS_RESOURCE;
 * {@code netpoll-bench/idle.sh} does it when needed and builds the Go server.
 */
public final class IdleMain {

    private static final String USAGE = "usage: IdleMain [--conns N] [--servers netpoll-epoll,netpoll-nio,jdk-vt,go]"
            + " [--go PATH] [--buf BYTES] [--samples N] [--threads N]";
    private static final int WARMUP_CONNS = 200;
    /** Bound on every blocking step of the client: a lost echo fails the connection, never hangs the run. */
    private static final int IO_TIMEOUT_MILLIS = 30_000;
    private static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final int MESSAGE = Long.BYTES;

    private IdleMain() {
    }

    record Options(int conns, List<String> servers, Path go, int buf, int samples, int threads) {
    }

    /** One row of the table. */
    record Result(String server, int opened, int served, long heap0, long heap1, long rss0, long rss1,
                  double wakeMedianMicros, double wakeP90Micros, int fds0, int fdsHeld, int fdsAfter) {

        boolean ok(int conns) {
            return opened == conns && served == conns && fdsAfter <= fds0;
        }
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out));
    }

    /**
     * Runs every server of {@code args}, prints the table to {@code out} and returns the exit code: 0,
     * 1 when a connection was not served or descriptors did not come back, 2 for bad options.
     */
    static int run(String[] args, PrintStream out) throws Exception {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("IdleMain: " + e.getMessage());
            System.err.println(USAGE);
            return 2;
        }
        long limit = openFilesLimit(ProcessHandle.current().pid());
        if (limit < o.conns() + 1000L) {
            System.err.println("IdleMain: this process may open " + limit + " descriptors, " + o.conns()
                    + " connections need " + (o.conns() + 1000) + ": run it under prlimit --nofile=N:N (netpoll-bench/idle.sh)");
            return 2;
        }
        ClientPorts ports = ClientPorts.outsideEphemeralRange();
        List<Result> results = new ArrayList<>();
        for (String server : o.servers()) {
            results.add(run(server, o, ports));
        }
        out.println();
        out.printf("%,d idle connections per server, %d-byte read buffer each; wake = one 8-byte echo on an idle connection, median (p90) of %d%n",
                o.conns(), o.buf(), o.samples());
        out.println();
        out.println("| server | heap before → after (MiB) | heap per conn | RSS before → after (MiB) | RSS per conn | wake µs | fds before / held / after | served |");
        out.println("|---|---|---|---|---|---|---|---|");
        for (Result r : results) {
            int n = Math.max(1, r.opened());
            out.printf("| %s | %.1f → %.1f | %,d B | %.1f → %.1f | %,d B | %.0f (%.0f) | %d / %d / %d | %,d of %,d |%n",
                    r.server(), mib(r.heap0()), mib(r.heap1()), (r.heap1() - r.heap0()) / n,
                    mib(r.rss0()), mib(r.rss1()), (r.rss1() - r.rss0()) / n,
                    r.wakeMedianMicros(), r.wakeP90Micros(), r.fds0(), r.fdsHeld(), r.fdsAfter(), r.served(), o.conns());
        }
        out.println();
        out.println("heap: after a full collection (Go: HeapAlloc + StackInuse, a goroutine's stack lives outside Go's heap);"
                + " RSS: VmRSS of the server process after that collection");
        if (results.stream().allMatch(r -> r.ok(o.conns()))) {
            return 0;
        }
        out.println("FAILED: a connection was not served or a server's descriptors did not come back");
        return 1;
    }

    static Options parse(String[] args) {
        int conns = 5000;
        List<String> servers = null;
        Path go = null;
        int buf = 512;
        int samples = 100;
        int threads = 4;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("no value after " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--conns" -> conns = positive(a, v);
                case "--servers" -> servers = List.of(v.split(","));
                case "--go" -> go = Path.of(v);
                case "--buf" -> buf = positive(a, v);
                case "--samples" -> samples = positive(a, v);
                case "--threads" -> threads = positive(a, v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (servers == null) {
            servers = go == null ? List.of("netpoll-epoll", "netpoll-nio", "jdk-vt")
                    : List.of("netpoll-epoll", "netpoll-nio", "jdk-vt", "go");
        }
        for (String s : servers) {
            if (!List.of("netpoll-epoll", "netpoll-nio", "jdk-vt", "go").contains(s)) {
                throw new IllegalArgumentException("unknown server " + s);
            }
        }
        if (servers.contains("go") && (go == null || !Files.isExecutable(go))) {
            throw new IllegalArgumentException("the go server needs --go PATH, the built src/main/go/idle_echo.go"
                    + (go == null ? "" : " (" + go + " is not an executable file)"));
        }
        return new Options(conns, servers, go, buf, samples, threads);
    }

    private static int positive(String option, String v) {
        try {
            int n = Integer.parseInt(v.replace("_", "").replace(",", ""));
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new IllegalArgumentException(option + " needs a positive number, not " + v);
    }

    private static Result run(String server, Options o, ClientPorts ports) throws Exception {
        progress(server + ": starting");
        try (ServerProcess sp = ServerProcess.start(server, o)) {
            long limit = openFilesLimit(sp.pid());
            if (limit < o.conns() + 100L) {
                throw new IOException(server + " may open only " + limit + " descriptors, fewer than the "
                        + o.conns() + " connections");
            }
            InetSocketAddress addr = new InetSocketAddress(InetAddress.getLoopbackAddress(), sp.port());
            // Warm-up: classes loaded, poller started, so that "before" is the server at rest, not at birth.
            Socket[] warm = open(addr, WARMUP_CONNS, o.threads(), ports, new ConcurrentLinkedQueue<>());
            closeAll(warm);
            int fds0 = steadyFds(sp);
            long heap0 = sp.heap();
            long rss0 = sp.rss();

            ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
            long t0 = System.nanoTime();
            Socket[] conns = open(addr, o.conns(), o.threads(), ports, errors);
            double openSeconds = (System.nanoTime() - t0) / 1e9;
            int opened = (int) Arrays.stream(conns).filter(s -> s != null).count();
            progress(String.format("%s: %,d of %,d connections open and echoed in %.1f s%s", server, opened, o.conns(),
                    openSeconds, errors.isEmpty() ? "" : "; first errors: " + errors.stream().limit(3).toList()));
            Thread.sleep(1000); // every server thread back in read and parked
            long heap1 = sp.heap();
            long rss1 = sp.rss();
            int fdsHeld = sp.fds();

            ConcurrentLinkedQueue<String> idleErrors = new ConcurrentLinkedQueue<>();
            double[] wake = wake(conns, o.samples(), idleErrors);
            int served = echoAll(conns, o.threads(), idleErrors);
            progress(String.format("%s: wake median %.0f µs; %,d connections served a second echo%s", server, wake[0], served,
                    idleErrors.isEmpty() ? "" : "; first errors: " + idleErrors.stream().limit(3).toList()));
            closeAll(conns);
            int fdsAfter = fdsDownTo(sp, fds0);
            progress(server + ": descriptors " + fds0 + " before, " + fdsHeld + " held, " + fdsAfter + " after close");
            return new Result(server, opened, served, heap0, heap1, rss0, rss1, wake[0], wake[1], fds0, fdsHeld, fdsAfter);
        }
    }

    /**
     * Opens {@code n} connections on {@code threads} platform threads; each sends its number and reads
     * it back. A connection that fails is left null and its error kept.
     */
    private static Socket[] open(InetSocketAddress server, int n, int threads, ClientPorts ports,
                                 ConcurrentLinkedQueue<String> errors) throws InterruptedException {
        Socket[] out = new Socket[n];
        AtomicInteger next = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofPlatform().name("idle-client-" + t).start(() -> {
                for (int i; (i = next.getAndIncrement()) < n; ) {
                    try {
                        Socket s = ports.connect(server);
                        out[i] = s;
                        echo(s, i);
                    } catch (IOException e) {
                        errors.add("connection " + i + ": " + e);
                        closeQuietly(out[i]);
                        out[i] = null;
                    }
                }
            }));
        }
        for (Thread w : workers) {
            w.join();
        }
        return out;
    }

    /** Sends {@code value} as 8 bytes and reads them back; an echo that differs is an error. */
    private static void echo(Socket s, long value) throws IOException {
        byte[] msg = ByteBuffer.allocate(MESSAGE).putLong(value).array();
        OutputStream out = s.getOutputStream();
        out.write(msg);
        byte[] got = new byte[MESSAGE];
        new DataInputStream(s.getInputStream()).readFully(got);
        if (!Arrays.equals(msg, got)) {
            throw new IOException("sent " + value + ", the echo was " + ByteBuffer.wrap(got).getLong());
        }
    }

    /**
     * The wake-up time of random idle connections: median and 90th percentile, in µs. A connection
     * that does not answer is closed and left null.
     */
    private static double[] wake(Socket[] conns, int samples, ConcurrentLinkedQueue<String> errors) throws InterruptedException {
        Random r = new Random(42);
        long[] nanos = new long[samples];
        int taken = 0;
        for (int tries = 0; taken < samples && tries < samples * 10; tries++) {
            int i = r.nextInt(conns.length);
            if (conns[i] == null) {
                continue;
            }
            Thread.sleep(10); // the connection woken last is parked again, like all the others
            long t0 = System.nanoTime();
            try {
                echo(conns[i], i);
            } catch (IOException e) {
                // Not served: dropped here, so that the count of served connections says so.
                errors.add("connection " + i + " woken: " + e);
                closeQuietly(conns[i]);
                conns[i] = null;
                continue;
            }
            nanos[taken++] = System.nanoTime() - t0;
        }
        long[] got = Arrays.copyOf(nanos, taken);
        Arrays.sort(got);
        if (got.length == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        return new double[] {got[got.length / 2] / 1e3, got[(int) (got.length * 0.9)] / 1e3};
    }

    /** One more echo on every open connection, after they all sat idle: the number that answered. */
    private static int echoAll(Socket[] conns, int threads, ConcurrentLinkedQueue<String> errors) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger served = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofPlatform().name("idle-check-" + t).start(() -> {
                for (int i; (i = next.getAndIncrement()) < conns.length; ) {
                    if (conns[i] == null) {
                        continue;
                    }
                    try {
                        echo(conns[i], ~i);
                        served.incrementAndGet();
                    } catch (IOException e) {
                        errors.add("connection " + i + " after idling: " + e);
                    }
                }
            }));
        }
        for (Thread w : workers) {
            w.join();
        }
        return served.get();
    }

    private static void closeAll(Socket[] conns) {
        for (Socket s : conns) {
            closeQuietly(s);
        }
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // Closing at the end of a phase: nothing left to do with it.
            }
        }
    }

    /** The server's open descriptors once two counts half a second apart agree (at most 60 s). */
    private static int steadyFds(ServerProcess sp) throws IOException, InterruptedException {
        long end = System.nanoTime() + SETTLE_NANOS;
        int n = sp.fds();
        for (int last = -1; n != last && System.nanoTime() < end; ) {
            last = n;
            Thread.sleep(500);
            n = sp.fds();
        }
        return n;
    }

    /** The server's open descriptors once down to {@code want}, or as far as they fell in 60 s. */
    private static int fdsDownTo(ServerProcess sp, int want) throws IOException, InterruptedException {
        long end = System.nanoTime() + SETTLE_NANOS;
        int n = sp.fds();
        while (n > want && System.nanoTime() < end) {
            Thread.sleep(50);
            n = sp.fds();
        }
        return n;
    }

    /** The soft RLIMIT_NOFILE of a process, from /proc/PID/limits. */
    static long openFilesLimit(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/limits"))) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        }
        throw new IOException("no open files limit in /proc/" + pid + "/limits");
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static void progress(String line) {
        System.err.println("IdleMain: " + line);
    }

    /**
     * The client's source addresses and ports: 127.0.0.2 and up, each with the ports above the
     * ephemeral range. A slot another program holds fails to bind and is skipped.
     */
    static final class ClientPorts {

        private static final int FIRST_HOST = 2;
        private static final int LAST_HOST = 254;
        private final int firstPort;
        private final int portsPerHost;
        private final AtomicLong next = new AtomicLong();

        private ClientPorts(int firstPort, int portsPerHost) {
            this.firstPort = firstPort;
            this.portsPerHost = portsPerHost;
        }

        static ClientPorts outsideEphemeralRange() throws IOException {
            String[] range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim().split("\\s+");
            int high = Integer.parseInt(range[1]);
            if (high >= 65535 - 100) {
                throw new IOException("net.ipv4.ip_local_port_range ends at " + high
                        + ": no ports above it for the client to bind");
            }
            return new ClientPorts(high + 1, 65535 - high);
        }

        /** A connection to {@code server} from the next free slot, with the client's time bounds set. */
        Socket connect(InetSocketAddress server) throws IOException {
            for (int attempts = 0; ; attempts++) {
                long slot = next.getAndIncrement();
                int host = FIRST_HOST + (int) ((slot / portsPerHost) % (LAST_HOST - FIRST_HOST + 1));
                int port = firstPort + (int) (slot % portsPerHost);
                Socket s = new Socket();
                try {
                    // A slot of an earlier server of the run may be in TIME_WAIT towards another port.
                    s.setReuseAddress(true);
                    s.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) host}), port));
                    s.connect(server, IO_TIMEOUT_MILLIS);
                    s.setSoTimeout(IO_TIMEOUT_MILLIS);
                    s.setTcpNoDelay(true);
                    return s;
                } catch (BindException e) {
                    s.close();
                    if (attempts >= 1000) {
                        throw new IOException("no free client address after 1000 tries", e);
                    }
                } catch (IOException e) {
                    s.close();
                    throw e;
                }
            }
        }
    }

    /** A server child process and the line protocol of {@link IdleServer} on its standard streams. */
    static final class ServerProcess implements AutoCloseable {

        private final Process process;
        private final Writer in;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final int port;

        private ServerProcess(Process process) throws IOException, InterruptedException {
            this.process = process;
            this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread.ofPlatform().daemon().name("idle-server-stdout").start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // The server is gone; a caller waiting for a line times out and says so.
                }
            });
            String first = line();
            if (!first.startsWith("listening ")) {
                throw new IOException("the server said " + first + " instead of listening PORT");
            }
            this.port = Integer.parseInt(first.substring("listening ".length()).trim());
        }

        static ServerProcess start(String server, Options o) throws IOException, InterruptedException {
            List<String> cmd = new ArrayList<>();
            if (server.equals("go")) {
                cmd.add(o.go().toString());
            } else {
                cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                cmd.add("--enable-native-access=ALL-UNNAMED");
                if (server.startsWith("netpoll-")) {
                    cmd.add("-Dnetpoll.provider=" + server.substring("netpoll-".length()));
                }
                if (server.equals("netpoll-epoll")) {
                    cmd.add("-Dnetpoll.pollerMode=vthread"); // the default, said out loud: nio has only the platform mode
                }
                cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), IdleServer.class.getName(),
                        server.startsWith("netpoll-") ? "netpoll" : "jdk"));
            }
            cmd.add(Integer.toString(o.buf()));
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
            try {
                return new ServerProcess(p);
            } catch (IOException | RuntimeException e) {
                p.destroyForcibly();
                throw e;
            }
        }

        long pid() {
            return process.pid();
        }

        int port() {
            return port;
        }

        /** Heap in use after a full collection; for Go, its heap and its goroutine stacks. */
        long heap() throws IOException, InterruptedException {
            in.write("stats\n");
            in.flush();
            String[] f = line().split(" ");
            if (f.length < 2 || !f[0].equals("heap")) {
                throw new IOException("the server answered stats with " + String.join(" ", f));
            }
            long heap = Long.parseLong(f[1]);
            return f.length >= 4 && f[2].equals("stacks") ? heap + Long.parseLong(f[3]) : heap;
        }

        long rss() throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) << 10;
                }
            }
            throw new IOException("no VmRSS in /proc/" + pid() + "/status");
        }

        int fds() throws IOException {
            try (Stream<Path> s = Files.list(Path.of("/proc/" + pid() + "/fd"))) {
                return (int) s.count();
            }
        }

        private String line() throws IOException, InterruptedException {
            String line = lines.poll(60, TimeUnit.SECONDS);
            if (line == null) {
                throw new IOException("the server said nothing for 60 s" + (process.isAlive() ? "" : "; it exited with " + process.exitValue()));
            }
            return line;
        }

        /** Ends the server: end of its input, then a kill if it is still there after 10 s. */
        @Override
        public void close() throws InterruptedException {
            try {
                in.close();
            } catch (IOException e) {
                // Already gone.
            }
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
