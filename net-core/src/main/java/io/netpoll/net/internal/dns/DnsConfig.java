package io.netpoll.net.internal.dns;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Mirrors Go's src/net/dnsconfig.go and dnsconfig_unix.go: a parsed resolv.conf(5) and the
 * search-list rules that go with it.
 *
 * <p>Defaults are Go's: servers 127.0.0.1:53 and [::1]:53 when the file names none, ndots 1,
 * timeout 5 s, attempts 2, and a search list of the domain part of the host name. At most three
 * {@code nameserver} lines count, and only IP literals; {@code domain} and {@code search} replace
 * each other, the last one winning. Options: {@code ndots:n} (0..15), {@code timeout:n} and
 * {@code attempts:n} (at least 1), {@code rotate}, {@code single-request}[{@code -reopen}],
 * {@code use-vc}/{@code usevc}/{@code tcp}, {@code trust-ad}, {@code edns0} (always on anyway) and
 * {@code no-reload}; anything else only sets {@link #unknownOpt}.
 */
final class DnsConfig {

    static final List<String> DEFAULT_SERVERS = List.of("127.0.0.1:53", "[::1]:53");

    final List<String> servers;
    final List<String> search;
    final int ndots;
    final Duration timeout;
    final int attempts;
    final boolean rotate;
    final boolean singleRequest;
    final boolean useTCP;
    final boolean trustAD;
    final boolean noReload;
    final boolean unknownOpt;
    /** Why the file could not be read, or null. */
    final IOException err;
    private final AtomicInteger soffset = new AtomicInteger();

    DnsConfig(List<String> servers, List<String> search, int ndots, Duration timeout, int attempts, boolean rotate,
            boolean singleRequest, boolean useTCP, boolean trustAD, boolean noReload, boolean unknownOpt,
            IOException err) {
        this.servers = List.copyOf(servers);
        this.search = List.copyOf(search);
        this.ndots = ndots;
        this.timeout = timeout;
        this.attempts = attempts;
        this.rotate = rotate;
        this.singleRequest = singleRequest;
        this.useTCP = useTCP;
        this.trustAD = trustAD;
        this.noReload = noReload;
        this.unknownOpt = unknownOpt;
        this.err = err;
    }

    /** This configuration with other servers, timeout and attempts, where given (null keeps). */
    DnsConfig with(List<String> servers, Duration timeout, Integer attempts) {
        return new DnsConfig(servers != null ? servers : this.servers, search, ndots,
                timeout != null ? timeout : this.timeout, attempts != null ? attempts : this.attempts, rotate,
                singleRequest, useTCP, trustAD, noReload, unknownOpt, err);
    }

    /** Go's {@code serverOffset}: round robin with {@code rotate}, else always 0. */
    int serverOffset() {
        return rotate ? soffset.getAndIncrement() & Integer.MAX_VALUE : 0;
    }

    static DnsConfig parse(Path file, Supplier<String> hostname) {
        List<String> servers = new ArrayList<>();
        List<String> search = null;
        int ndots = 1;
        Duration timeout = Duration.ofSeconds(5);
        int attempts = 2;
        boolean rotate = false, singleRequest = false, useTCP = false, trustAD = false, noReload = false;
        boolean unknownOpt = false;
        IOException err = null;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith(";") || line.startsWith("#")) {
                    continue;
                }
                String[] f = fields(line);
                if (f.length == 0) {
                    continue;
                }
                switch (f[0]) {
                    case "nameserver" -> {
                        if (f.length > 1 && servers.size() < 3 && Hosts.literal(f[1]) != null) {
                            servers.add(joinHostPort(f[1], "53"));
                        }
                    }
                    case "domain" -> {
                        if (f.length > 1) {
                            search = List.of(DomainNames.ensureRooted(f[1]));
                        }
                    }
                    case "search" -> {
                        search = new ArrayList<>();
                        for (int i = 1; i < f.length; i++) {
                            String name = DomainNames.ensureRooted(f[i]);
                            if (!name.equals(".")) {
                                search.add(name);
                            }
                        }
                    }
                    case "options" -> {
                        for (int i = 1; i < f.length; i++) {
                            String s = f[i];
                            if (s.startsWith("ndots:")) {
                                ndots = Math.min(15, dtoi(s.substring(6)));
                            } else if (s.startsWith("timeout:")) {
                                timeout = Duration.ofSeconds(Math.max(1, dtoi(s.substring(8))));
                            } else if (s.startsWith("attempts:")) {
                                attempts = Math.max(1, dtoi(s.substring(9)));
                            } else {
                                switch (s) {
                                    case "rotate" -> rotate = true;
                                    case "single-request", "single-request-reopen" -> singleRequest = true;
                                    case "use-vc", "usevc", "tcp" -> useTCP = true;
                                    case "trust-ad" -> trustAD = true;
                                    case "edns0" -> { } // EDNS(0) is always on
                                    case "no-reload" -> noReload = true;
                                    default -> unknownOpt = true;
                                }
                            }
                        }
                    }
                    default -> unknownOpt = true; // includes OpenBSD's "lookup", which only OpenBSD reads
                }
            }
        } catch (IOException e) {
            err = e;
        }
        if (servers.isEmpty()) {
            servers = DEFAULT_SERVERS;
        }
        if (search == null || search.isEmpty()) {
            search = defaultSearch(hostname.get());
        }
        return new DnsConfig(servers, search, ndots, timeout, attempts, rotate, singleRequest, useTCP, trustAD,
                noReload, unknownOpt, err);
    }

    /** Go's {@code dnsDefaultSearch}: the domain part of the host name, when it has one. */
    static List<String> defaultSearch(String hostname) {
        if (hostname == null) {
            return List.of();
        }
        int i = hostname.indexOf('.');
        if (i >= 0 && i < hostname.length() - 1) {
            return List.of(DomainNames.ensureRooted(hostname.substring(i + 1)));
        }
        return List.of();
    }

    /**
     * Go's {@code nameList}: the fully-qualified names to try for {@code name}, in order. A rooted
     * name is tried alone; otherwise a name with at least {@code ndots} dots is tried as is first,
     * then with each search suffix, and one with fewer dots last. Names too long for DNS and
     * .onion names give nothing.
     */
    List<String> nameList(String name) {
        boolean rooted = name.endsWith(".");
        if (name.length() > 254 || name.length() == 254 && !rooted) {
            return List.of();
        }
        if (rooted) {
            return DomainNames.avoidDNS(name) ? List.of() : List.of(name);
        }
        boolean hasNdots = name.chars().filter(c -> c == '.').count() >= ndots;
        String abs = name + ".";
        List<String> names = new ArrayList<>(1 + search.size());
        if (hasNdots && !DomainNames.avoidDNS(abs)) {
            names.add(abs);
        }
        for (String suffix : search) {
            String fqdn = abs + suffix;
            if (!DomainNames.avoidDNS(fqdn) && fqdn.length() <= 254) {
                names.add(fqdn);
            }
        }
        if (!hasNdots && !DomainNames.avoidDNS(abs)) {
            names.add(abs);
        }
        return names;
    }

    /** Go's {@code getFields}: split on spaces, tabs, CR and LF. */
    static String[] fields(String line) {
        String t = line.strip();
        return t.isEmpty() ? new String[0] : t.split("[ \t\r\n]+");
    }

    /** Go's {@code dtoi} as these options use it: leading decimal digits, 0 when none, saturating. */
    private static int dtoi(String s) {
        int n = 0;
        for (int i = 0; i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9'; i++) {
            n = n * 10 + (s.charAt(i) - '0');
            if (n >= 0xFFFFFF) {
                return 0xFFFFFF;
            }
        }
        return n;
    }

    static String joinHostPort(String host, String port) {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
