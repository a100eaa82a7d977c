/**
 * The portable netpoll provider {@code nio}: a java.nio Selector as the poller and java.nio channels as
 * the sockets. Nothing is exported; the provider is found through {@link java.util.ServiceLoader}.
 */
module io.netpoll.nio {
    requires io.netpoll.api;
    provides io.netpoll.spi.NetpollProvider with io.netpoll.nio.NioProvider;
}
