package dev.zhiyu.server.platform;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/** API metering rows in the tenant's own database; increments are merged inside one transaction. */
public final class UsageStore {
    private final TenantStores stores;

    UsageStore(TenantStores stores) {
        this.stores = stores;
    }

    public void add(Tenant tenant, UsageRecord delta) {
        stores.jdbi(tenant).useTransaction(h -> {
            Optional<UsageRecord> current = find(h, delta.consumer(), delta.day());
            if (current.isEmpty()) {
                h.createUpdate("""
                                INSERT INTO api_usage (consumer, usage_day, requests, errors, total_micros, latency_buckets)
                                VALUES (:c, :d, :r, :e, :m, :b)""")
                        .bind("c", delta.consumer()).bind("d", delta.day()).bind("r", delta.requests())
                        .bind("e", delta.errors()).bind("m", delta.totalMicros())
                        .bind("b", encode(delta.latencyBuckets())).execute();
                return;
            }
            UsageRecord c = current.get().plus(delta);
            h.createUpdate("""
                            UPDATE api_usage SET requests = :r, errors = :e, total_micros = :m, latency_buckets = :b
                            WHERE consumer = :c AND usage_day = :d""")
                    .bind("c", c.consumer()).bind("d", c.day()).bind("r", c.requests())
                    .bind("e", c.errors()).bind("m", c.totalMicros())
                    .bind("b", encode(c.latencyBuckets())).execute();
        });
    }

    public List<UsageRecord> between(Tenant tenant, LocalDate from, LocalDate to) {
        return stores.jdbi(tenant).withHandle(h -> h.createQuery(
                        "SELECT * FROM api_usage WHERE usage_day BETWEEN :from AND :to ORDER BY consumer, usage_day")
                .bind("from", from).bind("to", to).map((rs, ctx) -> record(rs)).list());
    }

    private static Optional<UsageRecord> find(Handle h, String consumer, LocalDate day) {
        return h.createQuery("SELECT * FROM api_usage WHERE consumer = :c AND usage_day = :d FOR UPDATE")
                .bind("c", consumer).bind("d", day).map((rs, ctx) -> record(rs)).findOne();
    }

    private static UsageRecord record(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new UsageRecord(rs.getString("consumer"), rs.getObject("usage_day", LocalDate.class), rs.getLong("requests"),
                rs.getLong("errors"), rs.getLong("total_micros"), decode(rs.getString("latency_buckets")));
    }

    private static String encode(long[] buckets) {
        return Arrays.stream(buckets).mapToObj(Long::toString).collect(Collectors.joining(","));
    }

    private static long[] decode(String s) {
        return s.isEmpty() ? new long[0] : Arrays.stream(s.split(",")).mapToLong(Long::parseLong).toArray();
    }
}
