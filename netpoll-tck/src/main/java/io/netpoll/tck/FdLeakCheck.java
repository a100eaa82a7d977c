package io.netpoll.tck;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Nothing leaks: the descriptors open after a test class are the ones open before it.
 *
 * <p>Counts {@code /proc/self/fd} entries that are not files on disk — sockets, pipes, epoll and
 * eventfd instances. Files are left out because the JVM opens jars and class files as it loads
 * classes, which says nothing about the network stack. Closes may finish on another thread (the real
 * close runs when the last operation in flight lets go), so the check retries for a while before it
 * fails. A provider may keep idle kernel objects in a pool that, like Go's {@code sync.Pool}, the
 * garbage collector empties (the epoll provider's splice pipes): so while it waits the check asks for a
 * collection. Where {@code /proc/self/fd} does not exist the check is skipped; nothing else is.
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
            System.gc();
            Sleep.millis(20);
            after = descriptors();
        }
        if (after.size() > before.size()) {
            List<String> extra = new ArrayList<>();
            after.forEach((fd, target) -> {
                if (!target.equals(before.get(fd))) {
                    extra.add(fd + " -> " + target + describe(target));
                }
            });
            fail(context.getRequiredTestClass().getSimpleName() + " leaked " + (after.size() - before.size())
                    + " descriptor(s): " + before.size() + " open before, " + after.size() + " after "
                    + SETTLE.toSeconds() + " s; new or changed: " + extra);
        }
    }

    private static final Pattern SOCKET = Pattern.compile("socket:\\[(\\d+)]");
    /** The kernel's socket tables in /proc/self/net, each with the column that holds the inode. */
    private static final Map<String, Integer> SOCKET_TABLES = tables();

    private static Map<String, Integer> tables() {
        Map<String, Integer> t = new LinkedHashMap<>();
        for (String ip : List.of("tcp", "tcp6", "udp", "udp6", "raw", "raw6", "icmp", "icmp6", "netlink")) {
            t.put(ip, 9);
        }
        t.put("unix", 6);
        t.put("packet", 8);
        return t;
    }

    /**
     * What a leaked socket is, from the kernel's tables in /proc/self/net (by inode): the table's name
     * and the row ("local_address rem_address st" in hex for IP sockets, the path for Unix sockets),
     * so that a failure names the connection. A socket in no table is one that is neither bound nor
     * connected: a TCP socket whose connect failed or that was reset, or a datagram socket never bound.
     */
    private static String describe(String target) {
        Matcher m = SOCKET.matcher(target);
        if (!m.matches()) {
            return "";
        }
        for (Map.Entry<String, Integer> table : SOCKET_TABLES.entrySet()) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/net", table.getKey()))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > table.getValue() && f[table.getValue()].equals(m.group(1))) {
                        return " (" + table.getKey() + ": " + line.trim().replaceAll("\\s+", " ") + ")";
                    }
                }
            } catch (IOException e) {
                // no such table here
            }
        }
        return " (in no socket table: neither bound nor connected)";
    }

    /** fd number to link target, for every descriptor that is not a file on disk. */
    static Map<String, String> descriptors() throws IOException {
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
