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

    /**
     * Reads into {@code b}; returns -1 at end of stream, and 0 only when {@code b} is empty.
     *
     * @param b the bytes
     * @return the count read, or -1 at end of stream
     * @throws IOException a {@link NetError} with Go's text
     */
    int read(byte[] b) throws IOException;

    /**
     * Reads into {@code b[off, off+len)}; returns -1 at end of stream, and 0 only when {@code len} is 0.
     *
     * @param b   the buffer
     * @param off where in {@code b} to start
     * @param len the most bytes to read
     * @return the count read, or -1 at end of stream
     * @throws IOException a {@link NetError} with Go's text
     */
    int read(byte[] b, int off, int len) throws IOException;

    /**
     * Writes all of {@code b}, or throws, saying in {@link NetError#bytesTransferred()} how much was written.
     *
     * @param b the bytes
     * @return {@code b.length}
     * @throws IOException a {@link NetError} with Go's text
     */
    int write(byte[] b) throws IOException;

    /**
     * Writes all of {@code b[off, off+len)}, or throws.
     *
     * @param b   the bytes
     * @param off where in {@code b} to start
     * @param len how many bytes to write
     * @return {@code len}
     * @throws IOException a {@link NetError} with Go's text
     */
    int write(byte[] b, int off, int len) throws IOException;

    /**
     * The local address: Go's {@code LocalAddr}.
     *
     * @return the local address; {@link Net#addrString} prints it as Go does
     */
    SocketAddress localAddr();

    /**
     * The peer's address: Go's {@code RemoteAddr}.
     *
     * @return the remote address; {@link Net#addrString} prints it as Go does
     */
    SocketAddress remoteAddr();

    /**
     * Sets the read and write deadlines; null means none (Go's zero time). A past deadline is expired.
     *
     * @param t the deadline, or null for none
     * @throws IOException a {@link NetError} with Go's text
     */
    void setDeadline(Instant t) throws IOException;

    /**
     * Sets the read deadline; null means none. Takes effect at once, also for a read already blocked.
     *
     * @param t the deadline, or null for none
     * @throws IOException a {@link NetError} with Go's text, once closed
     */
    void setReadDeadline(Instant t) throws IOException;

    /**
     * Sets the write deadline; null means none. Takes effect at once, also for a write already blocked.
     *
     * @param t the deadline, or null for none
     * @throws IOException a {@link NetError} with Go's text, once closed
     */
    void setWriteDeadline(Instant t) throws IOException;

    /**
     * A stream over {@link #read}; closing it closes the connection.
     *
     * @return the stream
     */
    InputStream inputStream();

    /**
     * A stream over {@link #write}; closing it closes the connection.
     *
     * @return the stream
     */
    OutputStream outputStream();
}
