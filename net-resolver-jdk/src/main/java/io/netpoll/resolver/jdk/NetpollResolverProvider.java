package io.netpoll.resolver.jdk;

import io.netpoll.net.Resolver;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.nio.file.Path;

/**
 * The JDK's resolver service (JEP 418) served by net-core's {@link Resolver}. The JDK loads it once,
 * at the first lookup after start-up, and sends every {@code InetAddress} lookup of the JVM to the
 * resolver {@link #get} returns; lookups made while {@code get} runs are the built-in resolver's,
 * so building the Resolver cannot recurse into itself.
 *
 * <p>The Resolver reads the system's files, as {@link Resolver#getDefault()} does, unless these
 * system properties say otherwise:
 * <ul>
 *   <li>{@code netpoll.resolver.nameservers}: servers to ask instead of resolv.conf's, IP literals
 *       with an optional port, comma-separated ({@code 127.0.0.1:5353,[::1]:53});
 *   <li>{@code netpoll.resolver.resolvConf}: the resolv.conf to read;
 *   <li>{@code netpoll.resolver.hostsFile}: the hosts file to read.
 * </ul>
 * A configuration that cannot be used (a server that is not an IP literal) does not stop the JVM's
 * lookups: {@code get} then logs why and returns the built-in resolver.
 */
public final class NetpollResolverProvider extends InetAddressResolverProvider {

    static final String NAMESERVERS = "netpoll.resolver.nameservers";
    static final String RESOLV_CONF = "netpoll.resolver.resolvConf";
    static final String HOSTS_FILE = "netpoll.resolver.hostsFile";

    /** Called by {@link java.util.ServiceLoader} when the JDK looks for a resolver. */
    public NetpollResolverProvider() {
    }

    private static final System.Logger LOG = System.getLogger(NetpollResolverProvider.class.getName());

    @Override
    public InetAddressResolver get(Configuration configuration) {
        try {
            return new NetpollInetAddressResolver(resolver(), configuration.builtinResolver());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "netpoll resolver not installed, the JDK's built-in resolver "
                    + "answers instead: " + e.getMessage(), e);
            return configuration.builtinResolver();
        }
    }

    @Override
    public String name() {
        return "netpoll";
    }

    private static Resolver resolver() {
        String servers = System.getProperty(NAMESERVERS);
        String resolvConf = System.getProperty(RESOLV_CONF);
        String hostsFile = System.getProperty(HOSTS_FILE);
        if (servers == null && resolvConf == null && hostsFile == null) {
            return Resolver.getDefault();
        }
        Resolver.Builder b = Resolver.builder();
        if (servers != null) {
            b.nameservers(servers.split(",", -1));
        }
        if (resolvConf != null) {
            b.resolvConf(Path.of(resolvConf));
        }
        if (hostsFile != null) {
            b.hostsFile(Path.of(hostsFile));
        }
        return b.build();
    }
}
