// Mirrors Go's src/net/dnsclient_unix.go.
package io.netpoll.net.internal.dns;

import io.netpoll.net.Conn;
import io.netpoll.net.DNSError;
import io.netpoll.net.PacketConn;
import java.io.IOException;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Go's pure DNS stub resolver: queries built and replies checked as dnsclient_unix.go does,
 * over connections from a {@link Transport}, so that on net-core's own sockets a lookup on a
 * virtual thread parks it rather than a carrier.
 *
 * <p>One <em>exchange</em> asks one server one question. It dials a fresh connected socket (a
 * new random source port) and sends a query with a fresh ID from a {@link SecureRandom}, RD set,
 * AD set with {@code trust-ad}, and an EDNS(0) OPT record offering 1232-byte replies (DNS flag
 * day 2020). Over UDP a datagram counts only when it is a response with the query's ID and
 * question (name compared ignoring ASCII case); anything else, unparsable bytes included, is
 * dropped and reading goes on until the deadline, so a spoofer must guess both (golang/go#13281).
 * A matching reply with TC set is asked again over TCP (RFC 7766 framing), where TC is accepted
 * as is (glibc's choice, golang/go#64896). Each network attempt has its own deadline of
 * {@code timeout}. Unlike Go, a datagram is read into a 64 KiB buffer, so that an oversized reply
 * from a server ignoring the 1232 offer is still read whole rather than cut and rejected.
 *
 * <p>{@link #tryOneName} runs {@code attempts} rounds over the servers, starting at the
 * {@code rotate} offset. NXDOMAIN, and NODATA (a reply without a record of the type asked for),
 * end it at once as "no such host": another server will not know better. SERVFAIL ("server
 * misbehaving", temporary), any other RCODE ("server misbehaving"), a lame referral (NOERROR
 * with neither AA nor RA, no answers and no additional records, golang.org/issue/15434), a reply
 * that does not parse, and socket errors (temporary; a timeout also sets isTimeout) move on to
 * the next server, and the last of them is reported if no server answers. Searching walks the
 * {@link DnsConfig#nameList} and reports failure under the name the caller gave.
 *
 * <p>Addresses: A and AAAA are asked in parallel, each on its own virtual thread
 * ({@code single-request}: one after the other), for each search name until one yields an
 * address. Every A and AAAA record of the answer section counts, whatever its owner; the first
 * one's owner is the canonical name. /etc/hosts comes before or after DNS as nsswitch.conf says.
 * A thread interrupted during a lookup ends it with "operation was interrupted" and keeps its
 * interrupt status.
 */
public final class DnsClient {

    /** Go's {@code maxDNSPacketSize}: the EDNS(0) UDP payload offered. */
    static final int MAX_DNS_PACKET_SIZE = 1232;
    private static final int MAX_UDP_READ = 0xFFFF;
    private static final List<String> UDP_THEN_TCP = List.of("udp", "tcp");
    private static final List<String> TCP_ONLY = List.of("tcp");
    static final String INTERRUPTED = "operation was interrupted";

    /** Go's {@code Resolver.Dial}: how the client reaches a server. */
    @FunctionalInterface
    public interface Transport {
        /**
         * A connection to {@code server} (an {@code ip:port}) over "udp" or "tcp", established
         * within {@code timeout}. A {@link PacketConn} is used as UDP (RFC 1035 4.2.1: one
         * datagram per message), any other {@link Conn} as TCP (RFC 7766: two-byte length prefix).
         */
        Conn dial(String network, String server, Duration timeout) throws IOException;
    }

    /** A reply that passed every check, and the server that sent it. */
    public record Answer(Message message, String server) {}

    /** The addresses found for a name and its canonical name (null when none). */
    public record IPResult(List<InetAddress> addrs, String cname) {}

    private final Transport transport;
    private final ResolverConfig config;
    private final SecureRandom random = new SecureRandom();

    public DnsClient(Transport transport, ResolverConfig config) {
        this.transport = transport;
        this.config = config;
    }

    // ---- one exchange ----

    Message exchange(String server, Question question, Duration timeout, boolean useTCP, boolean ad)
            throws ExchangeError, IOException {
        Question q = new Question(question.name(), question.type(), DnsType.CLASS_INET);
        int id = random.nextInt(1 << 16);
        byte[] req;
        try {
            req = new Message(Header.query(id, ad), List.of(q), List.of(), List.of(),
                    List.of(Resource.edns0(MAX_DNS_PACKET_SIZE, 0, false))).encode();
        } catch (DnsFormatException e) {
            throw ExchangeError.CANNOT_MARSHAL;
        }
        for (String network : useTCP ? TCP_ONLY : UDP_THEN_TCP) {
            Instant deadline = deadline(timeout);
            Message m;
            try (Conn c = transport.dial(network, server, timeout)) {
                c.setDeadline(deadline);
                m = c instanceof PacketConn ? packetRoundTrip(c, id, q, req) : streamRoundTrip(c, id, q, req);
            }
            if (m.questions().size() != 1) {
                throw ExchangeError.INVALID_RESPONSE;
            }
            if (m.header().truncated() && network.equals("udp")) {
                continue; // RFC 7766: a truncated UDP reply is a hint to ask over TCP
            }
            return m;
        }
        throw ExchangeError.NO_ANSWER;
    }

    private static Instant deadline(Duration timeout) {
        try {
            return Instant.now().plus(timeout);
        } catch (DateTimeException | ArithmeticException tooFar) {
            return null; // saturates to no deadline, as Go's huge durations do
        }
    }

    private static boolean checkResponse(int id, Question q, Message.Head head) {
        return head.header().response() && head.header().id() == id && q.matches(head.question());
    }

    private static Message packetRoundTrip(Conn c, int id, Question q, byte[] req) throws ExchangeError, IOException {
        c.write(req);
        byte[] buf = new byte[MAX_UDP_READ];
        while (true) {
            int n = c.read(buf);
            if (n < 0) {
                throw ExchangeError.EOF;
            }
            Message.Head head;
            try {
                head = Message.parseHead(buf, n);
            } catch (DnsFormatException forgeryOrGarbage) {
                continue;
            }
            if (!checkResponse(id, q, head)) {
                continue;
            }
            try {
                return Message.parse(buf, n);
            } catch (DnsFormatException e) {
                throw ExchangeError.CANNOT_UNMARSHAL;
            }
        }
    }

    private static Message streamRoundTrip(Conn c, int id, Question q, byte[] req) throws ExchangeError, IOException {
        byte[] framed = new byte[req.length + 2];
        framed[0] = (byte) (req.length >>> 8);
        framed[1] = (byte) req.length;
        System.arraycopy(req, 0, framed, 2, req.length);
        c.write(framed);
        byte[] len = readFull(c, 2);
        byte[] b = readFull(c, (len[0] & 0xFF) << 8 | len[1] & 0xFF);
        Message.Head head;
        try {
            head = Message.parseHead(b, b.length);
        } catch (DnsFormatException e) {
            throw ExchangeError.CANNOT_UNMARSHAL;
        }
        if (!checkResponse(id, q, head)) {
            throw ExchangeError.INVALID_RESPONSE;
        }
        try {
            return Message.parse(b, b.length);
        } catch (DnsFormatException e) {
            throw ExchangeError.CANNOT_UNMARSHAL;
        }
    }

    /** Go's {@code io.ReadFull}: EOF when nothing came, unexpected EOF when part of it did. */
    private static byte[] readFull(Conn c, int n) throws ExchangeError, IOException {
        byte[] b = new byte[n];
        int off = 0;
        while (off < n) {
            int r = c.read(b, off, n - off);
            if (r < 0) {
                throw off == 0 ? ExchangeError.EOF : ExchangeError.UNEXPECTED_EOF;
            }
            off += r;
        }
        return b;
    }

    /** Go's {@code checkHeader}, with the extended RCODE of the OPT record. */
    static void checkHeader(Message m) throws ExchangeError {
        int rcode = m.rcode();
        Header h = m.header();
        if (rcode == DnsType.RCODE_NAME_ERROR) {
            throw ExchangeError.NO_SUCH_HOST;
        }
        if (rcode == DnsType.RCODE_SUCCESS && !h.authoritative() && !h.recursionAvailable() && m.answers().isEmpty()
                && m.additionals().isEmpty()) {
            throw ExchangeError.LAME_REFERRAL;
        }
        if (rcode != DnsType.RCODE_SUCCESS) {
            throw rcode == DnsType.RCODE_SERVER_FAILURE ? ExchangeError.SERVER_TEMPORARILY_MISBEHAVING
                    : ExchangeError.SERVER_MISBEHAVING;
        }
    }

    /** Go's {@code skipToAnswer}: no record of the type asked for is "no such host" (NODATA). */
    static void skipToAnswer(Message m, int qtype) throws ExchangeError {
        for (Resource rr : m.answers()) {
            if (rr.type() == qtype) {
                return;
            }
        }
        throw ExchangeError.NO_SUCH_HOST;
    }

    // ---- one name, every server ----

    Answer tryOneName(DnsConfig conf, String name, int qtype) throws DNSError {
        try {
            Names.labels(name);
        } catch (DnsFormatException e) {
            throw ExchangeError.CANNOT_MARSHAL.toDNSError(name, "");
        }
        Question q = new Question(name, qtype, DnsType.CLASS_INET);
        DNSError lastErr = null;
        int n = conf.servers.size();
        int offset = conf.serverOffset() % n;
        for (int i = 0; i < conf.attempts; i++) {
            for (int j = 0; j < n; j++) {
                String server = conf.servers.get((offset + j) % n);
                checkInterrupt(name, server, null);
                Message m;
                try {
                    m = exchange(server, q, conf.timeout, conf.useTCP, conf.trustAD);
                } catch (ExchangeError e) {
                    lastErr = e.toDNSError(name, server);
                    continue;
                } catch (IOException e) {
                    checkInterrupt(name, server, e);
                    lastErr = ExchangeError.fromSocket(e, name, server);
                    continue;
                }
                try {
                    checkHeader(m);
                    skipToAnswer(m, qtype);
                } catch (ExchangeError e) {
                    if (e == ExchangeError.NO_SUCH_HOST) {
                        throw e.toDNSError(name, server); // the name does not exist: another server won't help
                    }
                    lastErr = e.toDNSError(name, server);
                    continue;
                }
                return new Answer(m, server);
            }
        }
        throw lastErr;
    }

    private static void checkInterrupt(String name, String server, Throwable cause) throws DNSError {
        if (Thread.currentThread().isInterrupted()) {
            DNSError e = new DNSError(INTERRUPTED, name, server, false, false, false);
            e.initCause(cause);
            throw e;
        }
    }

    /** Go's {@code Resolver.lookup}: one record type, over the search list. */
    public Answer lookup(String name, int qtype) throws DNSError {
        if (!DomainNames.isDomainName(name)) {
            throw notFound(name);
        }
        DnsConfig conf = config.dnsConfig();
        DNSError err = null;
        for (String fqdn : conf.nameList(name)) {
            try {
                return tryOneName(conf, fqdn, qtype);
            } catch (DNSError e) {
                if (e.err().equals(INTERRUPTED)) {
                    throw e.withName(name);
                }
                err = e;
            }
        }
        // No candidate name at all (too long, or .onion): Go returns nothing and no error; a Java caller gets "no such host".
        throw err == null ? notFound(name) : err.withName(name);
    }

    static DNSError notFound(String name) {
        return ExchangeError.NO_SUCH_HOST.toDNSError(name, "");
    }

    // ---- addresses ----

    /** One query type's result: an answer, a DNS error, or a fault of this side (a bug, no usable provider). */
    private record Outcome(Answer answer, DNSError err, Throwable fault) {}

    /**
     * Go's {@code goLookupIPCNAMEOrder}: the addresses of {@code name} for network "ip", "ip4",
     * "ip6", or "CNAME" (which also asks for CNAME records and stops at the first name of the search
     * list that has one), sorted by RFC 6724, and the canonical name: the end of the CNAME chain.
     */
    public IPResult lookupIPCNAME(String network, String name) throws DNSError {
        IPResult r = lookupIPCNAMEUnsorted(network, name);
        return new IPResult(AddrSelect.sortByRFC6724(r.addrs()), r.cname());
    }

    /**
     * The final name after following the CNAME records of {@code chain} from {@code name}, as Go's
     * documentation defines the canonical name. Go's pure resolver stops at the first hop instead
     * (golang/go#59943); this follows the documentation. A loop stops once every record was used.
     */
    private static String canonical(String name, Map<String, String> chain) {
        String n = name;
        for (int hops = 0; hops < chain.size(); hops++) {
            String next = chain.get(lower(n));
            if (next == null) {
                break;
            }
            n = next;
        }
        return n;
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private IPResult lookupIPCNAMEUnsorted(String network, String name) throws DNSError {
        HostLookupOrder order = config.order(name);
        if (order.filesFirst()) {
            IPResult files = lookupFiles(name);
            if (files != null) {
                return files;
            }
            if (!order.usesDNS()) {
                throw notFound(name);
            }
        }
        if (!DomainNames.isDomainName(name)) {
            throw notFound(name);
        }
        DnsConfig conf = config.dnsConfig();
        List<Integer> qtypes = switch (network) {
            case "ip4" -> List.of(DnsType.A);
            case "ip6" -> List.of(DnsType.AAAA);
            case "CNAME" -> List.of(DnsType.A, DnsType.AAAA, DnsType.CNAME);
            default -> List.of(DnsType.A, DnsType.AAAA);
        };
        boolean wantCNAME = network.equals("CNAME");
        List<InetAddress> addrs = new ArrayList<>();
        String cname = null;
        DNSError lastErr = null;
        for (String fqdn : conf.nameList(name)) {
            Map<String, String> chain = new HashMap<>(); // CNAME owner (lower case) to target
            List<Outcome> outcomes = conf.singleRequest
                    ? sequential(conf, fqdn, qtypes)
                    : parallel(conf, fqdn, qtypes, name);
            rethrowFault(outcomes);
            for (Outcome o : outcomes) {
                if (o.err() != null) {
                    if (o.err().err().equals(INTERRUPTED)) {
                        throw o.err().withName(name);
                    }
                    if (lastErr == null || fqdn.equals(name + ".")) {
                        lastErr = o.err(); // prefer the error for the name as given
                    }
                    continue;
                }
                // The servers are recursive: the answer holds the whole CNAME chain, so every A and
                // AAAA record is an address of the name.
                for (Resource rr : o.answer().message().answers()) {
                    switch (rr.data()) {
                        case RData.A a -> addrs.add(a.address());
                        case RData.AAAA a -> addrs.add(a.address());
                        case RData.CNAME c -> chain.putIfAbsent(lower(rr.name()), c.target());
                        default -> { }
                    }
                }
            }
            if (!addrs.isEmpty() || !chain.isEmpty()) {
                cname = canonical(fqdn, chain);
            }
            if (!addrs.isEmpty() || wantCNAME && cname != null) {
                break;
            }
        }
        if (addrs.isEmpty() && !(wantCNAME && cname != null)) {
            if (order.filesLast()) {
                IPResult files = lookupFiles(name);
                if (files != null) {
                    return files;
                }
            }
            throw lastErr != null ? lastErr.withName(name) : notFound(name);
        }
        return new IPResult(List.copyOf(addrs), cname);
    }

    /**
     * The first half of Go's {@code goLookupHostOrder}: the hosts file's addresses for
     * {@code host} as listed, when the order reads files first and has them; null to go on to DNS.
     *
     * @throws DNSError "no such host" when the order is files only and they do not have it
     */
    public List<String> lookupStaticHost(String host) throws DNSError {
        HostLookupOrder order = config.order(host);
        if (!order.filesFirst()) {
            return null;
        }
        Hosts.ByName h = config.hosts().lookupStaticHost(host);
        if (h != null) {
            return h.addrs();
        }
        if (!order.usesDNS()) {
            throw notFound(host);
        }
        return null;
    }

    /** Go's {@code goLookupIPFiles}: the hosts file's addresses and canonical name, or null. */
    private IPResult lookupFiles(String name) {
        Hosts.ByName h = config.hosts().lookupStaticHost(name);
        if (h == null) {
            return null;
        }
        List<InetAddress> addrs = new ArrayList<>();
        for (String a : h.addrs()) {
            InetAddress ip = Hosts.literal(a);
            if (ip != null) {
                addrs.add(ip);
            }
        }
        return addrs.isEmpty() ? null : new IPResult(List.copyOf(addrs), h.canonicalName());
    }

    private List<Outcome> sequential(DnsConfig conf, String fqdn, List<Integer> qtypes) {
        List<Outcome> out = new ArrayList<>();
        for (int qtype : qtypes) {
            out.add(attempt(conf, fqdn, qtype));
        }
        return out;
    }

    /** Every query type at once, each on its own virtual thread; outcomes in arrival order, as Go's lane. */
    private List<Outcome> parallel(DnsConfig conf, String fqdn, List<Integer> qtypes, String name) throws DNSError {
        BlockingQueue<Outcome> lane = new LinkedBlockingQueue<>();
        List<Thread> workers = new ArrayList<>();
        for (int qtype : qtypes) {
            workers.add(Thread.ofVirtual().name("netpoll-dns " + DnsType.name(qtype) + " " + fqdn)
                    .start(() -> lane.add(attempt(conf, fqdn, qtype))));
        }
        List<Outcome> out = new ArrayList<>();
        try {
            while (out.size() < qtypes.size()) {
                out.add(lane.take());
            }
        } catch (InterruptedException e) {
            workers.forEach(Thread::interrupt);
            Thread.currentThread().interrupt();
            DNSError d = new DNSError(INTERRUPTED, name, "", false, false, false);
            d.initCause(e);
            throw d;
        }
        return out;
    }

    private Outcome attempt(DnsConfig conf, String fqdn, int qtype) {
        try {
            return new Outcome(tryOneName(conf, fqdn, qtype), null, null);
        } catch (DNSError e) {
            return new Outcome(null, e, null);
        } catch (RuntimeException | Error e) {
            // On a worker, anything thrown must still reach the caller as an outcome, or it waits forever.
            return new Outcome(null, null, e);
        }
    }

    /**
     * Rethrows a fault caught on a worker, as it was, on the caller's thread: it is no answer about
     * the name, and dressing it as a DNSError would hide it as one.
     */
    private static void rethrowFault(List<Outcome> outcomes) {
        for (Outcome o : outcomes) {
            if (o.fault() instanceof RuntimeException e) {
                throw e;
            }
            if (o.fault() instanceof Error e) {
                throw e;
            }
        }
    }

    // ---- reverse ----

    /** Go's {@code goLookupPTR}: hosts and PTR records of in-addr.arpa / ip6.arpa, as the order says. */
    public List<String> lookupPTR(String addr, InetAddress ip) throws DNSError {
        HostLookupOrder order = config.order("");
        if (order.filesFirst()) {
            List<String> names = config.hosts().lookupStaticAddr(addr);
            if (!names.isEmpty()) {
                return names;
            }
            if (!order.usesDNS()) {
                throw notFound(addr);
            }
        }
        Answer a;
        try {
            a = lookup(DomainNames.reverseaddr(ip), DnsType.PTR);
        } catch (DNSError e) {
            if (e.isNotFound() && order.filesLast()) {
                List<String> names = config.hosts().lookupStaticAddr(addr);
                if (!names.isEmpty()) {
                    return names;
                }
            }
            throw e;
        }
        List<String> ptrs = new ArrayList<>();
        for (Resource rr : a.message().answers()) {
            if (rr.data() instanceof RData.PTR p) {
                ptrs.add(p.host());
            }
        }
        return ptrs;
    }
}
