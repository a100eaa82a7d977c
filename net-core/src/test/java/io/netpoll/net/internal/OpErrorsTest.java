package io.netpoll.net.internal;

import io.netpoll.net.DNSError;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpoll.net.NetError;
import io.netpoll.runtime.DeadlineExceededException;
import io.netpoll.runtime.NetClosingException;
import io.netpoll.spi.Errno;
import io.netpoll.spi.SyscallException;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;

import org.junit.jupiter.api.Test;

/** Go's OpError.Error() text, byte for byte, and the JDK type chosen for each cause. */
class OpErrorsTest {

    private static final SocketAddress SERVER = new InetSocketAddress(IP.parse("127.0.0.1"), 5000);
    private static final SocketAddress CLIENT = new InetSocketAddress(IP.parse("127.0.0.1"), 41234);

    @Test
    void readDeadline() {
        IOException e = OpErrors.wrap("read", "tcp", SERVER, CLIENT, new DeadlineExceededException());
        assertEquals("read tcp 127.0.0.1:5000->127.0.0.1:41234: i/o timeout", e.getMessage());
        assertInstanceOf(SocketTimeoutException.class, e);
        NetError n = (NetError) e;
        assertTrue(n.isTimeout());
        assertEquals("read", n.op());
        assertEquals("tcp", n.network());
        assertSame(SERVER, n.source());
        assertSame(CLIENT, n.addr());
        assertInstanceOf(DeadlineExceededException.class, e.getCause());
    }

    @Test
    void aPartialWriteKeepsItsCount() {
        DeadlineExceededException d = new DeadlineExceededException();
        d.bytesTransferred = 4096;
        SocketTimeoutException e = (SocketTimeoutException) OpErrors.wrap("write", "tcp", SERVER, CLIENT, d);
        assertEquals(4096, e.bytesTransferred);
        assertEquals("write tcp 127.0.0.1:5000->127.0.0.1:41234: i/o timeout", e.getMessage());
    }

    @Test
    void pipeDeadlineHasNoAddresses() {
        IOException e = OpErrors.wrap("read", "pipe", null, null, new DeadlineExceededException());
        assertEquals("read pipe: i/o timeout", e.getMessage());
        assertInstanceOf(SocketTimeoutException.class, e);
    }

    @Test
    void dialRefused() {
        IOException e = OpErrors.wrap("dial", "tcp", null, new InetSocketAddress(IP.parse("127.0.0.1"), 1),
                new SyscallException("connect", Errno.ECONNREFUSED));
        assertEquals("dial tcp 127.0.0.1:1: connect: connection refused", e.getMessage());
        assertInstanceOf(ConnectException.class, e);
        assertFalse(((NetError) e).isTimeout());
        assertNull(((NetError) e).source());
    }

    @Test
    void connectTimedOutIsAConnectExceptionAndATimeout() {
        IOException e = OpErrors.wrap("dial", "tcp4", null, new InetSocketAddress(IP.parse("10.0.0.1"), 80),
                new SyscallException("connect", Errno.ETIMEDOUT));
        assertEquals("dial tcp4 10.0.0.1:80: connect: connection timed out", e.getMessage());
        assertInstanceOf(ConnectException.class, e);
        assertTrue(((NetError) e).isTimeout());
        assertEquals("tcp4", ((NetError) e).network());
    }

    @Test
    void listenAddressInUse() {
        IOException e = OpErrors.wrap("listen", "tcp", null, new InetSocketAddress(IP.parse("127.0.0.1"), 8080),
                new SyscallException("bind", Errno.EADDRINUSE));
        assertEquals("listen tcp 127.0.0.1:8080: bind: address already in use", e.getMessage());
        assertInstanceOf(BindException.class, e);
        assertInstanceOf(BindException.class, OpErrors.wrap("listen", "tcp", null, SERVER,
                new SyscallException("bind", Errno.EADDRNOTAVAIL)));
    }

    @Test
    void acceptAfterClose() {
        IOException e = OpErrors.wrap("accept", "tcp", null, new InetSocketAddress(IP.parse("127.0.0.1"), 8080),
                new NetClosingException(false));
        assertEquals("accept tcp 127.0.0.1:8080: use of closed network connection", e.getMessage());
        assertInstanceOf(ClosedChannelException.class, e);
        assertFalse(e instanceof AsynchronousCloseException);
    }

    @Test
    void closedWhileBlocked() {
        IOException e = OpErrors.wrap("read", "tcp", SERVER, CLIENT, new NetClosingException(true));
        assertEquals("read tcp 127.0.0.1:5000->127.0.0.1:41234: use of closed network connection", e.getMessage());
        assertInstanceOf(AsynchronousCloseException.class, e);
        assertFalse(e instanceof ClosedByInterruptException);
        assertFalse(((NetError) e).isTimeout());
    }

    @Test
    void setAfterClose() {
        IOException e = OpErrors.wrap("set", "tcp", null, SERVER, new NetClosingException(false));
        assertEquals("set tcp 127.0.0.1:5000: use of closed network connection", e.getMessage());
        assertInstanceOf(ClosedChannelException.class, e);
    }

    @Test
    void interrupted() {
        IOException e = OpErrors.wrap("read", "tcp", SERVER, CLIENT, new ClosedByInterruptException());
        assertInstanceOf(ClosedByInterruptException.class, e);
        assertEquals("read tcp 127.0.0.1:5000->127.0.0.1:41234: operation was interrupted", e.getMessage());
    }

    @Test
    void theJdksClosedChannelTypesReadAsGosClosedConnection() {
        assertInstanceOf(AsynchronousCloseException.class,
                OpErrors.wrap("read", "udp", SERVER, null, new AsynchronousCloseException()));
        IOException e = OpErrors.wrap("read", "udp", SERVER, null, new ClosedChannelException());
        assertEquals("read udp 127.0.0.1:5000: use of closed network connection", e.getMessage());
        assertInstanceOf(ClosedChannelException.class, e);
    }

    @Test
    void brokenPipeAndResetAreSocketExceptions() {
        IOException w = OpErrors.wrap("write", "tcp", SERVER, CLIENT, new SyscallException("write", Errno.EPIPE));
        assertEquals("write tcp 127.0.0.1:5000->127.0.0.1:41234: write: broken pipe", w.getMessage());
        assertEquals(SocketException.class, w.getClass().getSuperclass());
        IOException r = OpErrors.wrap("read", "tcp", SERVER, CLIENT, new SyscallException("read", Errno.ECONNRESET));
        assertEquals("read tcp 127.0.0.1:5000->127.0.0.1:41234: read: connection reset by peer", r.getMessage());
        assertEquals(SocketException.class, r.getClass().getSuperclass());
        assertFalse(((NetError) r).isTimeout());
    }

    @Test
    void unreachableIsNoRouteToHost() {
        assertInstanceOf(NoRouteToHostException.class, OpErrors.wrap("dial", "tcp", null, CLIENT,
                new SyscallException("connect", Errno.EHOSTUNREACH)));
        assertInstanceOf(NoRouteToHostException.class, OpErrors.wrap("dial", "tcp", null, CLIENT,
                new SyscallException("connect", Errno.ENETUNREACH)));
    }

    @Test
    void addressesPrintAsGoPrintsThem() {
        SocketAddress v6 = new InetSocketAddress(IP.parse("::1"), 80);
        assertEquals("dial tcp [::1]:80: connect: connection refused",
                OpErrors.wrap("dial", "tcp", null, v6, new SyscallException("connect", Errno.ECONNREFUSED)).getMessage());
        assertEquals("dial tcp :80: connect: connection refused",
                OpErrors.wrap("dial", "tcp", null, Addrs.nilIP(80), new SyscallException("connect", Errno.ECONNREFUSED))
                        .getMessage());
        assertEquals("listen tcp 0.0.0.0:80: bind: permission denied",
                OpErrors.wrap("listen", "tcp", null, new InetSocketAddress(IP.parse("0.0.0.0"), 80),
                        new SyscallException("bind", Errno.EACCES)).getMessage());
        assertEquals("read unix ->/tmp/s.sock: i/o timeout",
                OpErrors.wrap("read", "unix", UnixDomainSocketAddress.of(""), UnixDomainSocketAddress.of("/tmp/s.sock"),
                        new DeadlineExceededException()).getMessage());
        assertEquals("accept unix /tmp/s.sock: use of closed network connection",
                OpErrors.wrap("accept", "unix", null, UnixDomainSocketAddress.of("/tmp/s.sock"),
                        new NetClosingException(false)).getMessage());
    }

    @Test
    void addressAndLookupErrorsNest() {
        IOException a = OpErrors.wrap("dial", "tcp4", null, null, new AddrError("no suitable address found", "::1"));
        assertEquals("dial tcp4: address ::1: no suitable address found", a.getMessage());
        assertEquals(SocketException.class, a.getClass().getSuperclass());
        IOException u = OpErrors.wrap("dial", "foo", null, null, new UnknownNetworkError("foo"));
        assertEquals("dial foo: unknown network foo", u.getMessage());
        IOException d = OpErrors.wrap("dial", "tcp", null, null, new DNSError("no such host", "nosuch.invalid", "", false, false, true));
        assertEquals("dial tcp: lookup nosuch.invalid: no such host", d.getMessage());
        assertInstanceOf(UnknownHostException.class, d);
        assertFalse(((NetError) d).isTimeout());
        IOException t = OpErrors.wrap("dial", "tcp", null, null,
                new DNSError("i/o timeout", "slow.example", "127.0.0.53:53", true, false, false));
        assertEquals("dial tcp: lookup slow.example on 127.0.0.53:53: i/o timeout", t.getMessage());
        assertTrue(((NetError) t).isTimeout());
    }

    @Test
    void anErrorThatIsAlreadyWrappedIsNotWrappedAgain() {
        IOException once = OpErrors.wrap("dial", "tcp", null, CLIENT, new SyscallException("connect", Errno.ECONNREFUSED));
        assertSame(once, OpErrors.wrap("dial", "tcp", null, CLIENT, once));
    }

    @Test
    void bareErrorsAreTheirCausesText() {
        IOException e = OpErrors.bare(new AddrError("missing port in address", "golang.org"));
        assertEquals("address golang.org: missing port in address", e.getMessage());
        assertEquals("", ((NetError) e).op());
        assertNotEquals(null, e.getCause());
    }

    @Test
    void otherCausesKeepTheirMessage() {
        IOException e = OpErrors.wrap("set", "tcp", SERVER, CLIENT,
                new IOException("netpoll provider nio cannot set TCP_KEEPIDLE"));
        assertEquals("set tcp 127.0.0.1:5000->127.0.0.1:41234: netpoll provider nio cannot set TCP_KEEPIDLE",
                e.getMessage());
        assertInstanceOf(SocketException.class, e);
    }

    // Go's TCPConn.ReadFrom/WriteTo wrap the OpError of the read or write that failed inside them.
    @Test
    void readFromAndWriteToNestTheInnerError() {
        IOException inner = OpErrors.wrap("write", "tcp", SERVER, CLIENT, new SyscallException("write", Errno.EPIPE));
        IOException outer = OpErrors.nest("readfrom", "tcp", SERVER, CLIENT, inner);
        assertEquals("readfrom tcp 127.0.0.1:5000->127.0.0.1:41234: write tcp 127.0.0.1:5000->127.0.0.1:41234: "
                + "write: broken pipe", outer.getMessage());
        assertInstanceOf(SocketException.class, outer);
        assertSame(inner, outer.getCause());

        IOException timeout = OpErrors.nest("writeto", "tcp", SERVER, CLIENT,
                OpErrors.wrap("read", "tcp", SERVER, CLIENT, new DeadlineExceededException()));
        assertEquals("writeto tcp 127.0.0.1:5000->127.0.0.1:41234: read tcp 127.0.0.1:5000->127.0.0.1:41234: i/o timeout",
                timeout.getMessage());
        assertInstanceOf(SocketTimeoutException.class, timeout);
        assertTrue(((NetError) timeout).isTimeout());

        IOException closed = OpErrors.nest("writeto", "tcp", SERVER, CLIENT,
                OpErrors.wrap("read", "tcp", SERVER, CLIENT, new NetClosingException(false)));
        assertEquals("writeto tcp 127.0.0.1:5000->127.0.0.1:41234: read tcp 127.0.0.1:5000->127.0.0.1:41234: "
                + "use of closed network connection", closed.getMessage());
        assertInstanceOf(ClosedChannelException.class, closed);
    }

    // A lookup failure of another kind (a Resolver's) is still wrapped in the dial's OpError.
    @Test
    void aForeignLookupFailureIsWrapped() {
        UnknownHostException lookup = new UnknownHostException("lookup nosuch.example on 127.0.0.1:53: no such host");
        IOException e = OpErrors.wrap("dial", "tcp", null, null, lookup);
        assertEquals("dial tcp: lookup nosuch.example on 127.0.0.1:53: no such host", e.getMessage());
        assertInstanceOf(UnknownHostException.class, e);
        assertEquals("dial", ((NetError) e).op());
    }
}
