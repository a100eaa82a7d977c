package io.netpoll.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The lines of a hosts file, read as net-core's Resolver reads them (Go's src/net/hosts.go): {@code #}
 * starts a comment; a line is an IP literal followed by names; a name matches whatever its case and
 * with or without a trailing dot; a file that cannot be read lists nothing. {@code netpoll lookup} asks
 * it only where an answer came from: net-core's public API gives answers, not their source, so an
 * answer is the hosts file's when it is exactly what the file lists.
 */
final class HostsFile {

    /** Where the Resolver reads it unless told otherwise, as Go does on Unix. */
    static final Path DEFAULT = Path.of("/etc/hosts");

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    /** Starts as {@link InetAddress#getByName} needs to take it for an IPv6 literal, not a name. */
    private static final Pattern IPV6 = Pattern.compile("[0-9a-f:][0-9a-f:.]*:[0-9a-f:.]*");

    private record Line(InetAddress addr, List<String> names) {
    }

    private final List<Line> lines;

    private HostsFile(List<Line> lines) {
        this.lines = lines;
    }

    static HostsFile read(Path file) {
        List<Line> lines = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            for (String line; (line = in.readLine()) != null; ) {
                int hash = line.indexOf('#');
                String[] f = (hash >= 0 ? line.substring(0, hash) : line).trim().split("[ \\t\\r]+");
                InetAddress addr = f.length >= 2 ? literal(f[0]) : null;
                if (addr != null) {
                    lines.add(new Line(addr, List.of(Arrays.copyOfRange(f, 1, f.length))));
                }
            }
        } catch (IOException e) {
            return new HostsFile(List.of());
        }
        return new HostsFile(List.copyOf(lines));
    }

    /** Every address listed for {@code name}, in the file's order. */
    List<InetAddress> addresses(String name) {
        return lines.stream().filter(l -> l.names().stream().anyMatch(n -> sameName(n, name))).map(Line::addr).toList();
    }

    /** The first name of the first line that lists {@code name} (the Resolver's canonical name), or null. */
    String canonicalName(String name) {
        return lines.stream().filter(l -> l.names().stream().anyMatch(n -> sameName(n, name)))
                .map(l -> l.names().getFirst()).findFirst().orElse(null);
    }

    /** Every name listed for {@code addr}, as written. */
    List<String> names(InetAddress addr) {
        return lines.stream().filter(l -> l.addr().equals(addr)).flatMap(l -> l.names().stream()).toList();
    }

    static boolean sameName(String a, String b) {
        return unrooted(a).equalsIgnoreCase(unrooted(b));
    }

    private static String unrooted(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /**
     * {@code s} as an address when it is an IP literal, else null; its zone ({@code %eth0}) is dropped,
     * as an answer is compared by address. Only a literal reaches {@link InetAddress#getByName}, which
     * then parses it and never looks anything up.
     */
    static InetAddress literal(String s) {
        int pct = s.indexOf('%');
        String ip = (pct >= 0 ? s.substring(0, pct) : s).toLowerCase(Locale.ROOT);
        boolean v4 = IPV4.matcher(ip).matches()
                && Arrays.stream(ip.split("\\.")).allMatch(octet -> Integer.parseInt(octet) <= 255);
        if (!v4 && !IPV6.matcher(ip).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
