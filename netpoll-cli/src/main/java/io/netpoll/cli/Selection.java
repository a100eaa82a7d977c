package io.netpoll.cli;

import io.netpoll.Netpoll;
import io.netpoll.spi.NetpollProvider;

import java.util.Optional;

/**
 * Chooses the provider this JVM runs on. {@link Netpoll#provider()} is decided once per JVM, the first
 * time anything asks for it; a command that names a provider sets {@code -Dnetpoll.provider} before
 * that happens, and finds out when it is too late.
 */
final class Selection {

    private Selection() {
    }

    /**
     * The provider this JVM runs on, which is {@code name} when one is given.
     *
     * @throws IllegalStateException when {@code name} is missing or unavailable (with the cause), or this
     *                               JVM already runs on another provider
     */
    static NetpollProvider select(String name) {
        if (name == null) {
            return current();
        }
        return trySelect(name).orElseThrow(() -> new IllegalStateException(
                "this JVM already runs on provider " + Netpoll.provider().name() + ", not " + name
                        + "; start a new one with -D" + Netpoll.PROVIDER_PROPERTY + "=" + name));
    }

    /**
     * This JVM's provider, chosen now if it was not yet.
     *
     * @throws IllegalStateException when {@code -Dnetpoll.provider} names a provider that is missing or
     *                               unavailable, with the cause
     */
    static NetpollProvider current() {
        checkRequested();
        return Netpoll.provider();
    }

    /**
     * Checks the provider {@code -Dnetpoll.provider} names, if any, without choosing this JVM's.
     *
     * @throws IllegalStateException when it is missing or unavailable, with the cause
     */
    static void checkRequested() {
        String requested = System.getProperty(Netpoll.PROVIDER_PROPERTY);
        if (requested != null && !requested.isBlank()) {
            // Asked by name first: this failure is the plain IllegalStateException with the cause, where
            // the first use of Netpoll.provider() would wrap it in an ExceptionInInitializerError.
            Netpoll.provider(requested.trim());
        }
    }

    /**
     * Makes {@code name} the provider of this JVM if the choice is still open or already is {@code name};
     * empty when this JVM runs on another provider.
     *
     * @throws IllegalStateException when {@code name} is missing or unavailable (with the cause)
     */
    static Optional<NetpollProvider> trySelect(String name) {
        Netpoll.provider(name);
        boolean setHere = System.getProperty(Netpoll.PROVIDER_PROPERTY) == null;
        if (setHere) {
            System.setProperty(Netpoll.PROVIDER_PROPERTY, name);
        }
        NetpollProvider selected = current();
        if (selected.name().equals(name)) {
            return Optional.of(selected);
        }
        if (setHere) {
            // The choice was made before; the property must not claim otherwise.
            System.clearProperty(Netpoll.PROVIDER_PROPERTY);
        }
        return Optional.empty();
    }
}
