package io.netpoll;

import io.netpoll.spi.Availability;
import io.netpoll.spi.NetpollProvider;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Finds the netpoll providers on the class path or module path and selects one.
 *
 * <p>{@code -Dnetpoll.provider=NAME} wins, and a named provider that is missing or unavailable fails
 * loudly with its cause. Otherwise the available provider with the highest priority is selected:
 * {@code epoll} on Linux, {@code kqueue} on macOS and the BSDs, {@code nio} everywhere else.
 */
public final class Netpoll {

    /** The system property that names a provider. */
    public static final String PROVIDER_PROPERTY = "netpoll.provider";

    private Netpoll() {
    }

    /** Every provider found, highest priority first, whether available or not. */
    public static List<NetpollProvider> providers() {
        return Providers.ALL;
    }

    /**
     * The selected provider.
     *
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
     * @throws IllegalStateException when there is none by that name, or it is unavailable (with its cause)
     */
    public static NetpollProvider provider(String name) {
        for (NetpollProvider p : providers()) {
            if (p.name().equals(name)) {
                Availability a = p.availability();
                if (!a.available()) {
                    throw new IllegalStateException("netpoll provider " + name + " is " + a, a.cause());
                }
                return p;
            }
        }
        throw new IllegalStateException("no netpoll provider named " + name + "; found " + names());
    }

    private static List<String> names() {
        return providers().stream().map(NetpollProvider::name).toList();
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
        throw new IllegalStateException("no netpoll provider is available; found " + names());
    }

    private static final class Providers {
        static final List<NetpollProvider> ALL = load();

        private static List<NetpollProvider> load() {
            List<NetpollProvider> found = new ArrayList<>();
            ClassLoader loader = Netpoll.class.getClassLoader();
            for (NetpollProvider p : ServiceLoader.load(NetpollProvider.class, loader)) {
                if (found.stream().noneMatch(q -> q.name().equals(p.name()))) {
                    found.add(p);
                }
            }
            found.sort(Comparator.comparingInt(NetpollProvider::priority).reversed());
            return List.copyOf(found);
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
