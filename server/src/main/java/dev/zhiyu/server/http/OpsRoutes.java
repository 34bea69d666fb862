package dev.zhiyu.server.http;

import dev.zhiyu.server.platform.HealthReport;
import dev.zhiyu.server.platform.Platform;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Health, Prometheus metrics and the OpenAPI document: public, and naming no tenant. */
final class OpsRoutes {
    record Health(String status, String platform, long tenantsUp, long tenantsDown) {
    }

    private final Platform platform;
    private final PrometheusMeterRegistry registry;
    private final byte[] openApi;

    OpsRoutes(Platform platform, PrometheusMeterRegistry registry) {
        this.platform = platform;
        this.registry = registry;
        try (InputStream in = OpsRoutes.class.getResourceAsStream("/openapi.json")) {
            this.openApi = in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new UncheckedIOException(new IOException("openapi.json missing from the classpath"));
        }
    }

    void register(RoutesConfig r) {
        r.get("/health", this::health);
        r.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape()));
        r.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
    }

    private void health(Context ctx) {
        HealthReport h = platform.health();
        long up = h.tenantUp().values().stream().filter(Boolean::booleanValue).count();
        ctx.status(h.allUp() ? 200 : 503).json(new Health(h.allUp() ? "UP" : "DOWN",
                h.platformUp() ? "UP" : "DOWN", up, h.tenantUp().size() - up));
    }
}
