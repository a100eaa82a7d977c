package io.netpoll.spi;

/**
 * An open socket of one provider's {@link Sockets}: an int fd for POSIX providers, a channel for the
 * nio provider. Opaque to everything but the provider that made it; a handle is only ever passed back
 * to that provider's {@code Sockets} and {@code Poller}.
 */
public interface Handle {
}
