// Mirrors the Control field of Go's net.Dialer and net.ListenConfig (src/net/dial.go).
package io.netpoll.net;

import java.io.IOException;

/**
 * Called once for each socket a {@link Dialer} or {@link ListenConfig} makes, after the socket is
 * created (and, for a listener, after SO_REUSEADDR) and before it is bound or connected: the place to
 * set options that must be in place by then.
 *
 * <p>{@code network} names the socket as Go's {@code ctrlNetwork} does: "tcp4" or "tcp6" (likewise
 * "udp4"/"udp6") by the family the socket really has, even when the caller asked for "tcp";
 * "unix" or "unixgram" as asked. {@code address} is the address being dialed, or for a listener the
 * one being bound, in Go's text ({@code "127.0.0.1:80"}, {@code ":0"}, a path).
 *
 * <p>An exception thrown here fails the dial or listen with it, and the socket is closed. A dial may
 * call the hook from a thread of its own, and for two sockets at once while it races IPv4 against
 * IPv6 (Happy Eyeballs), so a hook that keeps state must be thread-safe.
 */
@FunctionalInterface
public interface Control {

    /**
     * Called with the socket before it binds and connects (or listens).
     *
     * @param network the network of the socket: "tcp4", "tcp6", "udp4", "udp6", "unix" or "unixgram"
     * @param address the address being dialed or listened on, as Go writes it
     * @param c       the socket, for its options
     * @throws IOException to fail the dial or listen with it
     */
    void control(String network, String address, RawConn c) throws IOException;
}
