package io.netpoll.spi;

import java.util.Objects;

/**
 * Whether a provider can run on this machine and, if not, exactly why.
 *
 * @param available true when the provider passed its probe
 * @param reason    when available, empty or a note on how it runs (such as which native binding);
 *                  otherwise the cause in words
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

    /** Available, with a note on how it runs, shown as {@code available (note)}. */
    public static Availability yes(String note) {
        return note.isEmpty() ? AVAILABLE : new Availability(true, note, null);
    }

    public static Availability no(String reason) {
        return new Availability(false, reason, null);
    }

    public static Availability no(String reason, Throwable cause) {
        return new Availability(false, reason + ": " + cause, cause);
    }

    @Override
    public String toString() {
        if (available) {
            return reason.isEmpty() ? "available" : "available (" + reason + ")";
        }
        return "unavailable: " + reason;
    }
}
