package io.netpoll.runtime;

/**
 * The bytes a transfer of several steps has moved so far, kept by the caller so that a failure part way
 * still tells how much arrived: Go's {@code n} beside its {@code err}. One transfer, one thread.
 */
public final class Progress {

    private long count;

    /** A count of 0, for a transfer about to start. */
    public Progress() {
    }

    /**
     * Adds {@code n} bytes moved.
     *
     * @param n the bytes one step moved
     */
    public void add(long n) {
        count += n;
    }

    /**
     * The bytes moved so far.
     *
     * @return the sum of every {@link #add}
     */
    public long count() {
        return count;
    }
}
