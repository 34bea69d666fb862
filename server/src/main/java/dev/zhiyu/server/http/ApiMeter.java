package dev.zhiyu.server.http;

import dev.zhiyu.server.platform.Principal;
import dev.zhiyu.server.platform.Tenant;
import dev.zhiyu.server.platform.UsageRecord;
import dev.zhiyu.server.platform.UsageStore;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Meters every authenticated API call per consumer (key or console user): count, errors, latency histogram.
 * Calls are counted in memory and merged into the tenant's database by {@link #flush}, so a request never
 * waits on a metering write.
 */
final class ApiMeter {
    private static final Logger LOG = LoggerFactory.getLogger(ApiMeter.class);

    private record Slot(long tenantId, String consumer, LocalDate day) {
    }

    /** Closed once flushed; a closed accumulator takes no more calls and the caller makes a new one. */
    private static final class Accumulator {
        final Tenant tenant;
        long requests;
        long errors;
        long totalMicros;
        final long[] buckets = new long[LatencyHistogram.BUCKETS];
        boolean closed;

        Accumulator(Tenant tenant) {
            this.tenant = tenant;
        }
    }

    private final ConcurrentMap<Slot, Accumulator> pending = new ConcurrentHashMap<>();
    private final UsageStore store;

    ApiMeter(UsageStore store) {
        this.store = store;
    }

    void record(Principal principal, long micros, boolean error) {
        Slot slot = new Slot(principal.tenant().id(), principal.consumer(), LocalDate.now(ZoneOffset.UTC));
        while (true) {
            Accumulator acc = pending.computeIfAbsent(slot, s -> new Accumulator(principal.tenant()));
            synchronized (acc) {
                if (!acc.closed) {
                    acc.requests++;
                    acc.errors += error ? 1 : 0;
                    acc.totalMicros += micros;
                    acc.buckets[LatencyHistogram.bucket(micros)]++;
                    return;
                }
            }
        }
    }

    /** Writes pending counts of every tenant; a tenant whose database fails keeps its counts for the next try. */
    void flush() {
        flush(null);
    }

    /** Writes pending counts of one tenant (or all when null). */
    synchronized void flush(Long tenantId) {
        for (Slot slot : List.copyOf(pending.keySet())) {
            if (tenantId != null && slot.tenantId() != tenantId) {
                continue;
            }
            Accumulator acc = pending.remove(slot);
            if (acc == null) {
                continue;
            }
            UsageRecord delta;
            synchronized (acc) {
                acc.closed = true;
                delta = new UsageRecord(slot.consumer(), slot.day(), acc.requests, acc.errors, acc.totalMicros,
                        acc.buckets.clone());
            }
            try {
                store.add(acc.tenant, delta);
            } catch (RuntimeException e) {
                LOG.warn("租户 {} 的 API 计量写入失败，稍后重试：{}", acc.tenant.slug(), e.getMessage());
                restore(slot, acc.tenant, delta);
            }
        }
    }

    private void restore(Slot slot, Tenant tenant, UsageRecord delta) {
        Accumulator acc = pending.computeIfAbsent(slot, s -> new Accumulator(tenant));
        synchronized (acc) {
            acc.requests += delta.requests();
            acc.errors += delta.errors();
            acc.totalMicros += delta.totalMicros();
            for (int i = 0; i < delta.latencyBuckets().length; i++) {
                acc.buckets[i] += delta.latencyBuckets()[i];
            }
        }
    }
}
