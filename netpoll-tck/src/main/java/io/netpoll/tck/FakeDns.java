package io.netpoll.tck;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A small authoritative DNS server on 127.0.0.1, UDP and TCP on one port, for the Resolver suites:
 * the peer the Resolver's own conns talk to through the provider under test. It is written on the
 * JDK's blocking channels and platform threads, so that it never shares the provider's poller or
 * the virtual-thread carriers with the client it serves.
 *
 * <p>Its zone is built with {@link #add}. It answers as a real server does: a CNAME is followed
 * within the zone, a name with no records at all is NXDOMAIN, a name with other records is an empty
 * answer (NODATA). Three behaviours a test needs on purpose: names under {@code silent.test.} are
 * never answered; names under {@code held.test.} are answered once {@link #release} is called; and
 * a UDP answer over 512 bytes is sent truncated (TC, no records), as the client must then ask over
 * TCP. Every question received is recorded with its transport.
 */
final class FakeDns implements AutoCloseable {

    static final int A = 1, NS = 2, CNAME = 5, PTR = 12, MX = 15, TXT = 16, AAAA = 28, SRV = 33;

    private static final int UDP_LIMIT = 512;

    record Query(String name, int type, boolean tcp) {}

    private record Record(String name, int type, byte[] rdata) {}

    private final Map<String, List<Record>> zone = new ConcurrentHashMap<>();
    private final List<Query> queries = new CopyOnWriteArrayList<>();
    private final CountDownLatch held = new CountDownLatch(1);
    private final List<SocketChannel> accepted = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final DatagramChannel udp;
    private final ServerSocketChannel tcp;

    FakeDns() throws IOException {
        DatagramChannel u = null;
        ServerSocketChannel t = null;
        for (int i = 0; i < 20 && t == null; i++) {
            u = DatagramChannel.open();
            // A channel whose bind fails is still open: it is closed here, or its socket would stay open
            // (unbound, so in no socket table) for the suite's leak check to find.
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
            throw new IOException("no loopback port free for both UDP and TCP");
        }
        udp = u;
        tcp = t;
        start("fake-dns-udp", this::serveUdp);
        start("fake-dns-tcp", this::serveTcp);
    }

    private void start(String name, Runnable body) {
        threads.add(Thread.ofPlatform().daemon().name(name).start(body));
    }

    /** This server in Go's {@code host:port} form. */
    String server() {
        return "127.0.0.1:" + udp.socket().getLocalPort();
    }

    List<Query> queries() {
        return List.copyOf(queries);
    }

    /** Answers every query held so far under {@code held.test.}, and any later one at once. */
    void release() {
        held.countDown();
    }

    // ---- the zone ----

    FakeDns add(String name, int type, String... data) throws IOException {
        ByteArrayOutputStream rdata = new ByteArrayOutputStream();
        switch (type) {
            case A, AAAA -> rdata.writeBytes(InetAddress.getByName(data[0]).getAddress());
            case NS, CNAME, PTR -> rdata.writeBytes(name(data[0]));
            case MX -> {
                u16(rdata, Integer.parseInt(data[0]));
                rdata.writeBytes(name(data[1]));
            }
            case SRV -> {
                for (int i = 0; i < 3; i++) {
                    u16(rdata, Integer.parseInt(data[i])); // priority, weight, port
                }
                rdata.writeBytes(name(data[3]));
            }
            case TXT -> {
                for (String s : data) {
                    byte[] b = s.getBytes(StandardCharsets.UTF_8);
                    rdata.write(b.length);
                    rdata.writeBytes(b);
                }
            }
            default -> throw new IllegalArgumentException("type " + type);
        }
        zone.computeIfAbsent(key(name), k -> new CopyOnWriteArrayList<>())
                .add(new Record(name, type, rdata.toByteArray()));
        return this;
    }

    private static String key(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n : n + ".";
    }

    // ---- serving ----

    private void serveUdp() {
        ByteBuffer buf = ByteBuffer.allocate(65535);
        try {
            while (true) {
                buf.clear();
                SocketAddress from = udp.receive(buf);
                byte[] query = new byte[buf.flip().remaining()];
                buf.get(query);
                start("fake-dns-udp-reply", () -> {
                    byte[] reply = reply(query, false);
                    if (reply != null) {
                        try {
                            udp.send(ByteBuffer.wrap(reply), from);
                        } catch (IOException closed) {
                            // the server was closed while the reply was held
                        }
                    }
                });
            }
        } catch (IOException closed) {
            // close() ends the loop
        }
    }

    private void serveTcp() {
        try {
            while (true) {
                SocketChannel c = tcp.accept();
                accepted.add(c);
                start("fake-dns-tcp-conn", () -> serveConn(c));
            }
        } catch (IOException closed) {
            // close() ends the loop
        }
    }

    private void serveConn(SocketChannel c) {
        try (c) {
            while (true) {
                ByteBuffer len = ByteBuffer.allocate(2);
                if (!readFully(c, len)) {
                    return;
                }
                ByteBuffer query = ByteBuffer.allocate(len.flip().getShort() & 0xffff);
                if (!readFully(c, query)) {
                    return;
                }
                byte[] reply = reply(query.array(), true);
                if (reply == null) {
                    return; // no answer over TCP is a close
                }
                ByteBuffer out = ByteBuffer.allocate(2 + reply.length).putShort((short) reply.length).put(reply).flip();
                while (out.hasRemaining()) {
                    c.write(out);
                }
            }
        } catch (IOException closedOrReset) {
            // the client went away, or close() closed this connection
        } finally {
            accepted.remove(c);
        }
    }

    private static boolean readFully(SocketChannel c, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (c.read(b) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The reply to one query, or null for none (silent names, a held name on close, garbage). */
    private byte[] reply(byte[] q, boolean overTcp) {
        if (q.length < 12 || ((q[4] << 8) | (q[5] & 0xff)) != 1) {
            return null;
        }
        int p = 12;
        StringBuilder name = new StringBuilder();
        while (p < q.length && q[p] != 0) {
            int len = q[p] & 0xff;
            if (len > 63 || p + 1 + len > q.length) {
                return null;
            }
            name.append(new String(q, p + 1, len, StandardCharsets.ISO_8859_1)).append('.');
            p += 1 + len;
        }
        if (p + 5 > q.length) {
            return null;
        }
        String qname = name.isEmpty() ? "." : name.toString().toLowerCase(Locale.ROOT);
        int qtype = ((q[p + 1] & 0xff) << 8) | (q[p + 2] & 0xff);
        int questionEnd = p + 5;
        queries.add(new Query(qname, qtype, overTcp));
        if (qname.endsWith(".silent.test.")) {
            return null;
        }
        if (qname.endsWith(".held.test.")) {
            try {
                if (!held.await(60, TimeUnit.SECONDS)) {
                    return null;
                }
            } catch (InterruptedException e) {
                return null;
            }
        }
        List<Record> answers = new ArrayList<>();
        int rcode = answer(qname, qtype, answers, 0) ? 0 : 3;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(q[0]);
        out.write(q[1]);
        u16(out, 0x8000 | 0x0400 | (q[2] & 0x01) << 8 | 0x0080 | rcode); // QR, AA, RD as asked, RA
        u16(out, 1);
        u16(out, answers.size());
        u16(out, 0);
        u16(out, 0);
        out.write(q, 12, questionEnd - 12);
        for (Record r : answers) {
            out.writeBytes(name(r.name()));
            u16(out, r.type());
            u16(out, 1);
            u16(out, 0);
            u16(out, 60); // TTL
            u16(out, r.rdata().length);
            out.writeBytes(r.rdata());
        }
        byte[] reply = out.toByteArray();
        if (!overTcp && reply.length > UDP_LIMIT) {
            byte[] truncated = new byte[questionEnd];
            System.arraycopy(reply, 0, truncated, 0, questionEnd);
            truncated[2] |= 0x02; // TC
            truncated[6] = 0;
            truncated[7] = 0;
            return truncated;
        }
        return reply;
    }

    /** Adds the records of name and type, following CNAMEs; false when the name does not exist. */
    private boolean answer(String name, int type, List<Record> out, int depth) {
        List<Record> rrs = zone.get(name);
        if (rrs == null) {
            return depth > 0; // a CNAME to outside the zone still exists
        }
        for (Record r : rrs) {
            if (r.type() == type) {
                out.add(r);
            }
        }
        if (type != CNAME && out.stream().noneMatch(r -> r.type() == type) && depth < 8) {
            for (Record r : rrs) {
                if (r.type() == CNAME) {
                    out.add(r);
                    answer(target(r), type, out, depth + 1);
                }
            }
        }
        return true;
    }

    private static String target(Record cname) {
        StringBuilder sb = new StringBuilder();
        byte[] b = cname.rdata();
        for (int p = 0; b[p] != 0; p += 1 + b[p]) {
            sb.append(new String(b, p + 1, b[p], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT)).append('.');
        }
        return sb.toString();
    }

    /** A query for one question, as a stub resolver sends it (RD set, no EDNS). */
    static byte[] query(int id, String name, int type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        u16(out, id);
        u16(out, 0x0100);
        u16(out, 1);
        u16(out, 0);
        u16(out, 0);
        u16(out, 0);
        out.writeBytes(name(name));
        u16(out, type);
        u16(out, 1);
        return out.toByteArray();
    }

    private static byte[] name(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String label : key(name).split("\\.")) {
            if (!label.isEmpty()) {
                byte[] b = label.getBytes(StandardCharsets.ISO_8859_1);
                out.write(b.length);
                out.writeBytes(b);
            }
        }
        out.write(0);
        return out.toByteArray();
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v >> 8);
        out.write(v);
    }

    /**
     * Stops serving: the sockets close, held replies are dropped, every thread ends, and this returns
     * once they have. Closing a JDK channel that a thread is blocked on only marks it closed; its
     * descriptor is released when that thread leaves the call, so a close that did not wait for the
     * threads could leave descriptors open for the suite's leak check to see.
     */
    @Override
    public void close() throws IOException {
        held.countDown();
        udp.close();
        tcp.close();
        for (SocketChannel c : accepted) {
            c.close();
        }
        long end = System.nanoTime() + Task.MAX_WAIT.toNanos();
        for (Thread t : threads) {
            try {
                if (!t.join(Duration.ofNanos(Math.max(1, end - System.nanoTime())))) {
                    throw new IOException("fake DNS thread " + t.getName() + " still running " + Task.MAX_WAIT
                            + " after close (state " + t.getState() + ")");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the fake DNS threads", e);
            }
        }
    }
}
