// Mirrors Go's net.Dialer (src/net/dial.go).
package io.netpoll.net;

import io.netpoll.net.internal.SysDialer;
import io.netpoll.spi.Availability;
import io.netpoll.spi.NetpollProvider;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Options for connecting to an address: Go's {@code net.Dialer}. Immutable and safe to share; the
 * zero configuration ({@code Dialer.builder().build()}) is what {@link Net#dial} uses.
 *
 * <pre>{@code
 * Dialer d = Dialer.builder().timeout(Duration.ofSeconds(5)).keepAlive(Duration.ofSeconds(30)).build();
 * try (Conn c = d.dial("tcp", "example.com:80")) { ... }
 * }</pre>
 *
 * <p>A host name resolving to both IPv4 and IPv6 addresses is dialed the Happy Eyeballs way on network
 * "tcp" (RFC 6555, as Go does): the first address's version first, the other version after the
 * fallback delay or as soon as the first fails; the first connection wins and the others are closed;
 * when all fail, the error is the first version's.
 *
 * <p>A thread interrupted while it dials, or already interrupted when it calls, ends the dial: it
 * fails with {@link ClosedByInterruptException} (implementing {@link NetError}) and the interrupt
 * status stays set. Every other failure is an {@link IOException} implementing {@link NetError} with
 * Go's text, e.g. {@code "dial tcp 127.0.0.1:1: connect: connection refused"}.
 */
public final class Dialer {

    /** What {@link Net#dial} uses. */
    static final Dialer DEFAULT = builder().build();

    private final Duration timeout;
    private final Instant deadline;
    private final SysDialer.Config config;

    private Dialer(Builder b) {
        this.timeout = b.timeout;
        this.deadline = b.deadline;
        this.config = new SysDialer.Config(b.provider, b.localAddr, b.keepAlive, b.fallbackDelay, b.resolver,
                b.control);
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
     * Connects to {@code address} on {@code network} ("tcp", "tcp4", "tcp6", "udp", "udp4", "udp6",
     * "unix", "unixgram"). What is returned has the network's type: {@link TCPConn}, {@link UDPConn}
     * or {@link UnixConn}.
     *
     * @param network the network, e.g. {@code "tcp"}
     * @param address the address, as Go writes it
     * @return the connection, of the network's type
     * @throws IOException a {@link NetError} with Go's text
     */
    public Conn dial(String network, String address) throws IOException {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(address, "address");
        return new SysDialer(config, network, address, SysDialer.deadline(Instant.now(), timeout, deadline)).dial();
    }

    /**
     * Connects to a {@link SocketAddress}, typically one this library handed out
     * ({@link Listener#addr()}, {@link Conn#remoteAddr()}): the same as
     * {@code dial(network, Net.addrString(address))}, Go's {@code d.Dial(network, addr.String())}.
     *
     * @param network as for {@link #dial(String, String)}
     * @param address where to connect: an {@link InetSocketAddress} for "tcp*" and "udp*" (an unresolved
     *                one is looked up by its host name), a {@link java.net.UnixDomainSocketAddress} for
     *                "unix*"
     * @return the connection, of the network's type
     * @throws IOException a {@link NetError} with Go's text
     */
    public Conn dial(String network, SocketAddress address) throws IOException {
        return dial(network, Net.addrString(address));
    }

    /** Builds a {@link Dialer}; every setting starts at Go's zero value. */
    public static final class Builder {

        private Duration timeout = Duration.ZERO;
        private Instant deadline;
        private SocketAddress localAddr;
        private Duration keepAlive = Duration.ZERO;
        private Duration fallbackDelay = Duration.ZERO;
        private Resolver resolver;
        private Control control;
        private NetpollProvider provider;

        private Builder() {
        }

        /**
         * The most the connecting may take (a name lookup is bounded by its resolver): zero (the
         * default) for no limit; a negative timeout has already expired ({@code "i/o timeout"}); a
         * huge one saturates. With a {@link #deadline} too, the earlier one applies.
         *
         * @param timeout how long to wait
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * When the dial must be done; null (the default) for never. A past deadline has expired.
         *
         * @param deadline the deadline, or null for none
         * @return this builder
         */
        public Builder deadline(Instant deadline) {
            this.deadline = deadline;
            return this;
        }

        /**
         * The local address to dial from: an {@link InetSocketAddress} for "tcp*" and "udp*" (an
         * unspecified IP leaves the choice to the system, port 0 picks a free port), a
         * {@link java.net.UnixDomainSocketAddress} for "unix*"; null (the default) lets the system
         * choose. Addresses of the remote host of the other IP version are then skipped, and an
         * address of the other kind fails the dial ({@code "mismatched local address type"}).
         *
         * @param localAddr the local address, or null
         * @return this builder
         */
        public Builder localAddr(SocketAddress localAddr) {
            if (localAddr instanceof InetSocketAddress isa && isa.isUnresolved()) {
                throw new IllegalArgumentException("the local address must be resolved: " + localAddr);
            }
            this.localAddr = localAddr;
            return this;
        }

        /**
         * TCP keep-alive for the connection: zero (the default) turns it on with Go's timing (probes
         * after 15 s idle, 15 s apart, 9 of them); a positive duration is the idle time instead,
         * rounded up to whole seconds; negative leaves keep-alive off.
         *
         * @param keepAlive the keep-alive setting
         * @return this builder
         */
        public Builder keepAlive(Duration keepAlive) {
            this.keepAlive = Objects.requireNonNull(keepAlive, "keepAlive");
            return this;
        }

        /**
         * How long the Happy Eyeballs fallback waits for the first IP version before it dials the
         * other: zero (the default) for Go's 300 ms; negative turns the fallback off, so addresses
         * are dialed one after the other.
         *
         * @param fallbackDelay the delay
         * @return this builder
         */
        public Builder fallbackDelay(Duration fallbackDelay) {
            this.fallbackDelay = Objects.requireNonNull(fallbackDelay, "fallbackDelay");
            return this;
        }

        /**
         * Resolves host names; null (the default) for the system's resolution.
         *
         * @param resolver the resolver, or null
         * @return this builder
         */
        public Builder resolver(Resolver resolver) {
            this.resolver = resolver;
            return this;
        }

        /**
         * Called for every socket the dial makes, before it binds and connects; null (the default) for none.
         *
         * @param control the hook, or null
         * @return this builder
         */
        public Builder control(Control control) {
            this.control = control;
            return this;
        }

        /**
         * The provider whose sockets to use, which must be available; null (the default) for
         * {@code Netpoll.provider()}. One process can so dial on several providers.
         *
         * @param provider the provider to use
         * @return this builder
         */
        public Builder provider(NetpollProvider provider) {
            this.provider = requireAvailable(provider);
            return this;
        }

        /**
         * A {@link Dialer} with this builder's settings.
         *
         * @return the dialer
         */
        public Dialer build() {
            return new Dialer(this);
        }
    }

    /** Fails at once, with the cause, for a provider that cannot run here. */
    static NetpollProvider requireAvailable(NetpollProvider provider) {
        if (provider != null) {
            Availability a = provider.availability();
            if (!a.available()) {
                throw new IllegalArgumentException("netpoll provider " + provider.name() + " is " + a, a.cause());
            }
        }
        return provider;
    }
}
