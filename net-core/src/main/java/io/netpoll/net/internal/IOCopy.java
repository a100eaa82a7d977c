// Mirrors Go's io.Copy (src/io/io.go: copyBuffer) as genericReadFrom and genericWriteTo use it (src/net/net.go).
package io.netpoll.net.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.WritableByteChannel;

/**
 * Copies a channel to another until end of stream, through one buffer of Go's size: every read and
 * write of a conn goes through the runtime, so a copy parks the thread as any read or write does.
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

    /** Copies {@code src} to {@code dst} until {@code src} ends; returns the count copied. */
    static long copy(WritableByteChannel dst, ReadableByteChannel src) throws IOException {
        requireBlocking(dst);
        requireBlocking(src);
        ByteBuffer buf = ByteBuffer.allocate(BUFFER_SIZE);
        long written = 0;
        for (;;) {
            buf.clear();
            if (src.read(buf) < 0) {
                return written;
            }
            buf.flip();
            while (buf.hasRemaining()) {
                int n = dst.write(buf);
                if (n <= 0) {
                    throw new IOException("short write");
                }
                written += n;
            }
        }
    }

    private static void requireBlocking(Channel c) {
        if (c instanceof SelectableChannel sc && !sc.isBlocking()) {
            throw new IllegalBlockingModeException();
        }
    }
}
