// Mirrors Go's net.ListenConfig (src/net/dial.go).
package io.netpoll.net;

import io.netpoll.net.internal.Addrs;
import io.netpoll.net.internal.SysListener;
import io.netpoll.spi.NetpollProvider;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.Objects;

/**
 * Options for listening: Go's {@code net.ListenConfig}, plus SO_REUSEPORT. Immutable and safe to
 * share; the zero configuration ({@code ListenConfig.builder().build()}) is what {@link Net#listen}
 * and {@link Net#listenPacket} use.
 *
 * <pre>{@code
 * ListenConfig lc = ListenConfig.builder().reusePort(true).build();
 * try (Listener ln = lc.listen("tcp", ":8080")) { ... }
 * }</pre>
 *
 * <p>Failures are {@link IOException}s implementing {@link NetError} with Go's text, e.g.
 * {@code "listen tcp 127.0.0.1:8080: bind: address already in use"}.
 */
public final class ListenConfig {

    /** What {@link Net#listen} and {@link Net#listenPacket} use. */
    static final ListenConfig DEFAULT = builder().build();

    private final SysListener.Config config;

    private ListenConfig(Builder b) {
        this.config = new SysListener.Config(b.provider, b.keepAlive, b.control, b.reusePort);
    }

    /**
     * A builder whose settings all start at Go's zero value.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Listens on {@code address}: "tcp", "tcp4", "tcp6" (a {@link TCPListener}) or "unix" (a
     * {@link UnixListener}). An empty host listens on every local address (on both IPv4 and IPv6 for
     * "tcp"); port 0 picks a free port, which {@link Listener#addr()} reports.
     *
     * @param network the network, e.g. {@code "tcp"}
     * @param address the address, as Go writes it
     * @return the listener
     * @throws IOException a {@link NetError} with Go's text
     */
    public Listener listen(String network, String address) throws IOException {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(address, "address");
        return new SysListener(config, network, address).listen();
    }

    /**
     * Listens for datagrams on {@code address}: "udp", "udp4", "udp6" (a {@link UDPConn}) or
     * "unixgram" (a {@link UnixConn}).
     *
     * @param network the network, e.g. {@code "tcp"}
     * @param address the address, as Go writes it
     * @return the conn
     * @throws IOException a {@link NetError} with Go's text
     */
    public PacketConn listenPacket(String network, String address) throws IOException {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(address, "address");
        return new SysListener(config, network, address).listenPacket();
    }

    /** {@link Net#listenMulticastUDP} with this config's settings. */
    UDPConn listenMulticastUDP(String network, NetworkInterface ifi, InetSocketAddress gaddr) throws IOException {
        Objects.requireNonNull(network, "network");
        return new SysListener(config, network, gaddr == null ? "" : Addrs.string(gaddr)).listenMulticastUDP(ifi, gaddr);
    }

    /** Builds a {@link ListenConfig}; every setting starts at Go's zero value. */
    public static final class Builder {

        private Duration keepAlive = Duration.ZERO;
        private Control control;
        private boolean reusePort;
        private NetpollProvider provider;

        private Builder() {
        }

        /**
         * TCP keep-alive for accepted connections: zero (the default) turns it on with Go's timing
         * (probes after 15 s idle, 15 s apart, 9 of them); a positive duration is the idle time
         * instead, rounded up to whole seconds; negative leaves keep-alive off.
         *
         * @param keepAlive the keep-alive setting
         * @return this builder
         */
        public Builder keepAlive(Duration keepAlive) {
            this.keepAlive = Objects.requireNonNull(keepAlive, "keepAlive");
            return this;
        }

        /**
         * Called for the listening socket after Go's default options and before it binds; null (the
         * default) for none.
         *
         * @param control the hook, or null
         * @return this builder
         */
        public Builder control(Control control) {
            this.control = control;
            return this;
        }

        /**
         * SO_REUSEPORT on IP sockets, so that several sockets (each with it) may listen on one
         * address and port; off by default. A provider or system without it fails the listen.
         *
         * @param reusePort true to set SO_REUSEPORT
         * @return this builder
         */
        public Builder reusePort(boolean reusePort) {
            this.reusePort = reusePort;
            return this;
        }

        /**
         * The provider whose sockets to use, which must be available; null (the default) for
         * {@code Netpoll.provider()}.
         *
         * @param provider the provider to use
         * @return this builder
         */
        public Builder provider(NetpollProvider provider) {
            this.provider = Dialer.requireAvailable(provider);
            return this;
        }

        /**
         * A {@link ListenConfig} with this builder's settings.
         *
         * @return the configuration
         */
        public ListenConfig build() {
            return new ListenConfig(this);
        }
    }
}
