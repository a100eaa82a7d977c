package io.netpoll.net.internal;

import io.netpoll.net.Conn;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * {@link InputStream} and {@link OutputStream} views of any {@link Conn}, as {@code java.net.Socket}
 * gives them: reads and writes go straight to the connection (no buffering), and closing either
 * stream closes the connection.
 */
public final class ConnStreams {

    private ConnStreams() {
    }

    public static InputStream input(Conn c) {
        return new In(c);
    }

    public static OutputStream output(Conn c) {
        return new Out(c);
    }

    private static final class In extends InputStream {
        private final Conn c;

        In(Conn c) {
            this.c = c;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        /** At least one byte, or -1 at end of stream: an empty datagram is skipped, as a stream has none. */
        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            int n;
            do {
                n = c.read(b, off, len);
            } while (n == 0);
            return n;
        }

        /** Nothing is known to be readable without blocking: the connection has no receive buffer here. */
        @Override
        public int available() {
            return 0;
        }

        @Override
        public void close() throws IOException {
            c.close();
        }
    }

    private static final class Out extends OutputStream {
        private final Conn c;

        Out(Conn c) {
            this.c = c;
        }

        @Override
        public void write(int b) throws IOException {
            c.write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            c.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            c.close();
        }
    }
}
