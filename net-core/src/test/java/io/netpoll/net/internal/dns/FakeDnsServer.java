package io.netpoll.net.internal.dns;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted DNS server on 127.0.0.1, UDP and TCP on one port, for what a real server will not
 * do: SERVFAIL, lame referrals, wrong IDs, mismatched questions, malformed, oversized, slow or no
 * replies. Each query is handed to the {@link Handler} on a virtual thread of its own (so a
 * handler may sleep to be slow); the datagrams it returns are sent back to the querier, or over
 * TCP framed with their length; no datagrams means no reply over UDP and a close over TCP.
 * Every query received is recorded.
 */
public final class FakeDnsServer implements AutoCloseable {

    public record Request(Message query, boolean tcp, InetSocketAddress from) {}

    @FunctionalInterface
    public interface Handler {
        List<byte[]> reply(Request request) throws Exception;
    }

    private final DatagramChannel udp;
    private final ServerSocketChannel tcp;
    private final Handler handler;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    public FakeDnsServer(Handler handler) throws IOException {
        this.handler = handler;
        DatagramChannel u = null;
        ServerSocketChannel t = null;
        for (int i = 0; i < 20 && t == null; i++) {
            u = DatagramChannel.open();
            // A channel whose bind fails is still open: it is closed here, or its socket would leak.
            ServerSocketChannel candidate = ServerSocketChannel.open();
            try {
                u.bind(new InetSocketAddress("127.0.0.1", 0));
                t = candidate.bind(new InetSocketAddress("127.0.0.1", ((InetSocketAddress) u.getLocalAddress()).getPort()));
            } catch (IOException portTakenForTcp) {
                candidate.close();
                u.close();
            }
        }
        if (t == null) {
            throw new IOException("no port free for both UDP and TCP");
        }
        this.udp = u;
        this.tcp = t;
        threads.add(Thread.ofPlatform().daemon().name("fake-dns-udp").start(this::serveUdp));
        threads.add(Thread.ofPlatform().daemon().name("fake-dns-tcp").start(this::serveTcp));
    }

    /** This server in Go's {@code host:port} form. */
    public String server() {
        return "127.0.0.1:" + port();
    }

    public int port() {
        return udp.socket().getLocalPort();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public long count(boolean overTcp) {
        return requests.stream().filter(r -> r.tcp() == overTcp).count();
    }

    private void serveUdp() {
        ByteBuffer buf = ByteBuffer.allocate(65535);
        while (udp.isOpen()) {
            try {
                buf.clear();
                SocketAddress from = udp.receive(buf);
                Message q = Message.parse(buf.array(), buf.position());
                Request r = new Request(q, false, (InetSocketAddress) from);
                requests.add(r);
                Thread.ofVirtual().start(() -> {
                    try {
                        for (byte[] d : handler.reply(r)) {
                            udp.send(ByteBuffer.wrap(d), from);
                        }
                    } catch (Exception e) {
                        // the querier sees no reply, which is what a failing handler means
                    }
                });
            } catch (DnsFormatException notAQuery) {
                // ignore
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serveTcp() {
        while (tcp.isOpen()) {
            try {
                SocketChannel c = tcp.accept();
                Thread.ofVirtual().start(() -> serveTcpConn(c));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serveTcpConn(SocketChannel c) {
        try (c; DataInputStream in = new DataInputStream(c.socket().getInputStream())) {
            byte[] q = new byte[in.readUnsignedShort()];
            in.readFully(q);
            Request r = new Request(Message.parse(q, q.length), true, (InetSocketAddress) c.getRemoteAddress());
            requests.add(r);
            for (byte[] d : handler.reply(r)) {
                ByteBuffer framed = ByteBuffer.allocate(d.length + 2).putShort((short) d.length).put(d).flip();
                while (framed.hasRemaining()) {
                    c.write(framed);
                }
            }
        } catch (EOFException | DnsFormatException badQuery) {
            // dropped
        } catch (Exception e) {
            // the connection closes: the querier sees EOF
        }
    }

    @Override
    public void close() throws IOException {
        udp.close();
        tcp.close();
    }

    // ---- building replies ----

    /** A reply to {@code r}: same ID and question, QR and RD set, with the given flags and answers. */
    public static Message reply(Request r, int rcode, boolean aa, boolean ra, boolean tc, List<Resource> answers,
            List<Resource> additionals) {
        Header q = r.query().header();
        return new Message(new Header(q.id(), true, 0, aa, tc, true, ra, false, false, rcode), r.query().questions(),
                answers, List.of(), additionals);
    }

    /** A normal recursive answer: NOERROR, RA set, the answers, and an OPT record as servers echo. */
    public static byte[] answer(Request r, Resource... answers) {
        return encode(reply(r, 0, false, true, false, List.of(answers), List.of(Resource.edns0(1232, 0, false))));
    }

    public static byte[] rcode(Request r, int rcode) {
        return encode(reply(r, rcode, false, true, false, List.of(), List.of()));
    }

    public static byte[] encode(Message m) {
        try {
            return m.encode();
        } catch (DnsFormatException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static Resource a(String name, String ip) {
        return new Resource(name, DnsType.A, 1, 60, new RData.A((Inet4Address) ip(ip)));
    }

    public static Resource aaaa(String name, String ip) {
        return new Resource(name, DnsType.AAAA, 1, 60, new RData.AAAA((Inet6Address) ip(ip)));
    }

    public static Resource txt(String name, String... strings) {
        return new Resource(name, DnsType.TXT, 1, 60, new RData.TXT(List.of(strings)));
    }

    /** The question name of a request, for handlers. */
    public static String qname(Request r) {
        return r.query().questions().get(0).name();
    }

    public static int qtype(Request r) {
        return r.query().questions().get(0).type();
    }

    private static InetAddress ip(String s) {
        InetAddress a = Hosts.literal(s);
        if (a == null) {
            throw new IllegalArgumentException(s);
        }
        return a;
    }

    /** {@code n} A records 10.0.x.y for {@code name}. */
    public static Resource[] manyA(String name, int n) {
        List<Resource> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(a(name, "10.0." + (i >> 8) + "." + (i & 0xFF)));
        }
        return l.toArray(new Resource[0]);
    }
}
