package io.netpoll.runtime;

import io.netpoll.spi.Handle;
import io.netpoll.spi.Sockets;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * SKELETON — signatures fixed, bodies being written. Mirrors Go's internal/poll/fd_unix.go.
 */
public final class FD implements Closeable {

    /** Opens a socket of the given family/type through {@code server}'s provider and registers it. */
    public static FD socket(PollServer server, io.netpoll.spi.Family family, io.netpoll.spi.SocketType type) throws IOException {
        throw new UnsupportedOperationException("TODO runtime");
    }

    /** Wraps an already-open handle of {@code server}'s provider and registers it. */
    public static FD open(PollServer server, Handle handle, io.netpoll.spi.SocketType type) throws IOException {
        throw new UnsupportedOperationException("TODO runtime");
    }

    public Handle handle() { throw new UnsupportedOperationException("TODO runtime"); }
    public Sockets sockets() { throw new UnsupportedOperationException("TODO runtime"); }
    public PollServer server() { throw new UnsupportedOperationException("TODO runtime"); }

    public int read(ByteBuffer dst) throws IOException { throw new UnsupportedOperationException("TODO runtime"); }
    public int write(ByteBuffer src) throws IOException { throw new UnsupportedOperationException("TODO runtime"); }
    public FD accept() throws IOException { throw new UnsupportedOperationException("TODO runtime"); }
    public void connect(SocketAddress remote) throws IOException { throw new UnsupportedOperationException("TODO runtime"); }
    public SocketAddress receive(ByteBuffer dst) throws IOException { throw new UnsupportedOperationException("TODO runtime"); }
    public int send(ByteBuffer src, SocketAddress target) throws IOException { throw new UnsupportedOperationException("TODO runtime"); }

    public void bind(SocketAddress local) throws IOException { throw new UnsupportedOperationException("TODO runtime"); }
    public void listen(int backlog) throws IOException { throw new UnsupportedOperationException("TODO runtime"); }
    public void shutdown(boolean read, boolean write) throws IOException { throw new UnsupportedOperationException("TODO runtime"); }
    public <T> void setOption(SocketOption<T> option, T value) throws IOException { throw new UnsupportedOperationException("TODO runtime"); }
    public <T> T getOption(SocketOption<T> option) throws IOException { throw new UnsupportedOperationException("TODO runtime"); }
    public SocketAddress localAddress() throws IOException { throw new UnsupportedOperationException("TODO runtime"); }
    public SocketAddress remoteAddress() throws IOException { throw new UnsupportedOperationException("TODO runtime"); }

    public void setDeadline(Instant t) throws IOException { throw new UnsupportedOperationException("TODO runtime"); }
    public void setReadDeadline(Instant t) throws IOException { throw new UnsupportedOperationException("TODO runtime"); }
    public void setWriteDeadline(Instant t) throws IOException { throw new UnsupportedOperationException("TODO runtime"); }

    public boolean isOpen() { throw new UnsupportedOperationException("TODO runtime"); }
    @Override public void close() throws IOException { throw new UnsupportedOperationException("TODO runtime"); }
}
