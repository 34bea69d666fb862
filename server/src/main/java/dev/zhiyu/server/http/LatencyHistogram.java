package dev.zhiyu.server.http;

/**
 * Logarithmic latency buckets: bucket i holds durations in [1.2^i, 1.2^(i+1)) microseconds, so any
 * percentile read back is within 20% of the truth, from 1 µs to beyond ten minutes, in 120 longs.
 */
final class LatencyHistogram {
    static final int BUCKETS = 120;
    private static final double GROWTH = 1.2;
    private static final double LOG_GROWTH = Math.log(GROWTH);

    private LatencyHistogram() {
    }

    static int bucket(long micros) {
        if (micros <= 1) {
            return 0;
        }
        return Math.min(BUCKETS - 1, (int) (Math.log(micros) / LOG_GROWTH));
    }

    /** The upper edge of the bucket holding the q-quantile, in milliseconds; 0 when empty. */
    static double quantileMillis(long[] buckets, double q) {
        long total = 0;
        for (long b : buckets) {
            total += b;
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < buckets.length; i++) {
            seen += buckets[i];
            if (seen >= Math.max(rank, 1)) {
                return Math.pow(GROWTH, i + 1) / 1000.0;
            }
        }
        return Math.pow(GROWTH, buckets.length) / 1000.0;
    }
}
