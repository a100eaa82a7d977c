package io.netpoll.cli;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyHistogramTest {

    @Test
    void bucketsTileTheValuesWithoutGapsOrOverlap() {
        long next = 0;
        for (int i = 0; LatencyHistogram.lowerBound(i) < (1L << 41); i++) {
            assertEquals(next, LatencyHistogram.lowerBound(i), "bucket " + i);
            assertEquals(i, LatencyHistogram.index(LatencyHistogram.lowerBound(i)));
            long last = LatencyHistogram.lowerBound(i) + LatencyHistogram.width(i) - 1;
            assertEquals(i, LatencyHistogram.index(last), "last value of bucket " + i);
            next = last + 1;
        }
    }

    @Test
    void smallValuesAreExact() {
        LatencyHistogram h = new LatencyHistogram();
        for (int v = 1; v <= 50; v++) {
            h.record(v);
        }
        assertEquals(50, h.count());
        assertEquals(25, h.quantile(0.5));
        assertEquals(50, h.quantile(0.99));
        assertEquals(1, h.quantile(0.01));
    }

    @Test
    void quantilesAreWithinTheBucketError() {
        LatencyHistogram h = new LatencyHistogram();
        Random random = new Random(42);
        long[] values = new long[100_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = 1_000 + (long) (random.nextDouble() * random.nextDouble() * 5_000_000);
            h.record(values[i]);
        }
        java.util.Arrays.sort(values);
        for (double q : new double[] {0.5, 0.9, 0.99, 0.999, 1.0}) {
            long exact = values[(int) Math.ceil(q * values.length) - 1];
            long got = h.quantile(q);
            assertTrue(Math.abs(got - exact) <= exact / 32.0, "q" + q + ": " + got + " vs " + exact);
        }
    }

    @Test
    void mergeAddsCounts() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        for (int i = 0; i < 99; i++) {
            a.record(10_000);
        }
        b.record(5_000_000);
        a.add(b);
        assertEquals(100, a.count());
        assertTrue(Math.abs(a.quantile(0.5) - 10_000) <= 10_000 / 32);
        assertTrue(Math.abs(a.quantile(1.0) - 5_000_000) <= 5_000_000 / 32);
    }

    @Test
    void hugeAndNegativeValuesAreKeptNotLost() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(Long.MAX_VALUE);
        h.record(-5);
        assertEquals(2, h.count());
        assertEquals(0, h.quantile(0.5));
        assertTrue(h.quantile(1.0) >= 1L << 40);
    }

    @Test
    void emptyIsZeroAndBadQuantilesAreRejected() {
        LatencyHistogram h = new LatencyHistogram();
        assertEquals(0, h.quantile(0.99));
        assertThrows(IllegalArgumentException.class, () -> h.quantile(0));
        assertThrows(IllegalArgumentException.class, () -> h.quantile(1.5));
        assertThrows(IllegalArgumentException.class, () -> h.quantile(Double.NaN));
    }
}
