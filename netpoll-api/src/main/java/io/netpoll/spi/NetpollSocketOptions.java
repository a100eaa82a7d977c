package io.netpoll.spi;

import java.net.SocketOption;

/**
 * Socket options that neither {@link java.net.StandardSocketOptions} nor
 * {@code jdk.net.ExtendedSocketOptions} define. Providers accept these alongside the JDK's own options
 * in {@link Sockets#setOption}; one that a provider cannot set fails with
 * {@link UnsupportedOperationException} naming the provider.
 */
public final class NetpollSocketOptions {

    /** {@code IPV6_V6ONLY}: an AF_INET6 socket that refuses IPv4-mapped peers. */
    public static final SocketOption<Boolean> IPV6_V6ONLY = new Option<>("IPV6_V6ONLY", Boolean.class);

    private NetpollSocketOptions() {
    }

    private record Option<T>(String name, Class<T> type) implements SocketOption<T> {
        @Override
        public String toString() {
            return name;
        }
    }
}
