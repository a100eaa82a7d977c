package io.netpoll.cli;

import io.netpoll.net.Conn;
import io.netpoll.net.Net;
import io.netpoll.net.TCPConn;
import io.netpoll.net.UnixConn;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code netpoll dial}: a netcat of net-core. Standard input goes to the connection and the connection
 * to standard output; at the end of standard input a stream connection is half-closed, so the peer
 * reads end of stream and can still answer. Ends when the peer closes its side.
 */
@Command(
        name = "dial",
        description = {
            "Connect to ADDRESS and copy standard input to it and its replies to standard output.",
            "At the end of standard input the connection's writing side is closed (tcp, unix); "
                    + "the command ends when the peer closes. A failure prints Go's error text (exit code 1).",
        })
final class DialCommand implements Callable<Integer> {

    @Option(names = "--network", paramLabel = "NETWORK", defaultValue = "tcp",
            description = "tcp, tcp4, tcp6, udp, udp4, udp6, unix (default: tcp).")
    String network;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "0", converter = Timeout.class,
            description = "Give up connecting after this long, a duration as Go writes it: 500ms, 5s, 1m30s "
                    + "(units ns, us, ms, s, m, h; default: 0, no limit).")
    Duration timeout;

    @Parameters(index = "0", paramLabel = "ADDRESS", description = "Where to connect, as Go writes it: host:port, [::1]:80, a socket path.")
    String address;

    InputStream in = System.in;
    OutputStream out = System.out;

    @Override
    public Integer call() throws Exception {
        try (Conn c = Net.dialTimeout(network, address, timeout)) {
            Thread sender = Thread.ofVirtual().name("dial-stdin").start(() -> send(c));
            byte[] buf = new byte[32 * 1024];
            for (int n; (n = c.read(buf)) > 0; ) {
                out.write(buf, 0, n);
                out.flush();
            }
            sender.interrupt(); // the peer is done: stop waiting for more input to send it
            sender.join();
        }
        return 0;
    }

    /** Copies standard input to the connection, then half-closes it where the network can. */
    private void send(Conn c) {
        byte[] buf = new byte[32 * 1024];
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                c.write(buf, 0, n);
            }
            if (c instanceof TCPConn t) {
                t.closeWrite();
            } else if (c instanceof UnixConn u) {
                u.closeWrite();
            }
        } catch (IOException e) {
            // The connection went away (or was closed by the reader): nothing left to send it.
        }
    }

    /** A timeout: a Go duration, not negative (Go's DialTimeout takes one as already expired). */
    static final class Timeout implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration d = new GoDuration().convert(value);
            if (d.isNegative()) {
                throw new TypeConversionException("negative duration " + GoDuration.quote(value));
            }
            return d;
        }
    }
}
