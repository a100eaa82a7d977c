// Mirrors Go's conn (src/net/net.go): the Conn methods every socket conn shares.
package io.netpoll.net.internal;

import io.netpoll.net.Conn;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Objects;

/**
 * A {@link Conn} over a {@link NetFD}. Every failure leaves as Go's OpError with the operation's name
 * ("read", "write", "set", "close"), this conn's network and addresses: source = local and address =
 * remote, except "set", which names only the local address, as Go does.
 *
 * <p>Byte arrays are wrapped, not copied: the provider's socket layer takes any {@link ByteBuffer}. A
 * provider's {@link UnsupportedOperationException} (something its socket layer cannot do) is reported
 * the same way, so that every failure is an {@link IOException}.
 */
abstract class NetConn implements Conn {

    final NetFD fd;
    private final InputStream in;
    private final OutputStream out;

    NetConn(NetFD fd) {
        this.fd = fd;
        this.in = ConnStreams.input(this);
        this.out = ConnStreams.output(this);
    }

    /** Go's OpError for {@code op} on this conn, between its local and remote addresses. */
    final IOException opError(String op, Exception cause) {
        return OpErrors.wrap(op, fd.net, fd.laddr(), fd.raddr(), cause);
    }

    @Override
    public final int read(ByteBuffer dst) throws IOException {
        try {
            return fd.read(dst);
        } catch (IOException | UnsupportedOperationException e) {
            throw opError("read", e);
        }
    }

    @Override
    public final int read(byte[] b) throws IOException {
        return read(ByteBuffer.wrap(b));
    }

    @Override
    public final int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        return read(ByteBuffer.wrap(b, off, len));
    }

    /** Writes all of {@code src}; a failure part way says how much went out ({@code bytesTransferred}). */
    @Override
    public final int write(ByteBuffer src) throws IOException {
        int start = src.position();
        try {
            return fd.write(src);
        } catch (IOException | UnsupportedOperationException e) {
            throw OpErrors.wrap("write", fd.net, fd.laddr(), fd.raddr(), e, src.position() - start);
        }
    }

    @Override
    public final int write(byte[] b) throws IOException {
        return write(ByteBuffer.wrap(b));
    }

    @Override
    public final int write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        return write(ByteBuffer.wrap(b, off, len));
    }

    @Override
    public final SocketAddress localAddr() {
        return fd.laddr();
    }

    @Override
    public final SocketAddress remoteAddr() {
        return fd.raddr();
    }

    @Override
    public final void setDeadline(Instant t) throws IOException {
        set(fd.pfd::setDeadline, t);
    }

    @Override
    public final void setReadDeadline(Instant t) throws IOException {
        set(fd.pfd::setReadDeadline, t);
    }

    @Override
    public final void setWriteDeadline(Instant t) throws IOException {
        set(fd.pfd::setWriteDeadline, t);
    }

    /** One of the runtime's deadline setters. */
    private interface DeadlineSetter {
        void set(Instant t) throws IOException;
    }

    private void set(DeadlineSetter setter, Instant t) throws IOException {
        try {
            setter.set(t);
        } catch (IOException | UnsupportedOperationException e) {
            throw OpErrors.wrap("set", fd.net, null, fd.laddr(), e);
        }
    }

    @Override
    public final InputStream inputStream() {
        return in;
    }

    @Override
    public final OutputStream outputStream() {
        return out;
    }

    @Override
    public final boolean isOpen() {
        return fd.isOpen();
    }

    /** Closes the connection; a second close does nothing. */
    @Override
    public final void close() throws IOException {
        try {
            fd.close();
        } catch (IOException | UnsupportedOperationException e) {
            throw opError("close", e);
        }
    }

    /** Go's {@code shutdown} for CloseRead/CloseWrite, reported as op "close". */
    final void shutdown(boolean read, boolean write) throws IOException {
        try {
            fd.shutdown(read, write);
        } catch (IOException | UnsupportedOperationException e) {
            throw opError("close", e);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + fd.net + " " + Addrs.string(fd.laddr()) + "->"
                + Addrs.string(fd.raddr()) + (isOpen() ? "" : " closed") + "]";
    }
}
