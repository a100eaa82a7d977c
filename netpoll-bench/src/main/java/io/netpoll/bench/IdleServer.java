package io.netpoll.bench;

import io.netpoll.net.Conn;
import io.netpoll.net.Listener;
import io.netpoll.net.Net;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The JVM side of {@link IdleMain}: an echo server with a virtual thread per connection, each parked in
 * {@code read} while its connection is idle, and its main thread answering the parent on standard input.
 *
 * <p>{@code IdleServer netpoll|jdk BUF}: {@code netpoll} serves with net-core on the provider that
 * {@code -Dnetpoll.provider} selects, {@code jdk} with {@code java.net.ServerSocket} and the JDK's own
 * virtual-thread sockets; each connection reads into its own buffer of {@code BUF} bytes. The server
 * listens on 127.0.0.1, an ephemeral port, and prints {@code listening PORT}. Then each line
 * {@code stats} on standard input gets {@code heap BYTES}, the heap in use after a full collection;
 * end of input ends the process. The Go server of the same run ({@code src/main/go/idle_echo.go})
 * speaks the same protocol.
 */
public final class IdleServer {

    private IdleServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !(args[0].equals("netpoll") || args[0].equals("jdk"))) {
            System.err.println("usage: IdleServer netpoll|jdk BUF");
            System.exit(2);
        }
        int buf = Integer.parseInt(args[1]);
        int port = args[0].equals("netpoll") ? serveNetpoll(buf) : serveJdk(buf);
        System.out.println("listening " + port);
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.equals("stats")) {
                System.gc();
                Runtime rt = Runtime.getRuntime();
                System.out.println("heap " + (rt.totalMemory() - rt.freeMemory()));
            } else {
                System.out.println("error unknown command " + line);
            }
            System.out.flush();
        }
        // The parent closed our input: the run is over (connections still open die with the process).
        System.exit(0);
    }

    private static int serveNetpoll(int bufSize) throws IOException {
        Listener ln = Net.listen("tcp", "127.0.0.1:0");
        Thread.ofVirtual().name("idle-accept").start(() -> {
            for (;;) {
                Conn c;
                try {
                    c = ln.accept();
                } catch (IOException e) {
                    // Out of descriptors, say: the parent sees the connection fail and reports it.
                    System.err.println("accept: " + e);
                    sleepAfterAcceptError();
                    continue;
                }
                Thread.ofVirtual().start(() -> {
                    try (c) {
                        byte[] b = new byte[bufSize];
                        for (int n; (n = c.read(b)) > 0; ) {
                            c.write(b, 0, n);
                        }
                    } catch (IOException e) {
                        // A peer that resets ends its own connection only.
                    }
                });
            }
        });
        return ((InetSocketAddress) ln.addr()).getPort();
    }

    private static int serveJdk(int bufSize) throws IOException {
        ServerSocket ss = new ServerSocket();
        ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        Thread.ofVirtual().name("idle-accept").start(() -> {
            for (;;) {
                Socket s;
                try {
                    s = ss.accept();
                } catch (IOException e) {
                    System.err.println("accept: " + e);
                    sleepAfterAcceptError();
                    continue;
                }
                Thread.ofVirtual().start(() -> {
                    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                        s.setTcpNoDelay(true); // as Go and net-core do on every TCP connection
                        byte[] b = new byte[bufSize];
                        for (int n; (n = in.read(b)) > 0; ) {
                            out.write(b, 0, n);
                        }
                    } catch (IOException e) {
                        // A peer that resets ends its own connection only.
                    }
                });
            }
        });
        return ss.getLocalPort();
    }

    /** As Go's http.Server after a failed accept: wait a little rather than spin on the error. */
    private static void sleepAfterAcceptError() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
