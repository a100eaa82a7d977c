package io.netpoll.net.internal.dns;

import io.netpoll.net.Conn;
import io.netpoll.net.Net;
import io.netpoll.net.UDPConn;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;

/**
 * A replacement for the Resolver's transport (Go's {@code Resolver.Dial}, which Go's own resolver
 * tests replace the same way): connected JDK sockets behind net-core's {@link Conn} and
 * {@link UDPConn} interfaces. net-core's build has no netpoll provider (the providers' tests depend
 * on net-core), so the tests here that use it test the DNS client's logic over JDK sockets, and say
 * so; the same client over net-core's own conns ({@link Net#dialTimeout}) through each provider is
 * tested by the conformance kit's ResolverSuite and ResolverDnsmasqSuite.
 */
public final class JdkTransport {

    private JdkTransport() {}

    public static Conn dial(String network, String server, Duration timeout) throws IOException {
        int colon = server.lastIndexOf(':');
        String host = server.substring(0, colon).replace("[", "").replace("]", "");
        InetSocketAddress addr = new InetSocketAddress(Hosts.literal(host), Integer.parseInt(server.substring(colon + 1)));
        if (network.equals("udp")) {
            DatagramChannel ch = DatagramChannel.open();
            ch.connect(addr);
            return new JdkUdp(ch);
        }
        SocketChannel ch = SocketChannel.open();
        try {
            ch.socket().connect(addr, (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())));
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return new JdkTcp(ch);
    }

    /** What the two JDK conns share: a deadline turned into socket timeouts, and the byte[] forms. */
    private abstract static class JdkConn implements Conn {
        private Instant readDeadline;

        /** Milliseconds left for a read (0 = no limit), or a timeout when the deadline has passed. */
        int soTimeout() throws SocketTimeoutException {
            if (readDeadline == null) {
                return 0;
            }
            long ms = Duration.between(Instant.now(), readDeadline).toMillis();
            if (ms <= 0) {
                throw new SocketTimeoutException("i/o timeout");
            }
            return (int) Math.min(Integer.MAX_VALUE, ms);
        }

        @Override public int read(byte[] b) throws IOException { return read(b, 0, b.length); }
        @Override public int read(ByteBuffer dst) throws IOException {
            byte[] b = new byte[dst.remaining()];
            int n = read(b);
            if (n > 0) {
                dst.put(b, 0, n);
            }
            return n;
        }
        @Override public int write(byte[] b) throws IOException { return write(b, 0, b.length); }
        @Override public int write(ByteBuffer src) throws IOException {
            byte[] b = new byte[src.remaining()];
            src.get(b);
            return write(b);
        }
        @Override public void setDeadline(Instant t) { readDeadline = t; }
        @Override public void setReadDeadline(Instant t) { readDeadline = t; }
        @Override public void setWriteDeadline(Instant t) { }
    }

    private static final class JdkUdp extends JdkConn implements UDPConn {
        private final DatagramChannel ch;
        private final DatagramSocket socket;

        JdkUdp(DatagramChannel ch) {
            this.ch = ch;
            this.socket = ch.socket();
        }

        @Override public int read(byte[] b, int off, int len) throws IOException {
            socket.setSoTimeout(soTimeout());
            DatagramPacket p = new DatagramPacket(b, off, len);
            socket.receive(p);
            return p.getLength();
        }
        @Override public int write(byte[] b, int off, int len) throws IOException {
            return ch.write(ByteBuffer.wrap(b, off, len));
        }
        @Override public SocketAddress readFrom(ByteBuffer dst) throws IOException {
            read(dst);
            return ch.getRemoteAddress();
        }
        @Override public int writeTo(ByteBuffer src, SocketAddress to) throws IOException { return write(src); }
        @Override public SocketAddress localAddr() { return socket.getLocalSocketAddress(); }
        @Override public SocketAddress remoteAddr() { return socket.getRemoteSocketAddress(); }
        @Override public InputStream inputStream() { throw new UnsupportedOperationException("datagram conn"); }
        @Override public OutputStream outputStream() { throw new UnsupportedOperationException("datagram conn"); }
        @Override public boolean isOpen() { return ch.isOpen(); }
        @Override public void close() throws IOException { ch.close(); }
    }

    private static final class JdkTcp extends JdkConn {
        private final SocketChannel ch;
        private final Socket socket;

        JdkTcp(SocketChannel ch) {
            this.ch = ch;
            this.socket = ch.socket();
        }

        @Override public int read(byte[] b, int off, int len) throws IOException {
            socket.setSoTimeout(soTimeout());
            return socket.getInputStream().read(b, off, len);
        }
        @Override public int write(byte[] b, int off, int len) throws IOException {
            socket.getOutputStream().write(b, off, len);
            return len;
        }
        @Override public SocketAddress localAddr() { return socket.getLocalSocketAddress(); }
        @Override public SocketAddress remoteAddr() { return socket.getRemoteSocketAddress(); }
        @Override public InputStream inputStream() { throw new UnsupportedOperationException("not used by the resolver"); }
        @Override public OutputStream outputStream() { throw new UnsupportedOperationException("not used by the resolver"); }
        @Override public boolean isOpen() { return ch.isOpen(); }
        @Override public void close() throws IOException { ch.close(); }
    }
}
