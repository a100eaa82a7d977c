// Mirrors Go's syscall.RawConn (src/syscall/net.go) as src/net/rawconn.go hands it out, for socket options.
package io.netpoll.net;

import java.io.IOException;
import java.net.SocketOption;

/**
 * The socket under a connection, listener or dial in progress, for its options: Go's
 * {@code syscall.RawConn}, limited to what a socket layer of any provider can offer. The options are
 * the JDK's ({@link java.net.StandardSocketOptions}, {@code jdk.net.ExtendedSocketOptions}) and
 * {@code io.netpoll.spi.NetpollSocketOptions}.
 *
 * <p>A {@link Control} hook gets one before the socket is bound or connected; a connection's
 * {@code syscallConn()} gives one for its whole life. Once the socket is closed, every call fails
 * with Go's "use of closed network connection".
 */
public interface RawConn {

    /**
     * Sets {@code option}. Fails with an {@link IOException} when the system refuses the value, and
     * with {@link UnsupportedOperationException}, naming the provider, when this provider's socket
     * layer has no such option.
     *
     * @param <T> the option's value type
     * @param option the socket option
     * @param value the option's value
     * @throws IOException a {@link NetError} with Go's text
     */
    <T> void setOption(SocketOption<T> option, T value) throws IOException;

    /**
     * Reads {@code option}; fails as {@link #setOption} does.
     *
     * @param <T> the option's value type
     * @param option the socket option
     * @return the option's value
     * @throws IOException a {@link NetError} with Go's text
     */
    <T> T getOption(SocketOption<T> option) throws IOException;
}
