package io.netpoll.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.nio.channels.ByteChannel;
import java.time.Instant;

/**
 * A stream-oriented network connection: Go's {@code net.Conn}. Safe for use by several threads: reads
 * serialize with reads, writes with writes, and a read and a write run concurrently.
 *
 * <p>Blocking calls park the calling thread (virtual or platform) until the poller reports readiness,
 * a deadline passes, or the connection is closed.
 *
 * <p>A write either writes everything or throws; where Go returns {@code n, err}, the exception (every
 * one implements {@link NetError}) tells in {@link NetError#bytesTransferred()} how many bytes went out
 * before the failure, whatever it was: a deadline, a reset, a close from another thread, an interrupt.
 * Those bytes were handed to the system, in order, and the rest were not.
 */
public interface Conn extends ByteChannel {

    /** Reads into {@code b}; returns -1 at end of stream, and 0 only when {@code b} is empty. */
    int read(byte[] b) throws IOException;

    int read(byte[] b, int off, int len) throws IOException;

    /** Writes all of {@code b}, or throws, saying in {@link NetError#bytesTransferred()} how much was written. */
    int write(byte[] b) throws IOException;

    int write(byte[] b, int off, int len) throws IOException;

    SocketAddress localAddr();

    SocketAddress remoteAddr();

    /** Sets the read and write deadlines; null means none (Go's zero time). A past deadline is expired. */
    void setDeadline(Instant t) throws IOException;

    void setReadDeadline(Instant t) throws IOException;

    void setWriteDeadline(Instant t) throws IOException;

    /** A stream over {@link #read}; closing it closes the connection. */
    InputStream inputStream();

    /** A stream over {@link #write}; closing it closes the connection. */
    OutputStream outputStream();
}
