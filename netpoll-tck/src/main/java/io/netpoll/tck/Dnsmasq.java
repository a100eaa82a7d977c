package io.netpoll.tck;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real DNS server for a test class: dnsmasq on a free loopback port, serving the zone of
 * {@code netpoll-test.conf} beside this class, started before the class's tests and stopped
 * by its pid after them (SIGTERM, then SIGKILL after 5 s). The tests are skipped, saying so, only
 * when no dnsmasq binary is installed (Debian/Ubuntu: {@code apt-get install dnsmasq-base}).
 *
 * <pre>{@code @RegisterExtension static final Dnsmasq DNSMASQ = new Dnsmasq();}</pre>
 */
public final class Dnsmasq implements BeforeAllCallback, AfterAllCallback {

    /** A dnsmasq server for a test class, started before its tests by {@code @RegisterExtension}. */
    public Dnsmasq() {
    }

    private static final List<Path> BINARIES = List.of(Path.of("/usr/sbin/dnsmasq"), Path.of("/usr/bin/dnsmasq"),
            Path.of("/usr/local/sbin/dnsmasq"));

    private Process process;
    private int port;
    private Path log;

    /**
     * The server in Go's {@code host:port} form.
     *
     * @return {@code "127.0.0.1:PORT"}
     */
    public String server() {
        return "127.0.0.1:" + port;
    }

    /**
     * The loopback port the server answers on.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path binary = BINARIES.stream().filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(binary != null,
                "dnsmasq is not installed (apt-get install dnsmasq-base): skipping the tests against a real DNS server");
        Path dir = Files.createTempDirectory("netpoll-dnsmasq");
        Path conf = dir.resolve("netpoll-test.conf");
        try (InputStream in = Dnsmasq.class.getResourceAsStream("netpoll-test.conf")) {
            Files.copy(in, conf, StandardCopyOption.REPLACE_EXISTING);
        }
        conf.toFile().setReadable(true, false);
        dir.toFile().setExecutable(true, false);
        log = dir.resolve("dnsmasq.log");
        IOException last = null;
        for (int attempt = 0; attempt < 5 && process == null; attempt++) {
            port = freePort();
            List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--keep-in-foreground",
                    "--conf-file=" + conf, "--port=" + port, "--pid-file="));
            if ("root".equals(System.getProperty("user.name"))) {
                cmd.addAll(List.of("--user=nobody", "--group=nogroup"));
            }
            // No pipe to the child: the JDK would close its end of a stdin pipe only after the child has
            // exited, on its reaper thread, which the suite's descriptor check could see still open.
            Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (answers(p)) {
                process = p;
            } else {
                stop(p);
                last = new IOException("dnsmasq did not start on port " + port + ":\n" + Files.readString(log));
            }
        }
        if (process == null) {
            throw last;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (process != null) {
            stop(process);
            process = null;
        }
    }

    /**
     * The dnsmasq log so far (every query is logged), for failure messages.
     *
     * @return the log's text, or "" before the server started
     * @throws IOException when the log cannot be read
     */
    public String log() throws IOException {
        return log == null ? "" : Files.readString(log);
    }

    private static void stop(Process p) throws InterruptedException {
        ProcessHandle h = p.toHandle();
        h.destroy(); // SIGTERM to this pid only; its TCP children exit with it
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
            h.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** A port free for both UDP and TCP on 127.0.0.1 at this moment. */
    private static int freePort() throws IOException {
        while (true) {
            try (DatagramChannel udp = DatagramChannel.open(StandardProtocolFamily.INET)) {
                udp.bind(new InetSocketAddress("127.0.0.1", 0));
                int p = ((InetSocketAddress) udp.getLocalAddress()).getPort();
                try (ServerSocketChannel tcp = ServerSocketChannel.open()) {
                    tcp.bind(new InetSocketAddress("127.0.0.1", p));
                    return p;
                } catch (IOException inUse) {
                    // try another
                }
            }
        }
    }

    /** Polls with a real query (www.netpoll.test A) for up to 5 s until the server answers. */
    private boolean answers(Process p) throws Exception {
        byte[] q = FakeDns.query(0x4E50, "www.netpoll.test.", FakeDns.A);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        try (DatagramChannel c = DatagramChannel.open()) {
            c.connect(new InetSocketAddress("127.0.0.1", port));
            c.configureBlocking(false);
            ByteBuffer buf = ByteBuffer.allocate(1500);
            while (System.nanoTime() < end && p.isAlive()) {
                try {
                    c.write(ByteBuffer.wrap(q));
                } catch (IOException notYetListening) {
                    // ICMP port unreachable from an earlier send
                }
                Thread.sleep(50);
                try {
                    buf.clear();
                    if (c.read(buf) > 0) {
                        return true;
                    }
                } catch (IOException notYetListening) {
                    // as above
                }
            }
        }
        return false;
    }
}
