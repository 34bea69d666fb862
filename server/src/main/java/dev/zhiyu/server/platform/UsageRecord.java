package dev.zhiyu.server.platform;

import java.time.LocalDate;
import java.util.Arrays;

/** Metered API calls of one consumer on one UTC day; {@code latencyBuckets} are counts per histogram bucket. */
public record UsageRecord(String consumer, LocalDate day, long requests, long errors, long totalMicros,
                          long[] latencyBuckets) {

    /** The sum of both, labelled with this record's consumer and day. */
    public UsageRecord plus(UsageRecord other) {
        long[] buckets = Arrays.copyOf(latencyBuckets, Math.max(latencyBuckets.length, other.latencyBuckets.length));
        for (int i = 0; i < other.latencyBuckets.length; i++) {
            buckets[i] += other.latencyBuckets[i];
        }
        return new UsageRecord(consumer, day, requests + other.requests, errors + other.errors,
                totalMicros + other.totalMicros, buckets);
    }
}
