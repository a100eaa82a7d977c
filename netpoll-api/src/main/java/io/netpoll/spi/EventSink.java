package io.netpoll.spi;

/**
 * Receives the events of one {@link Poller#poll} call. The same sink is reused for every call, and a
 * poller delivers into it without allocating per event.
 */
@FunctionalInterface
public interface EventSink {

    /**
     * One readiness event.
     *
     * @param token the token the handle was registered with
     * @param mode  {@link Poller#READ}, {@link Poller#WRITE} or both, with {@link Poller#HANGUP} when
     *              the peer hung up
     * @param error true when the kernel reported an error condition and nothing else (Go sets the
     *              sticky event error only then)
     */
    void ready(long token, int mode, boolean error);
}
