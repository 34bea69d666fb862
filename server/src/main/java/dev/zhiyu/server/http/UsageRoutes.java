package dev.zhiyu.server.http;

import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Principal;
import dev.zhiyu.server.platform.UsageRecord;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Per-consumer API metering for the tenant's admin: calls, errors, success rate, latency percentiles. */
final class UsageRoutes {
    record ConsumerUsage(String consumer, String name, long requests, long errors, double successRate, double meanMs,
                         double p50Ms, double p95Ms, double p99Ms) {
    }

    record UsageReport(LocalDate from, LocalDate to, List<ConsumerUsage> consumers) {
    }

    private final Platform platform;
    private final ApiMeter meter;

    UsageRoutes(Platform platform, ApiMeter meter) {
        this.platform = platform;
        this.meter = meter;
    }

    void register(RoutesConfig r) {
        r.get("/api/usage", this::usage);
    }

    private void usage(Context ctx) {
        Principal p = Requests.principal(ctx);
        LocalDate to = date(ctx, "to", LocalDate.now(ZoneOffset.UTC));
        LocalDate from = date(ctx, "from", to.minusDays(29));
        if (from.isAfter(to)) {
            throw ProblemException.field(400, "VALIDATION_FAILED", "参数无效", "from", "不能晚于 to");
        }
        meter.flush(p.tenant().id());
        Map<String, UsageRecord> byConsumer = new LinkedHashMap<>();
        for (UsageRecord u : platform.usage().between(p.tenant(), from, to)) {
            byConsumer.merge(u.consumer(), u, UsageRecord::plus);
        }
        Map<String, String> names = names(p.tenant().id());
        List<ConsumerUsage> out = new ArrayList<>();
        byConsumer.values().forEach(u -> out.add(new ConsumerUsage(u.consumer(), names.getOrDefault(u.consumer(), ""),
                u.requests(), u.errors(), round(1.0 - (double) u.errors() / u.requests()),
                round(u.totalMicros() / 1000.0 / u.requests()),
                round(LatencyHistogram.quantileMillis(u.latencyBuckets(), 0.50)),
                round(LatencyHistogram.quantileMillis(u.latencyBuckets(), 0.95)),
                round(LatencyHistogram.quantileMillis(u.latencyBuckets(), 0.99)))));
        ctx.json(new UsageReport(from, to, out));
    }

    private Map<String, String> names(long tenantId) {
        Map<String, String> names = new HashMap<>();
        platform.keys().list(tenantId).forEach(k -> names.put("key:" + k.id(), k.name()));
        platform.users().list(tenantId).forEach(u -> names.put("user:" + u.id(), u.displayName()));
        return names;
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    private static LocalDate date(Context ctx, String name, LocalDate fallback) {
        String raw = ctx.queryParam(name);
        if (raw == null) {
            return fallback;
        }
        try {
            return LocalDate.parse(raw);
        } catch (DateTimeParseException e) {
            throw ProblemException.field(400, "VALIDATION_FAILED", "参数无效", name, "应为 yyyy-MM-dd 格式的日期");
        }
    }
}
