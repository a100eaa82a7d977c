// Mirrors Go's src/net/port.go (parsePort), the port half of src/net/lookup.go and src/net/port_unix.go.
package io.netpoll.net.internal;

import io.netpoll.net.DNSError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Port numbers and service names, as Go's {@code LookupPort} turns them into numbers.
 *
 * <p>A decimal port (with an optional sign; "" means 0) is parsed with Go's saturation, so that
 * "123456789" is rejected as "invalid port" instead of wrapping around; anything else is a service
 * name, looked up case-insensitively in Go's built-in table overlaid with {@code /etc/services}
 * (read once, line by line). A number outside 0..65535 fails with {@code AddrError "invalid port"}, an
 * unknown name with {@code DNSError "unknown port"} named "tcp/NAME" or "udp/NAME".
 */
public final class Ports {

    /** Go's {@code parsePort} cutoff: larger numbers saturate. */
    private static final long CUTOFF = 1L << 30;

    private final Map<String, Map<String, Integer>> services;

    private static final class Default {
        static final Ports SYSTEM = new Ports(readServices(Path.of("/etc/services")));
    }

    /** A table made of Go's built-in services overlaid with the lines of an /etc/services file. */
    Ports(List<String> servicesLines) {
        Map<String, Map<String, Integer>> m = new HashMap<>();
        Map<String, Integer> tcp = new HashMap<>(Map.ofEntries(
                Map.entry("ftp", 21), Map.entry("ftps", 990), Map.entry("gopher", 70), Map.entry("http", 80),
                Map.entry("https", 443), Map.entry("imap2", 143), Map.entry("imap3", 220), Map.entry("imaps", 993),
                Map.entry("pop3", 110), Map.entry("pop3s", 995), Map.entry("smtp", 25),
                Map.entry("submissions", 465), Map.entry("ssh", 22), Map.entry("telnet", 23)));
        m.put("tcp", tcp);
        m.put("udp", new HashMap<>(Map.of("domain", 53)));
        for (String line : servicesLines) {
            addServicesLine(m, line);
        }
        this.services = m;
    }

    /** The table of this machine. */
    public static Ports system() {
        return Default.SYSTEM;
    }

    private static List<String> readServices(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException | RuntimeException e) {
            return List.of(); // no /etc/services: Go's built-in table alone
        }
    }

    /** One line of /etc/services: {@code "http 80/tcp www www-http # World Wide Web HTTP"}. */
    private static void addServicesLine(Map<String, Map<String, Integer>> m, String line) {
        int hash = line.indexOf('#');
        if (hash >= 0) {
            line = line.substring(0, hash);
        }
        String[] f = line.trim().split("[ \t\r\n]+");
        if (f.length < 2) {
            return;
        }
        String portnet = f[1];
        int j = 0;
        long port = 0;
        while (j < portnet.length() && portnet.charAt(j) >= '0' && portnet.charAt(j) <= '9' && port < 0xFFFFFF) {
            port = port * 10 + (portnet.charAt(j) - '0');
            j++;
        }
        if (j == 0 || port <= 0 || j >= portnet.length() || portnet.charAt(j) != '/') {
            return;
        }
        Map<String, Integer> byName = m.computeIfAbsent(portnet.substring(j + 1), k -> new HashMap<>());
        for (int i = 0; i < f.length; i++) {
            if (i != 1) {
                byName.put(f[i], (int) port);
            }
        }
    }

    /**
     * Go's {@code parsePort}: the number {@code service} spells, saturated to +-2^30, or null when
     * it is not a number and needs a lookup. "" is 0, as Go has kept since Go 1.0.
     */
    static Integer parsePort(String service) {
        if (service.isEmpty()) {
            return 0;
        }
        boolean neg = false;
        String digits = service;
        if (digits.charAt(0) == '+') {
            digits = digits.substring(1);
        } else if (digits.charAt(0) == '-') {
            neg = true;
            digits = digits.substring(1);
        }
        long n = 0;
        for (int i = 0; i < digits.length(); i++) {
            char d = digits.charAt(i);
            if (d < '0' || d > '9') {
                return null;
            }
            if (n < CUTOFF) {
                n = n * 10 + (d - '0');
            }
        }
        long port;
        if (!neg && n >= CUTOFF) {
            port = CUTOFF - 1;
        } else if (neg && n > CUTOFF) {
            port = CUTOFF;
        } else {
            port = n;
        }
        return (int) (neg ? -port : port);
    }

    /**
     * Go's {@code LookupPort}: the port of {@code service} on {@code network} ("tcp", "udp6", ..., or
     * "" or "ip" for either).
     */
    public int lookupPort(String network, String service) throws IOException {
        Integer port = parsePort(service);
        if (port == null) {
            port = switch (network) {
                case "tcp", "tcp4", "tcp6" -> lookup("tcp", "tcp", service);
                case "udp", "udp4", "udp6" -> lookup("udp", "udp", service);
                case "", "ip" -> {
                    Integer p = find("tcp", service);
                    yield p != null ? p : lookup("udp", "ip", service);
                }
                default -> throw new AddrError("unknown network", network);
            };
        }
        if (port < 0 || port > 65535) {
            throw new AddrError("invalid port", service);
        }
        return port;
    }

    private int lookup(String table, String errNetwork, String service) throws DNSError {
        Integer port = find(table, service);
        if (port == null) {
            throw new DNSError("unknown port", errNetwork + "/" + service, "", false, false, true);
        }
        return port;
    }

    private Integer find(String table, String service) {
        Map<String, Integer> m = services.get(table);
        return m == null ? null : m.get(service.toLowerCase(Locale.ROOT));
    }
}
