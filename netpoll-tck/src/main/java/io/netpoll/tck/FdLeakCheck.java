package io.netpoll.tck;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Nothing leaks: the descriptors open after a test class are the ones open before it.
 *
 * <p>Counts {@code /proc/self/fd} entries that are not files on disk — sockets, pipes, epoll and
 * eventfd instances. Files are left out because the JVM opens jars and class files as it loads
 * classes, which says nothing about the network stack. Closes may finish on another thread (the real
 * close runs when the last operation in flight lets go), so the check retries for a while before it
 * fails. Where {@code /proc/self/fd} does not exist the check is skipped; nothing else is.
 *
 * <p>Register it after {@link ProviderCheck}, whose warm-up opens the provider's lifelong descriptors
 * before the baseline is taken.
 */
public final class FdLeakCheck implements BeforeAllCallback, AfterAllCallback {

    /** Made by JUnit for {@code @ExtendWith}. */
    public FdLeakCheck() {
    }

    private static final Path FD_DIR = Path.of("/proc/self/fd");
    private static final Duration SETTLE = Duration.ofSeconds(5);
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(FdLeakCheck.class);

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (Files.isDirectory(FD_DIR)) {
            context.getStore(NS).put(context.getRequiredTestClass(), descriptors());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, String> before = context.getStore(NS).remove(context.getRequiredTestClass(), Map.class);
        if (before == null) {
            return;
        }
        long end = System.nanoTime() + SETTLE.toNanos();
        Map<String, String> after = descriptors();
        while (after.size() > before.size() && System.nanoTime() < end) {
            Sleep.millis(20);
            after = descriptors();
        }
        if (after.size() > before.size()) {
            List<String> extra = new ArrayList<>();
            after.forEach((fd, target) -> {
                if (!target.equals(before.get(fd))) {
                    extra.add(fd + " -> " + target);
                }
            });
            fail(context.getRequiredTestClass().getSimpleName() + " leaked " + (after.size() - before.size())
                    + " descriptor(s): " + before.size() + " open before, " + after.size() + " after "
                    + SETTLE.toSeconds() + " s; new or changed: " + extra);
        }
    }

    /** fd number to link target, for every descriptor that is not a file on disk. */
    private static Map<String, String> descriptors() throws IOException {
        Map<String, String> fds = new TreeMap<>();
        try (Stream<Path> entries = Files.list(FD_DIR)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String target;
                try {
                    target = Files.readSymbolicLink(p).toString();
                } catch (IOException e) {
                    continue; // closed while we looked
                }
                if (!target.startsWith("/")) {
                    fds.put(p.getFileName().toString(), target);
                }
            }
        }
        return fds;
    }
}
