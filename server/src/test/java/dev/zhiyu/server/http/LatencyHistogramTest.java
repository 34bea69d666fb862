package dev.zhiyu.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void percentilesAreWithinTheBucketResolution() {
        Random random = new Random(7);
        long[] samples = new long[10_000];
        long[] buckets = new long[LatencyHistogram.BUCKETS];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (long) Math.exp(random.nextGaussian() * 1.5 + 8);
            buckets[LatencyHistogram.bucket(samples[i])]++;
        }
        Arrays.sort(samples);
        for (double q : new double[] {0.5, 0.95, 0.99}) {
            double exactMs = samples[(int) Math.ceil(q * samples.length) - 1] / 1000.0;
            double estimate = LatencyHistogram.quantileMillis(buckets, q);
            assertTrue(estimate >= exactMs && estimate <= exactMs * 1.2 + 0.001, q + ": " + estimate + " vs " + exactMs);
        }
    }

    @Test
    void extremesStayInRange() {
        assertEquals(0, LatencyHistogram.bucket(0));
        assertEquals(LatencyHistogram.BUCKETS - 1, LatencyHistogram.bucket(Long.MAX_VALUE));
        assertEquals(0, LatencyHistogram.quantileMillis(new long[LatencyHistogram.BUCKETS], 0.99));
    }
}
