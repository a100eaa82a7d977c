// Mirrors Go's parseNetwork (src/net/dial.go).
package io.netpoll.net.internal;

import io.netpoll.spi.SocketType;

/**
 * A network name the caller passed, checked: {@code tcp}, {@code tcp4}, {@code tcp6}, {@code udp},
 * {@code udp4}, {@code udp6}, {@code unix} or {@code unixgram}. Go's other networks ({@code unixpacket},
 * {@code ip:proto}) are not served here and fail as Go fails for a name it does not know.
 *
 * @param name the name as passed, kept for error messages ("tcp4")
 * @param type stream or datagram
 * @param unix true for the Unix domain networks
 */
public record Network(String name, SocketType type, boolean unix) {

    public static Network parse(String name) throws UnknownNetworkError {
        return switch (name) {
            case "tcp", "tcp4", "tcp6" -> new Network(name, SocketType.STREAM, false);
            case "udp", "udp4", "udp6" -> new Network(name, SocketType.DATAGRAM, false);
            case "unix" -> new Network(name, SocketType.STREAM, true);
            case "unixgram" -> new Network(name, SocketType.DATAGRAM, true);
            default -> throw new UnknownNetworkError(name);
        };
    }

    /** '4' or '6' for a network pinned to one IP version, else 0. */
    public char ipVersion() {
        char last = name.charAt(name.length() - 1);
        return last == '4' || last == '6' ? last : 0;
    }

    public boolean isTCP() {
        return !unix && type == SocketType.STREAM;
    }

    public boolean isUDP() {
        return !unix && type == SocketType.DATAGRAM;
    }
}
