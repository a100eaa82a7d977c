package io.netpoll.net.internal.dns;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Mirrors Go's {@code hostLookupOrder} (src/net/conf.go, nss.go) as it runs with no libc
 * resolver to defer to: where host names are looked up, /etc/hosts ("files") and DNS, and in
 * which order, from the {@code hosts:} line of nsswitch.conf.
 *
 * <p>Go's pure-Go fallback is {@link #FILES_DNS}, used when nsswitch.conf is missing, has no
 * {@code hosts:} sources or cannot be read, for {@code .local} names (RFC 6762: mDNS, which only
 * libc might do), and for names with a backslash or a percent sign. Otherwise {@code files} and
 * {@code dns} are recognised, the first one seen deciding the order; criteria such as
 * {@code [NOTFOUND=return]} only matter to libc and are ignored; any other source
 * ({@code myhostname}, {@code mdns4_minimal}, {@code resolve}, ...) counts as DNS when no
 * {@code dns} source follows it, and is skipped otherwise.
 */
enum HostLookupOrder {
    FILES_DNS, DNS_FILES, FILES, DNS;

    boolean filesFirst() {
        return this == FILES_DNS || this == FILES;
    }

    boolean filesLast() {
        return this == DNS_FILES;
    }

    boolean usesDNS() {
        return this != FILES;
    }

    /**
     * The {@code hosts:} sources of an nsswitch.conf, lowercased, in order: empty when there are
     * none or the file cannot be read, both of which mean the fallback.
     */
    static List<String> hostsSources(Path file) {
        List<String> hosts = List.of();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            for (String line; (line = in.readLine()) != null; ) {
                int hash = line.indexOf('#');
                String l = hash >= 0 ? line.substring(0, hash) : line;
                int colon = l.indexOf(':');
                if (colon < 0 || !l.substring(0, colon).strip().equals("hosts")) {
                    continue;
                }
                List<String> srcs = new ArrayList<>();
                for (String f : DnsConfig.fields(l.substring(colon + 1).replaceAll("\\[[^]]*]", " "))) {
                    srcs.add(f.toLowerCase(Locale.ROOT));
                }
                hosts = srcs;
            }
        } catch (IOException e) {
            return List.of();
        }
        return hosts;
    }

    static HostLookupOrder of(List<String> srcs, String hostname) {
        if (hostname.indexOf('\\') >= 0 || hostname.indexOf('%') >= 0) {
            return FILES_DNS;
        }
        String h = hostname.endsWith(".") ? hostname.substring(0, hostname.length() - 1) : hostname;
        if (h.length() >= 6 && h.regionMatches(true, h.length() - 6, ".local", 0, 6)) {
            return FILES_DNS;
        }
        if (srcs.isEmpty()) {
            return FILES_DNS;
        }
        boolean files = false, dns = false;
        String first = null;
        for (String src : srcs) {
            if (src.equals("files") || src.equals("dns")) {
                if (src.equals("files")) {
                    files = true;
                } else {
                    dns = true;
                }
                if (first == null) {
                    first = src;
                }
            } else if (!srcs.contains("dns")) {
                dns = true;
                if (first == null) {
                    first = "dns";
                }
            }
        }
        if (files && dns) {
            return first.equals("files") ? FILES_DNS : DNS_FILES;
        }
        return files ? FILES : DNS;
    }
}
