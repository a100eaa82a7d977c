/**
 * Opt-in: net-core's {@code Resolver} as the JDK's {@link java.net.spi.InetAddressResolverProvider}
 * (JEP 418), so that every {@link java.net.InetAddress} name and address lookup in the JVM, and so
 * every JDK client built on it, goes through Go's DNS client on netpoll's own sockets. Having this
 * module on the class path or module path is the opt-in; it exports nothing.
 */
module io.netpoll.resolver.jdk {
    requires io.netpoll.net;
    provides java.net.spi.InetAddressResolverProvider with io.netpoll.resolver.jdk.NetpollResolverProvider;
}
