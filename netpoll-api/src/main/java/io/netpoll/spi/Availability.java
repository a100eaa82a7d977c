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

    /**
     * Checks that there is a reason (empty when available).
     *
     * @param available true when the provider passed its probe
     * @param reason    empty when available; otherwise the cause in words
     * @param cause     the exception behind {@code reason}, or null
     */
    public Availability {
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * The provider works here.
     *
     * @return the one "available" value
     */
    public static Availability yes() {
        return AVAILABLE;
    }

    /**
     * Available, with a note on how it runs, shown as {@code available (note)}.
     *
     * @param note how it runs, e.g. {@code "ffm"}; empty for none
     * @return an available result
     */
    public static Availability yes(String note) {
        return note.isEmpty() ? AVAILABLE : new Availability(true, note, null);
    }

    /**
     * The provider cannot run here, for a reason that no exception carries.
     *
     * @param reason why, in words: {@code "kqueue: not available on Linux"}
     * @return an unavailable result
     */
    public static Availability no(String reason) {
        return new Availability(false, reason, null);
    }

    /**
     * The provider cannot run here because its probe failed with {@code cause}; the reason says both.
     *
     * @param reason what failed, in words: {@code "JNA is not on the class path"}
     * @param cause  the exception the probe met
     * @return an unavailable result whose reason is {@code reason + ": " + cause}
     */
    public static Availability no(String reason, Throwable cause) {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(cause, "cause");
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
