package io.netpoll.tck;

import io.netpoll.net.Conn;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Random;

/** Go's io helpers over the kit's connections. */
final class IO {

    /** Where {@link #copy} reads: a count, or -1 at end of stream. */
    @FunctionalInterface
    interface Source {
        int read(byte[] b) throws IOException;
    }

    /** Where {@link #copy} writes. */
    @FunctionalInterface
    interface Sink {
        void write(byte[] b, int off, int len) throws IOException;
    }

    private IO() {
    }

    static Source from(Conn c) {
        return c::read;
    }

    static Sink to(Conn c) {
        return c::write;
    }

    static Sink to(ByteArrayOutputStream out) {
        return out::write;
    }

    /** Go's {@code io.Discard}. */
    static Sink discard() {
        return (b, off, len) -> {
        };
    }

    /** An endless stream of seeded random bytes (Go's {@code rand.New(rand.NewSource(0))} as a Reader). */
    static Source random(long seed) {
        Random r = new Random(seed);
        return b -> {
            r.nextBytes(b);
            return b.length;
        };
    }

    /**
     * nettest's {@code chunkedCopy}: copies until end of stream in 1024-byte chunks, so packet-based
     * connections never see a write bigger than a packet.
     */
    static long copy(Sink w, Source r) throws IOException {
        byte[] b = new byte[1024];
        long total = 0;
        for (int n; (n = r.read(b)) != -1; ) {
            w.write(b, 0, n);
            total += n;
        }
        return total;
    }

    /**
     * Go's {@code io.ReadFull}: false when the stream ended before any byte (Go's io.EOF); an
     * {@link EOFException} when it ended part way (io.ErrUnexpectedEOF).
     */
    static boolean readFull(Conn c, byte[] b) throws IOException {
        int got = 0;
        while (got < b.length) {
            int n = c.read(b, got, b.length - got);
            if (n < 0) {
                if (got == 0) {
                    return false;
                }
                throw new EOFException("unexpected EOF after " + got + " of " + b.length + " bytes");
            }
            got += n;
        }
        return true;
    }
}
