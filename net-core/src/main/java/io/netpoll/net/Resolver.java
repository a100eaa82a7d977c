// Mirrors Go's net.Resolver (src/net/lookup.go, lookup_unix.go) with PreferGo: the pure DNS client.
package io.netpoll.net;

import io.netpoll.net.internal.AddrError;
import io.netpoll.net.internal.IP;
import io.netpoll.net.internal.OpErrors;
import io.netpoll.net.internal.Ports;
import io.netpoll.net.internal.UnknownNetworkError;
import io.netpoll.net.internal.dns.DnsClient;
import io.netpoll.net.internal.dns.DnsType;
import io.netpoll.net.internal.dns.DomainNames;
import io.netpoll.net.internal.dns.RData;
import io.netpoll.net.internal.dns.RecordOrder;
import io.netpoll.net.internal.dns.Resource;
import io.netpoll.net.internal.dns.ResolverConfig;
import io.netpoll.net.internal.dns.SingleFlight;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Name lookups as Go's {@code net.Resolver} does them with its own DNS client: /etc/hosts and
 * DNS in nsswitch.conf's order, resolv.conf's servers, search list, ndots, timeout, attempts and
 * options, both files re-read when they change; queries over net-core's own UDP and TCP conns,
 * so a lookup on a virtual thread parks it. No answer is cached, as in Go.
 *
 * <pre>{@code
 * List<InetAddress> ips = Resolver.getDefault().lookupIP("ip", "example.com");
 * Resolver r = Resolver.builder().nameservers("127.0.0.1:5353").timeout(Duration.ofSeconds(1)).build();
 * List<MX> mxs = r.lookupMX("example.com");
 * }</pre>
 *
 * <p>IP literals are returned as they are, never looked up. Results are immutable lists; names in
 * them are rooted ({@code "mail.example.com."}) as Go returns them. Concurrent identical address
 * lookups share one query. Addresses are sorted by RFC 6724 as Go sorts them.
 *
 * <p>Failures are {@link DNSError}s (an {@link UnknownHostException}) with Go's text, such as
 * {@code "lookup nosuch.example on 127.0.0.1:53: no such host"}; a bad network or port argument is
 * an {@link IOException} implementing {@link NetError}. Where Go returns the valid records of an
 * answer together with an error about invalid names in it ("DNS response contained records which
 * contain invalid names"), this class throws that error. A lookup interrupted by
 * {@link Thread#interrupt} fails with "operation was interrupted", the interrupt status kept.
 *
 * <p>With {@link Builder#preferNative}, host and address lookups ({@link #lookupHost},
 * {@link #lookupIP}, {@link #lookupAddr}) go to the JDK's {@link InetAddress} (the system
 * resolver, its cache and its hosts file) instead, as Go's cgo resolver serves those through libc;
 * the other record types always use the DNS client, as in Go.
 */
public final class Resolver {

    /** Go's {@code errMalformedDNSRecordsDetail}. */
    private static final String MALFORMED = "DNS response contained records which contain invalid names";

    private final DnsClient client;
    private final boolean preferNative;
    private final SingleFlight<List<InetAddress>> lookupGroup = new SingleFlight<>();

    private Resolver(DnsClient client, boolean preferNative) {
        this.client = client;
        this.preferNative = preferNative;
    }

    private static final class Default {
        static final Resolver INSTANCE = builder().build();
    }

    /**
     * The resolver of this machine: /etc/resolv.conf, /etc/hosts and /etc/nsswitch.conf.
     *
     * @return the default resolver
     */
    public static Resolver getDefault() {
        return Default.INSTANCE;
    }

    /**
     * A builder whose settings all start at this machine's configuration.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Options of a {@link Resolver}; anything not set comes from the system's files. */
    public static final class Builder {
        private List<String> nameservers;
        private Path hostsFile = ResolverConfig.HOSTS;
        private Path resolvConf = ResolverConfig.RESOLV_CONF;
        private Path nsswitchConf = ResolverConfig.NSSWITCH;
        private Duration timeout;
        private Integer attempts;
        private boolean preferNative;
        private DnsClient.Transport transport = Net::dialTimeout;

        private Builder() {}

        /**
         * The servers to ask, in order, instead of resolv.conf's: IP literals with an optional
         * port ({@code "192.0.2.1"}, {@code "127.0.0.1:5353"}, {@code "[::1]:53"}); no host names.
         *
         * @throws IllegalArgumentException for anything else
         * @param servers the servers, each an IP literal with an optional port
         * @return this builder
         */
        public Builder nameservers(String... servers) {
            List<String> list = new ArrayList<>();
            for (String s : servers) {
                list.add(server(s));
            }
            if (list.isEmpty()) {
                throw new IllegalArgumentException("no nameservers");
            }
            this.nameservers = List.copyOf(list);
            return this;
        }

        /**
         * The hosts file to read instead of /etc/hosts.
         *
         * @param hostsFile the file
         * @return this builder
         */
        public Builder hostsFile(Path hostsFile) {
            this.hostsFile = Objects.requireNonNull(hostsFile, "hostsFile");
            return this;
        }

        /**
         * The resolver configuration to read instead of /etc/resolv.conf.
         *
         * @param resolvConf the file
         * @return this builder
         */
        public Builder resolvConf(Path resolvConf) {
            this.resolvConf = Objects.requireNonNull(resolvConf, "resolvConf");
            return this;
        }

        /** The nsswitch.conf whose {@code hosts:} line orders files and DNS. */
        Builder nsswitchConf(Path nsswitchConf) {
            this.nsswitchConf = Objects.requireNonNull(nsswitchConf, "nsswitchConf");
            return this;
        }

        /**
         * How long one exchange with one server may take (resolv.conf's {@code timeout:}); positive.
         *
         * @param timeout how long to wait
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * How many rounds over the servers before giving up (resolv.conf's {@code attempts:}); at least 1.
         *
         * @param attempts the number of rounds
         * @return this builder
         */
        public Builder attempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
            }
            this.attempts = attempts;
            return this;
        }

        /**
         * Host and address lookups through the JDK's {@link InetAddress} instead of the DNS client.
         *
         * @param preferNative true to use the JDK's resolver for hosts and addresses
         * @return this builder
         */
        public Builder preferNative(boolean preferNative) {
            this.preferNative = preferNative;
            return this;
        }

        /** Go's {@code Resolver.Dial}: how servers are reached; net-core's own conns unless replaced. */
        Builder transport(DnsClient.Transport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /**
         * A {@link Resolver} with this builder's settings.
         *
         * @return the resolver
         */
        public Resolver build() {
            ResolverConfig config = new ResolverConfig(resolvConf, hostsFile, nsswitchConf, nameservers, timeout,
                    attempts);
            return new Resolver(new DnsClient(transport, config), preferNative);
        }

        private static String server(String s) {
            String host = s;
            String port = "53";
            if (s.startsWith("[")) {
                int end = s.indexOf(']');
                if (end < 0 || end + 1 < s.length() && s.charAt(end + 1) != ':') {
                    throw new IllegalArgumentException("bad nameserver address " + s);
                }
                host = s.substring(1, end);
                port = end + 1 < s.length() ? s.substring(end + 2) : "53";
            } else if (s.indexOf(':') == s.lastIndexOf(':') && s.indexOf(':') >= 0) {
                host = s.substring(0, s.indexOf(':'));
                port = s.substring(s.indexOf(':') + 1);
            }
            InetAddress ip = IP.parse(host);
            if (ip == null) {
                throw new IllegalArgumentException("nameserver " + s + " is not an IP address");
            }
            int p;
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                p = -1;
            }
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("bad port in nameserver " + s);
            }
            return Net.joinHostPort(host, port);
        }
    }

    // ---- addresses ----

    /**
     * The addresses of {@code host}, as text: the hosts file's entries as listed, or DNS's sorted
     * by RFC 6724. An IP literal is returned as is.
     *
     * @param host the host name
     * @return the addresses, as text
     * @throws IOException a {@link NetError} with Go's text
     */
    public List<String> lookupHost(String host) throws IOException {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw notFound(host);
        }
        if (IP.parse(host) != null) {
            return List.of(host);
        }
        if (!preferNative) {
            List<String> files = client.lookupStaticHost(host);
            if (files != null) {
                return files;
            }
        }
        List<String> out = new ArrayList<>();
        for (InetAddress a : lookupIPAddr("ip", host)) {
            out.add(IP.string(a));
        }
        return List.copyOf(out);
    }

    /**
     * The addresses of {@code host} for {@code network}: "ip" (IPv4 and IPv6), "ip4" or "ip6".
     * Each carries {@code host} as its host name, as {@link InetAddress#getAllByName} does.
     *
     * @throws IOException "unknown network" for another network; "no suitable address found"
     *     when the host has addresses, but none of the family asked for
     *
     * @param network the network, e.g. {@code "tcp"}
     * @param host the host name
     * @return the addresses
     */
    public List<InetAddress> lookupIP(String network, String host) throws IOException {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(host, "host");
        switch (network) {
            case "ip", "ip4", "ip6" -> { }
            default -> throw OpErrors.bare(new UnknownNetworkError(network));
        }
        if (host.isEmpty()) {
            throw notFound(host);
        }
        InetAddress literal = IP.parse(host);
        List<InetAddress> addrs = literal != null ? List.of(literal) : lookupIPAddr(network, host);
        List<InetAddress> out = new ArrayList<>();
        for (InetAddress a : addrs) {
            if (network.equals("ip") || network.equals("ip4") == (a instanceof Inet4Address)) {
                out.add(literal != null ? a : named(host, a));
            }
        }
        if (out.isEmpty()) {
            throw OpErrors.bare(new AddrError("no suitable address found", host));
        }
        return List.copyOf(out);
    }

    /** Go's {@code lookupIPAddr}: shared by concurrent identical lookups (key: network and host). */
    private List<InetAddress> lookupIPAddr(String network, String host) throws DNSError {
        try {
            return lookupGroup.run(network + "\0" + host, DNSError.class, () -> preferNative
                    ? nativeLookup(host)
                    : client.lookupIPCNAME(network, host).addrs());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            DNSError d = new DNSError("operation was interrupted", host, "", false, false, false);
            d.initCause(e);
            throw d;
        }
    }

    private static List<InetAddress> nativeLookup(String host) throws DNSError {
        try {
            return List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            DNSError d = notFound(host);
            d.initCause(e);
            throw d;
        }
    }

    private static InetAddress named(String host, InetAddress a) {
        try {
            return a instanceof Inet6Address v6 && v6.getScopeId() != 0
                    ? Inet6Address.getByAddress(host, a.getAddress(), v6.getScopeId())
                    : InetAddress.getByAddress(host, a.getAddress());
        } catch (UnknownHostException impossible) {
            throw new AssertionError(impossible); // only for a wrong address length
        }
    }

    // ---- names ----

    /**
     * The names of address {@code addr} (PTR records of in-addr.arpa or ip6.arpa, or the hosts
     * file), rooted.
     *
     * @param addr the IP address, as text
     * @return the names, rooted
     * @throws IOException a {@link NetError} with Go's text
     */
    public List<String> lookupAddr(String addr) throws IOException {
        Objects.requireNonNull(addr, "addr");
        InetAddress ip = IP.parse(addr);
        if (ip == null) {
            throw new DNSError("unrecognized address", addr, "", false, false, false);
        }
        List<String> names;
        if (preferNative) {
            String name = InetAddress.getByAddress(ip.getAddress()).getCanonicalHostName();
            if (IP.parse(name) != null) {
                throw notFound(addr);
            }
            names = List.of(name.endsWith(".") ? name : name + ".");
        } else {
            names = client.lookupPTR(addr, ip);
        }
        return valid(names, addr);
    }

    /**
     * The canonical name of {@code host}, rooted, as Go documents it: the final name after following
     * zero or more CNAME records ({@code host} itself when it has none), for a chain of any length.
     * Go's pure resolver returns the first hop of a chain instead (golang/go#59943, open); this
     * follows Go's documentation. From the hosts file, the first name of the line that lists
     * {@code host}.
     *
     * @param host the host name
     * @return the canonical name, rooted
     * @throws IOException a {@link NetError} with Go's text
     */
    public String lookupCNAME(String host) throws IOException {
        Objects.requireNonNull(host, "host");
        String cname = client.lookupIPCNAME("CNAME", host).cname();
        if (cname == null || !DomainNames.isDomainName(cname)) {
            throw new DNSError(MALFORMED, host, "", false, false, false);
        }
        return cname;
    }

    /**
     * The mail exchangers of {@code name}, by preference; equal preferences in random order.
     *
     * @param name the name to look up
     * @return the MX records
     * @throws IOException a {@link NetError} with Go's text
     */
    public List<MX> lookupMX(String name) throws IOException {
        Objects.requireNonNull(name, "name");
        List<MX> mxs = new ArrayList<>();
        for (Resource rr : answers(name, DnsType.MX)) {
            if (rr.data() instanceof RData.MX mx) {
                mxs.add(new MX(mx.host(), mx.preference()));
            }
        }
        List<MX> sorted = RecordOrder.sortMX(mxs, ThreadLocalRandom.current());
        for (MX mx : sorted) {
            if (!DomainNames.isDomainName(mx.host())) {
                throw new DNSError(MALFORMED, name, "", false, false, false);
            }
        }
        return sorted;
    }

    /**
     * The name servers of {@code name}.
     *
     * @param name the name to look up
     * @return the NS records
     * @throws IOException a {@link NetError} with Go's text
     */
    public List<NS> lookupNS(String name) throws IOException {
        Objects.requireNonNull(name, "name");
        List<NS> nss = new ArrayList<>();
        for (Resource rr : answers(name, DnsType.NS)) {
            if (rr.data() instanceof RData.NS ns) {
                if (!DomainNames.isDomainName(ns.host())) {
                    throw new DNSError(MALFORMED, name, "", false, false, false);
                }
                nss.add(new NS(ns.host()));
            }
        }
        return List.copyOf(nss);
    }

    /**
     * The TXT records of {@code name}, one string per record: its character strings joined without
     * a separator, as Go joins them, and decoded as UTF-8.
     *
     * @param name the name to look up
     * @return the TXT records
     * @throws IOException a {@link NetError} with Go's text
     */
    public List<String> lookupTXT(String name) throws IOException {
        Objects.requireNonNull(name, "name");
        List<String> txts = new ArrayList<>();
        for (Resource rr : answers(name, DnsType.TXT)) {
            if (rr.data() instanceof RData.TXT txt) {
                byte[] joined = String.join("", txt.strings()).getBytes(StandardCharsets.ISO_8859_1);
                txts.add(new String(joined, StandardCharsets.UTF_8));
            }
        }
        return List.copyOf(txts);
    }

    /**
     * The SRV records of {@code _service._proto.name} (of {@code name} itself when service and
     * proto are both empty), by priority and, within a priority, in RFC 2782 weighted random order.
     *
     * @param service the service name, or a port number
     * @param proto the protocol, "tcp" or "udp", without the underscore; or empty
     * @param name the name to look up
     * @return the SRV records
     * @throws IOException a {@link NetError} with Go's text
     */
    public List<SRV> lookupSRV(String service, String proto, String name) throws IOException {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(proto, "proto");
        Objects.requireNonNull(name, "name");
        String target = service.isEmpty() && proto.isEmpty() ? name : "_" + service + "._" + proto + "." + name;
        List<SRV> srvs = new ArrayList<>();
        String cname = null;
        for (Resource rr : answers(target, DnsType.SRV)) {
            if (rr.data() instanceof RData.SRV srv) {
                cname = cname == null ? rr.name() : cname;
                srvs.add(new SRV(srv.target(), srv.port(), srv.priority(), srv.weight()));
            }
        }
        if (cname != null && !DomainNames.isDomainName(cname)) {
            throw new DNSError("SRV header name is invalid", name, "", false, false, false);
        }
        for (SRV srv : srvs) {
            if (!DomainNames.isDomainName(srv.target())) {
                throw new DNSError(MALFORMED, name, "", false, false, false);
            }
        }
        return RecordOrder.sortSRV(srvs, ThreadLocalRandom.current());
    }

    /**
     * The port of {@code service} for {@code network} ("tcp", "tcp4", "tcp6", "udp", "udp4",
     * "udp6", or "" or "ip" for either): a number as is, else /etc/services and Go's built-in table.
     *
     * @param network the network, e.g. {@code "tcp"}
     * @param service the service name, or a port number
     * @return the port
     * @throws IOException a {@link NetError} with Go's text
     */
    public int lookupPort(String network, String service) throws IOException {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(service, "service");
        try {
            return Ports.system().lookupPort(network, service);
        } catch (IOException e) {
            throw e instanceof NetError ? e : OpErrors.bare(e);
        }
    }

    private List<Resource> answers(String name, int qtype) throws DNSError {
        return client.lookup(name, qtype).message().answers();
    }

    private List<String> valid(List<String> names, String addr) throws DNSError {
        for (String n : names) {
            if (!DomainNames.isDomainName(n)) {
                throw new DNSError(MALFORMED, addr, "", false, false, false);
            }
        }
        return List.copyOf(names);
    }

    private static DNSError notFound(String name) {
        return new DNSError("no such host", name, "", false, false, true);
    }
}
