package io.netpoll.net.internal.dns;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Everything a lookup reads from the system, each file re-read when it changes
 * ({@link WatchedFile}): resolv.conf as a {@link DnsConfig} with the caller's overrides applied
 * (servers, timeout, attempts), the hosts file, and the {@code hosts:} line of nsswitch.conf that
 * orders them. Go's {@code resolvConf}, {@code hosts} and {@code nssConf} globals, one set per
 * Resolver so that a test or an application can point one at its own files.
 */
public final class ResolverConfig {

    public static final Path RESOLV_CONF = Path.of("/etc/resolv.conf");
    public static final Path HOSTS = Path.of("/etc/hosts");
    public static final Path NSSWITCH = Path.of("/etc/nsswitch.conf");

    private final WatchedFile<DnsConfig> resolv;
    private final WatchedFile<Hosts> hosts;
    private final WatchedFile<List<String>> nss;

    /**
     * @param servers  nameservers in Go's {@code host:port} form replacing resolv.conf's, or null
     * @param timeout  per-exchange timeout replacing resolv.conf's, or null
     * @param attempts rounds over the servers replacing resolv.conf's, or null
     */
    public ResolverConfig(Path resolvConf, Path hostsFile, Path nsswitch, List<String> servers, Duration timeout,
            Integer attempts) {
        this(resolvConf, hostsFile, nsswitch, servers, timeout, attempts, ResolverConfig::hostname, System::nanoTime);
    }

    ResolverConfig(Path resolvConf, Path hostsFile, Path nsswitch, List<String> servers, Duration timeout,
            Integer attempts, Supplier<String> hostname, LongSupplier nanoClock) {
        this.resolv = new WatchedFile<>(resolvConf,
                p -> DnsConfig.parse(p, hostname).with(servers, timeout, attempts), c -> c.noReload, nanoClock);
        this.hosts = new WatchedFile<>(hostsFile, Hosts::parse, h -> false, nanoClock);
        this.nss = new WatchedFile<>(nsswitch, HostLookupOrder::hostsSources, s -> false, nanoClock);
    }

    DnsConfig dnsConfig() {
        return resolv.get();
    }

    Hosts hosts() {
        return hosts.get();
    }

    HostLookupOrder order(String hostname) {
        return HostLookupOrder.of(nss.get(), hostname);
    }

    /** Go's {@code os.Hostname} on Linux: the kernel's host name, without a lookup; null if unknown. */
    static String hostname() {
        // Read line by line: a whole-file read of a /proc file can come back short on some JDKs.
        try (BufferedReader in = Files.newBufferedReader(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.ISO_8859_1)) {
            String line = in.readLine();
            return line == null || line.isBlank() ? System.getenv("HOSTNAME") : line.strip();
        } catch (IOException | SecurityException e) {
            return System.getenv("HOSTNAME");
        }
    }
}
