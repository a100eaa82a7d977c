package io.netpoll;

import io.netpoll.spi.Availability;
import io.netpoll.spi.NetpollProvider;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds the netpoll providers on the class path or module path and selects one.
 *
 * <p>{@code -Dnetpoll.provider=NAME} wins, and a named provider that is missing or unavailable fails
 * loudly with its cause. Otherwise the available provider with the highest priority is selected:
 * {@code epoll} on Linux, {@code kqueue} on macOS and the BSDs, {@code nio} everywhere else. When
 * none can run, the error lists every provider found with the reason it is unavailable, and names the
 * artifacts to add.
 *
 * <p>Providers are looked up once, at the first call, through this library's own class loader and
 * through the calling thread's context class loader, so a provider jar that only a plugin or
 * container class loader sees is found too. A provider seen through both counts once.
 */
public final class Netpoll {

    /** The system property that names a provider. */
    public static final String PROVIDER_PROPERTY = "netpoll.provider";

    private Netpoll() {
    }

    /**
     * The artifacts that hold providers, for the error that says none can run: the portable one first,
     * since it runs wherever the JDK does.
     */
    static final String ARTIFACTS_HINT = "add io.netpoll:netpoll-nio-fallback (runs everywhere the JDK runs),"
            + " or the native provider for this OS: io.netpoll:netpoll-epoll (Linux),"
            + " io.netpoll:netpoll-kqueue (macOS, FreeBSD; both need JNA)";

    /**
     * Every provider found, highest priority first, whether available or not.
     *
     * @return the providers, an unmodifiable list
     */
    public static List<NetpollProvider> providers() {
        return Providers.ALL;
    }

    /**
     * The selected provider.
     *
     * @return the provider named by {@code -Dnetpoll.provider}, or else the available one with the
     *         highest priority
     * @throws IllegalStateException when the named provider is missing or unavailable, or none is
     *                               available; the message says why
     */
    public static NetpollProvider provider() {
        if (Selected.FAILURE != null) {
            throw new IllegalStateException(Selected.FAILURE.getMessage(), Selected.FAILURE);
        }
        return Selected.PROVIDER;
    }

    /**
     * The provider called {@code name}.
     *
     * @param name the provider's {@link NetpollProvider#name() name}
     * @return the provider, which is available
     * @throws IllegalStateException when there is none by that name, or it is unavailable (with its cause)
     */
    public static NetpollProvider provider(String name) {
        Objects.requireNonNull(name, "name");
        for (NetpollProvider p : providers()) {
            if (p.name().equals(name)) {
                Availability a = p.availability();
                if (!a.available()) {
                    throw new IllegalStateException("netpoll provider " + name + " is " + a, a.cause());
                }
                return p;
            }
        }
        throw new IllegalStateException("no netpoll provider named " + name + "; found " + found(providers())
                + "; " + ARTIFACTS_HINT);
    }

    /** Each provider with its availability: {@code [epoll (unavailable: JNA is not on the class path), nio (available)]}. */
    static String found(List<NetpollProvider> providers) {
        return providers.stream().map(p -> p.name() + " (" + p.availability() + ")")
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /** The error when no provider can run: every one found and why not, then what to add. */
    static IllegalStateException noneAvailable(List<NetpollProvider> providers) {
        String what = providers.isEmpty()
                ? "no netpoll provider found on the class path or module path"
                : "no netpoll provider is available; found " + found(providers);
        IllegalStateException e = new IllegalStateException(what + "; " + ARTIFACTS_HINT);
        for (NetpollProvider p : providers) {
            Throwable cause = p.availability().cause();
            if (cause == null) {
                continue;
            }
            if (e.getCause() == null) {
                e.initCause(cause);
            } else {
                e.addSuppressed(cause);
            }
        }
        return e;
    }

    static NetpollProvider select(String requested) {
        if (requested != null && !requested.isBlank()) {
            return provider(requested.trim());
        }
        for (NetpollProvider p : providers()) {
            if (p.availability().available()) {
                return p;
            }
        }
        throw noneAvailable(providers());
    }

    /**
     * The providers seen through {@code loaders}, in order, each name once: the first loader that
     * sees a name wins (the library's own loader is asked first, so a context loader cannot replace a
     * provider the library already has). Sorted by priority, highest first.
     */
    static List<NetpollProvider> load(List<ClassLoader> loaders) {
        List<NetpollProvider> found = new ArrayList<>();
        for (ClassLoader loader : loaders) {
            for (NetpollProvider p : ServiceLoader.load(NetpollProvider.class, loader)) {
                if (found.stream().noneMatch(q -> q.name().equals(p.name()))) {
                    found.add(p);
                }
            }
        }
        found.sort(Comparator.comparingInt(NetpollProvider::priority).reversed());
        return List.copyOf(found);
    }

    private static final class Providers {
        static final List<NetpollProvider> ALL = load(loaders());

        /** This library's loader, then the context loader of the thread that asks first, if another. */
        private static List<ClassLoader> loaders() {
            Set<ClassLoader> loaders = new LinkedHashSet<>();
            ClassLoader own = Netpoll.class.getClassLoader();
            loaders.add(own != null ? own : ClassLoader.getSystemClassLoader());
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            if (context != null) {
                loaders.add(context);
            }
            return List.copyOf(loaders);
        }
    }

    /** The selection, made once; a failure is kept and reported on every call, not as an init error. */
    private static final class Selected {
        static final NetpollProvider PROVIDER;
        static final IllegalStateException FAILURE;

        static {
            NetpollProvider selected = null;
            IllegalStateException failure = null;
            try {
                selected = select(System.getProperty(PROVIDER_PROPERTY));
            } catch (IllegalStateException e) {
                failure = e;
            }
            PROVIDER = selected;
            FAILURE = failure;
        }
    }
}
