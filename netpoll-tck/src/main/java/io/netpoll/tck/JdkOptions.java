package io.netpoll.tck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;

/**
 * {@code jdk.net.ExtendedSocketOptions} by name (TCP_KEEPIDLE, TCP_KEEPINTERVAL, TCP_KEEPCOUNT), taken
 * from the options a JDK socket supports, so that the kit reads them with nothing but the JDK's API.
 */
final class JdkOptions {

    private JdkOptions() {
    }

    /** The JDK's option called {@code name}; fails the test where the JDK has none. */
    @SuppressWarnings("unchecked")
    static SocketOption<Integer> integer(String name) {
        try (SocketChannel ch = SocketChannel.open()) {
            for (SocketOption<?> o : ch.supportedOptions()) {
                if (o.name().equals(name) && o.type() == Integer.class) {
                    return (SocketOption<Integer>) o;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("this JDK has no socket option " + name);
    }
}
