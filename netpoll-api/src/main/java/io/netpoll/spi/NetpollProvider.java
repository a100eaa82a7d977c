package io.netpoll.spi;

import java.io.IOException;

/**
 * A netpoll provider: one platform's poller and socket layer, found by {@link java.util.ServiceLoader}.
 * Mirrors the platform half of Go's {@code runtime/netpoll.go} ({@code netpollinit}) together with
 * the {@code syscall} package a poller needs.
 *
 * <p>A provider jar lists its implementation in {@code META-INF/services/io.netpoll.spi.NetpollProvider}
 * and in its {@code module-info} ({@code provides io.netpoll.spi.NetpollProvider with ...}).
 */
public interface NetpollProvider {

    /**
     * Short name used for selection with {@code -Dnetpoll.provider=NAME}: "epoll", "kqueue", "nio".
     *
     * @return the provider's name
     */
    String name();

    /**
     * Higher wins among available providers when none is named.
     *
     * @return the priority
     */
    int priority();

    /**
     * Whether this provider works here. The check really round-trips the facility (create a poller,
     * register something, see an event come back), so a struct-layout bug or a seccomp filter shows up
     * here rather than later. Never throws; the result is computed once and cached.
     *
     * @return available, or why not
     */
    Availability availability();

    /**
     * Opens a new poller ({@code netpollinit}). The caller owns it and its thread(s).
     *
     * @return a new poller
     * @throws IOException a {@link SyscallException} when the system call fails
     */
    Poller openPoller() throws IOException;

    /**
     * The socket layer whose handles this provider's pollers can register.
     *
     * @return the socket layer
     */
    Sockets sockets();
}
