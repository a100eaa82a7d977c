package io.netpoll.cli;

/**
 * A log-linear histogram of latencies in nanoseconds that records without allocating: one per load
 * connection, written by that connection's thread only, merged when the run is over.
 *
 * <p>Values below 64 ns each have a bucket. Above, every power of two [2^e, 2^(e+1)) is cut into 32
 * buckets of equal width, so a bucket is at most 1/32 of its values wide, and reporting its middle is
 * off by at most 1.6 %. Values from 2^41 ns (about 37 minutes) on share the last bucket.
 */
final class LatencyHistogram {

    private static final int SUB_BITS = 5;
    private static final int SUB_COUNT = 1 << SUB_BITS;
    private static final int LINEAR_LIMIT = 2 * SUB_COUNT;
    private static final int MAX_EXPONENT = 40;
    private static final int BUCKETS = (MAX_EXPONENT - SUB_BITS + 2) * SUB_COUNT;

    private final long[] counts = new long[BUCKETS];
    private long total;

    void record(long nanos) {
        counts[index(Math.max(0, nanos))]++;
        total++;
    }

    long count() {
        return total;
    }

    void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
    }

    /**
     * The value at quantile {@code q} (0 &lt; q &lt;= 1): the middle of the bucket holding the
     * ceil(q * count)-th smallest value; 0 when empty.
     */
    long quantile(double q) {
        if (!(q > 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be in (0, 1]: " + q);
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return lowerBound(i) + (width(i) - 1) / 2;
            }
        }
        return 0;
    }

    static int index(long v) {
        if (v < LINEAR_LIMIT) {
            return (int) v;
        }
        int e = 63 - Long.numberOfLeadingZeros(v);
        if (e > MAX_EXPONENT) {
            return BUCKETS - 1;
        }
        int sub = (int) (v >>> (e - SUB_BITS)) & (SUB_COUNT - 1);
        return (e - SUB_BITS + 1) * SUB_COUNT + sub;
    }

    static long lowerBound(int index) {
        if (index < LINEAR_LIMIT) {
            return index;
        }
        int e = index / SUB_COUNT + SUB_BITS - 1;
        return (1L << e) + ((long) (index % SUB_COUNT) << (e - SUB_BITS));
    }

    static long width(int index) {
        return index < LINEAR_LIMIT ? 1 : 1L << (index / SUB_COUNT - 1);
    }
}
