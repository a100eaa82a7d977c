// Mirrors Go's io.Copy (src/io/io.go: copyBuffer) as genericReadFrom and genericWriteTo use it (src/net/net.go),
// with io.LimitedReader's bound.
package io.netpoll.net.internal;

import io.netpoll.runtime.Progress;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.WritableByteChannel;

/**
 * Copies a channel to another until end of stream or a limit, through one buffer of Go's size: every
 * read and write of a conn goes through the runtime, so a copy parks the thread as any read or write
 * does. A read never asks for more than the limit leaves, so no byte past it is consumed (Go's
 * {@code io.LimitedReader}).
 *
 * <p>The count moved is kept in a {@link Progress} as each write returns, and also when a write fails
 * part way: the buffer's position then tells how much of it went out.
 *
 * <p>The JDK's channels may write part of a buffer; the rest is written again. A write that moves
 * nothing is Go's {@code io.ErrShortWrite}: a channel in blocking mode never does that, and one in
 * non-blocking mode (which would spin here) is refused before anything is copied.
 */
final class IOCopy {

    /** Go's {@code io.Copy} buffer: 32 KiB. */
    private static final int BUFFER_SIZE = 32 * 1024;

    private IOCopy() {
    }

    /**
     * Copies {@code src} to {@code dst} until {@code src} ends or {@code limit} (not negative) bytes were
     * copied; returns the count copied, which {@code moved} counts too.
     */
    static long copy(WritableByteChannel dst, ReadableByteChannel src, long limit, Progress moved)
            throws IOException {
        requireBlocking(dst);
        requireBlocking(src);
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(BUFFER_SIZE, Math.max(limit, 1)));
        long written = 0;
        while (written < limit) {
            buf.clear().limit((int) Math.min(buf.capacity(), limit - written));
            if (src.read(buf) < 0) {
                break;
            }
            buf.flip();
            while (buf.hasRemaining()) {
                int before = buf.position();
                int n;
                try {
                    n = dst.write(buf);
                } finally {
                    moved.add(buf.position() - before);
                }
                if (n <= 0) {
                    throw new IOException("short write");
                }
                written += n;
            }
        }
        return written;
    }

    private static void requireBlocking(Channel c) {
        if (c instanceof SelectableChannel sc && !sc.isBlocking()) {
            throw new IllegalBlockingModeException();
        }
    }
}
