package io.netpoll.spi;

import java.util.Objects;

/**
 * Whether a provider can run on this machine and, if not, exactly why.
 *
 * @param available true when the provider passed its probe
 * @param reason    empty when available; otherwise the cause in words
 * @param cause     the exception behind {@code reason}, or null
 */
public record Availability(boolean available, String reason, Throwable cause) {

    private static final Availability AVAILABLE = new Availability(true, "", null);

    public Availability {
        Objects.requireNonNull(reason, "reason");
    }

    public static Availability yes() {
        return AVAILABLE;
    }

    public static Availability no(String reason) {
        return new Availability(false, reason, null);
    }

    public static Availability no(String reason, Throwable cause) {
        return new Availability(false, reason + ": " + cause, cause);
    }

    @Override
    public String toString() {
        return available ? "available" : "unavailable: " + reason;
    }
}
