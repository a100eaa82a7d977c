package io.netpoll.tck;

import io.netpoll.Netpoll;
import io.netpoll.spi.Family;
import io.netpoll.spi.SocketType;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Unix socket fixtures: Go's {@code testUnixAddr} (a fresh path in a private temporary directory,
 * short enough for {@code sun_path}), and what the provider under test offers.
 */
final class Unix implements Closeable {

    private final Path dir;
    private int seq;

    private Unix(Path dir) {
        this.dir = dir;
    }

    /** A fresh private directory under /tmp (short paths: {@code sun_path} holds 108 bytes). */
    static Unix tempDir() throws IOException {
        Path tmp = Path.of("/tmp");
        Path base = Files.isDirectory(tmp) ? tmp : Path.of(System.getProperty("java.io.tmpdir"));
        return new Unix(Files.createTempDirectory(base, "np"));
    }

    /** A path nothing exists at yet. */
    String path() {
        return dir.resolve("s" + (++seq)).toString();
    }

    /** Whether the provider under test has Unix datagram sockets (the nio provider has none). */
    static boolean hasUnixgram() {
        return Netpoll.provider().sockets().supports(Family.UNIX, SocketType.DATAGRAM);
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
