package io.netpoll.nio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Counts this process's open descriptors through /proc/self/fd, where there is one. */
final class OpenFiles {

    private static final Path FDS = Path.of("/proc/self/fd");

    private OpenFiles() {
    }

    static boolean countable() {
        return Files.isDirectory(FDS);
    }

    static long count() throws IOException {
        try (Stream<Path> fds = Files.list(FDS)) {
            return fds.count() - 1; // the directory stream's own descriptor
        }
    }

    /**
     * Waits (at most 5 s) for the count to come back to {@code expected} and returns the last count:
     * the JVM's own threads (JIT, class loading) open and close files now and then.
     */
    static long settle(long expected) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        long n = count();
        while (n != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
            n = count();
        }
        return n;
    }
}
