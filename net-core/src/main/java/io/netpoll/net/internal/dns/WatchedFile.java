package io.netpoll.net.internal.dns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * A configuration file parsed once and re-read when it changes: the reload rule of Go's
 * {@code resolverConfig.tryUpdate} (dnsclient_unix.go) and {@code readHosts} (hosts.go), shared by
 * resolv.conf, /etc/hosts and nsswitch.conf.
 *
 * <p>No thread watches the file. A lookup calls {@link #get}; at most once every
 * {@link #RECHECK_NANOS} that call stats the file, and only a changed modification time or size
 * makes it parse again; the new value replaces the old one atomically. The check is guarded by a
 * one-slot try-lock: a lookup that finds another one checking does not wait, it uses the current
 * value. A file that cannot be read parses to whatever the parser makes of a missing file (Go's
 * defaults), and is checked again like any other.
 */
final class WatchedFile<T> {

    static final long RECHECK_NANOS = TimeUnit.SECONDS.toNanos(5);

    private record Loaded<T>(T value, Stamp stamp) {}

    /** What decides that a file changed; null when it cannot be stat'ed. */
    private record Stamp(FileTime mtime, long size) {}

    private final Path path;
    private final Function<Path, T> parser;
    private final Predicate<T> noReload;
    private final LongSupplier nanoClock;
    private final AtomicReference<Loaded<T>> current = new AtomicReference<>();
    private final AtomicBoolean checking = new AtomicBoolean();
    private long lastChecked; // guarded by checking

    WatchedFile(Path path, Function<Path, T> parser, Predicate<T> noReload, LongSupplier nanoClock) {
        this.path = path;
        this.parser = parser;
        this.noReload = noReload;
        this.nanoClock = nanoClock;
        current.set(load());
        lastChecked = nanoClock.getAsLong();
    }

    T get() {
        Loaded<T> cur = current.get();
        if (noReload.test(cur.value()) || !checking.compareAndSet(false, true)) {
            return cur.value();
        }
        try {
            long now = nanoClock.getAsLong();
            if (now - lastChecked < RECHECK_NANOS) {
                return cur.value();
            }
            lastChecked = now;
            if (!Objects.equals(stamp(path), cur.stamp())) {
                current.set(load());
            }
            return current.get().value();
        } finally {
            checking.set(false);
        }
    }

    private Loaded<T> load() {
        Stamp before = stamp(path);
        return new Loaded<>(parser.apply(path), before);
    }

    private static Stamp stamp(Path path) {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            return new Stamp(a.lastModifiedTime(), a.size());
        } catch (IOException | SecurityException e) {
            return null;
        }
    }
}
