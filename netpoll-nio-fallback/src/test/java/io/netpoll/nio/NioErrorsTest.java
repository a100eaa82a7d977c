package io.netpoll.nio;

import io.netpoll.spi.Errno;
import io.netpoll.spi.SyscallException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ConnectionPendingException;
import java.nio.channels.NoConnectionPendingException;
import java.nio.channels.NotYetBoundException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class NioErrorsTest {

    /** What the JDK throws on Linux, macOS and Windows, and the errno each one is. */
    static Stream<org.junit.jupiter.params.provider.Arguments> jdkExceptions() {
        return Stream.of(
                arguments(new ConnectException("Connection refused"), Errno.ECONNREFUSED),
                arguments(new ConnectException("Connection refused: connect"), Errno.ECONNREFUSED),
                arguments(new ConnectException("Connection timed out"), Errno.ETIMEDOUT),
                arguments(new ConnectException(), Errno.ECONNREFUSED),
                arguments(new BindException("Address already in use"), Errno.EADDRINUSE),
                arguments(new BindException("Cannot assign requested address"), Errno.EADDRNOTAVAIL),
                arguments(new BindException("Permission denied"), Errno.EACCES),
                arguments(new SocketException("Connection reset"), Errno.ECONNRESET),
                arguments(new IOException("Connection reset by peer"), Errno.ECONNRESET),
                arguments(new IOException("An existing connection was forcibly closed by the remote host"), Errno.ECONNRESET),
                arguments(new IOException("Broken pipe"), Errno.EPIPE),
                arguments(new NoRouteToHostException("No route to host"), Errno.EHOSTUNREACH),
                arguments(new NoRouteToHostException(), Errno.EHOSTUNREACH),
                arguments(new SocketException("Network is unreachable"), Errno.ENETUNREACH),
                arguments(new IOException("Too many open files"), Errno.EMFILE),
                arguments(new IOException("Too many open files in system"), Errno.ENFILE),
                arguments(new SocketException("Message too long"), Errno.EMSGSIZE),
                arguments(new SocketException("No buffer space available"), Errno.ENOBUFS),
                arguments(new SocketException("Transport endpoint is not connected"), Errno.ENOTCONN),
                arguments(new SocketException("Socket is not connected"), Errno.ENOTCONN),
                arguments(new SocketException("No such file or directory"), Errno.ENOENT),
                arguments(new SocketException("Software caused connection abort"), Errno.ECONNABORTED),
                arguments(new UnsupportedOperationException("IPv6 not available"), Errno.EAFNOSUPPORT),
                arguments(new PortUnreachableException(), Errno.ECONNREFUSED),
                arguments(new ClosedChannelException(), Errno.EBADF),
                arguments(new AsynchronousCloseException(), Errno.EBADF),
                arguments(new NotYetConnectedException(), Errno.ENOTCONN),
                arguments(new NoConnectionPendingException(), Errno.ENOTCONN),
                arguments(new AlreadyConnectedException(), Errno.EISCONN),
                arguments(new ConnectionPendingException(), Errno.EALREADY),
                arguments(new AlreadyBoundException(), Errno.EINVAL),
                arguments(new NotYetBoundException(), Errno.EINVAL),
                arguments(new UnsupportedAddressTypeException(), Errno.EAFNOSUPPORT),
                arguments(new IllegalArgumentException("Invalid send/receive buffer size"), Errno.EINVAL),
                arguments(new IOException("something nobody expected"), NioErrors.EIO));
    }

    @ParameterizedTest
    @MethodSource("jdkExceptions")
    void mapsToErrno(Exception jdk, Errno expected) {
        SyscallException e = NioErrors.syscallError("read", jdk);
        assertEquals(expected, e.errno());
        assertEquals("read: " + expected.text(), e.getMessage());
        assertSame(jdk, e.getCause(), "the JDK exception is kept as the cause");
    }

    @Test
    void aSyscallExceptionPassesThrough() {
        SyscallException original = new SyscallException("bind", Errno.EADDRINUSE);
        assertSame(original, NioErrors.syscallError("connect", original));
    }
}
