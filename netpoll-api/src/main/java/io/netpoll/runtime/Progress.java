package io.netpoll.runtime;

/**
 * The bytes a transfer of several steps has moved so far, kept by the caller so that a failure part way
 * still tells how much arrived: Go's {@code n} beside its {@code err}. One transfer, one thread.
 */
public final class Progress {

    private long count;

    public Progress() {
    }

    /** Adds {@code n} bytes moved. */
    public void add(long n) {
        count += n;
    }

    /** The bytes moved so far. */
    public long count() {
        return count;
    }
}
