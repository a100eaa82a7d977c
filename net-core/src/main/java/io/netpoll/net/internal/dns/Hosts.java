package io.netpoll.net.internal.dns;

import io.netpoll.net.internal.IP;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Mirrors Go's src/net/hosts.go: the static table of an /etc/hosts file.
 *
 * <p>Each line is an IP literal (IPv4, or IPv6 with an optional {@code %zone}) followed by
 * names; {@code #} starts a comment. By name, the key is the lowercased name made absolute
 * ({@link DomainNames#absDomainName}: only names with a dot get the trailing one), and the entry
 * holds every address listed for it plus its canonical name: the first name of the first line
 * it appeared on. By address, the key is the literal in canonical text and the names are as
 * written, made absolute. Lookups return copies.
 */
final class Hosts {

    record ByName(List<String> addrs, String canonicalName) {}

    static final Hosts EMPTY = new Hosts(Map.of(), Map.of());

    private final Map<String, ByName> byName;
    private final Map<String, List<String>> byAddr;

    private Hosts(Map<String, ByName> byName, Map<String, List<String>> byAddr) {
        this.byName = byName;
        this.byAddr = byAddr;
    }

    static Hosts parse(Path file) {
        Map<String, ByName> hs = new HashMap<>();
        Map<String, List<String>> is = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            for (String line; (line = in.readLine()) != null; ) {
                int hash = line.indexOf('#');
                String[] f = DnsConfig.fields(hash >= 0 ? line.substring(0, hash) : line);
                if (f.length < 2) {
                    continue;
                }
                String addr = parseLiteralIP(f[0]);
                if (addr == null) {
                    continue;
                }
                String canonical = null;
                for (int i = 1; i < f.length; i++) {
                    String name = DomainNames.absDomainName(f[i]);
                    String key = DomainNames.absDomainName(f[i].toLowerCase(Locale.ROOT));
                    if (i == 1) {
                        canonical = key;
                    }
                    is.computeIfAbsent(addr, k -> new ArrayList<>()).add(name);
                    ByName v = hs.get(key);
                    if (v != null) {
                        v.addrs().add(addr);
                    } else {
                        hs.put(key, new ByName(new ArrayList<>(List.of(addr)), canonical));
                    }
                }
            }
        } catch (IOException e) {
            return EMPTY; // an unreadable hosts file holds no names, as a missing one
        }
        return new Hosts(hs, is);
    }

    /** Go's {@code lookupStaticHost}: the addresses (as literals) and canonical name of {@code host}, or null. */
    ByName lookupStaticHost(String host) {
        ByName v = byName.get(DomainNames.absDomainName(host.toLowerCase(Locale.ROOT)));
        return v == null ? null : new ByName(List.copyOf(v.addrs()), v.canonicalName());
    }

    /** Go's {@code lookupStaticAddr}: the names listed for an address literal, or an empty list. */
    List<String> lookupStaticAddr(String addr) {
        String key = parseLiteralIP(addr);
        List<String> names = key == null ? null : byAddr.get(key);
        return names == null ? List.of() : List.copyOf(names);
    }

    /**
     * Go's {@code parseLiteralIP}: the canonical text of an IP literal ({@code "::1"},
     * {@code "fe80::1%eth0"} with the zone as written, an IPv4-mapped address as IPv4), or null
     * when {@code s} is not one.
     */
    static String parseLiteralIP(String s) {
        InetAddress ip = literal(s);
        if (ip == null) {
            return null;
        }
        String text = IP.string(ip);
        int pct = s.indexOf('%');
        return pct >= 0 && text.indexOf('%') < 0 ? text + s.substring(pct) : text;
    }

    /** An IP literal as an address, as Go's {@code netip.ParseAddr} reads it; null when {@code s} is not one. */
    static InetAddress literal(String s) {
        return IP.parse(s);
    }
}
