package io.netpoll.tck;

/**
 * The kind of thread a blocking operation runs on. A netpoll read parks a virtual thread and a
 * platform thread alike, so every case where the thread kind matters (blocking reads, writes and
 * accepts; close, deadline and interrupt while parked) runs once on each.
 */
public enum ThreadKind {
    /** A platform thread: a daemon, so none outlives the run. */
    PLATFORM,
    /** A virtual thread. */
    VIRTUAL;

    /** Starts {@code body} on a new thread of this kind; platform threads are daemons so none outlives the run. */
    Thread start(String name, Runnable body) {
        return switch (this) {
            case PLATFORM -> Thread.ofPlatform().name(name).daemon().start(body);
            case VIRTUAL -> Thread.ofVirtual().name(name).start(body);
        };
    }
}
