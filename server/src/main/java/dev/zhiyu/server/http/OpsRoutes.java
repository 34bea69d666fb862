package dev.zhiyu.server.http;

import dev.zhiyu.server.knowledge.GraphReadiness;
import dev.zhiyu.server.knowledge.TenantGraphs;
import dev.zhiyu.server.platform.HealthReport;
import dev.zhiyu.server.platform.Platform;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Health, Prometheus metrics and the OpenAPI document: public, and naming no tenant. */
final class OpsRoutes {
    record Health(String status, String platform, long tenantsUp, long tenantsDown, KnowledgeHealth knowledge) {
    }

    /**
     * Tenant knowledge graphs by state (counts only: this route is public); each tenant sees its own at /api/kg/status.
     * {@code servingPartial}: answering while the rest of the saved index is read; {@code rebuilding}: a damaged saved
     * index is being rebuilt from the store.
     */
    record KnowledgeHealth(long ready, long loading, long servingPartial, long rebuilding, long failed) {
        static KnowledgeHealth of(java.util.Collection<GraphReadiness> graphs) {
            var states = graphs.stream().map(GraphReadiness::state).toList();
            return new KnowledgeHealth(count(states, GraphReadiness.READY), count(states, GraphReadiness.LOADING),
                    count(states, GraphReadiness.SERVING_PARTIAL), count(states, GraphReadiness.REBUILDING),
                    count(states, GraphReadiness.FAILED));
        }

        private static long count(java.util.List<String> states, String state) {
            return states.stream().filter(state::equals).count();
        }
    }

    private final Platform platform;
    private final TenantGraphs graphs;
    private final PrometheusMeterRegistry registry;
    private final byte[] openApi;

    OpsRoutes(Platform platform, PrometheusMeterRegistry registry, TenantGraphs graphs) {
        this.platform = platform;
        this.graphs = graphs;
        this.registry = registry;
        try (InputStream in = OpsRoutes.class.getResourceAsStream("/openapi.json")) {
            this.openApi = in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new UncheckedIOException(new IOException("openapi.json missing from the classpath"));
        }
    }

    /**
     * The registry {@code /metrics} scrapes. The route needs no credential, so a meter tagged with a tenant is summed
     * over the tenants here: anyone could otherwise list the tenants and their activity. Each tenant's admin sees its
     * own counts through the API.
     */
    static PrometheusMeterRegistry publicRegistry() {
        PrometheusMeterRegistry r = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        r.config().meterFilter(MeterFilter.ignoreTags("tenant"));
        return r;
    }

    void register(RoutesConfig r) {
        r.get("/health", this::health);
        r.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape()));
        r.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
    }

    /** A graph still loading does not make the server DOWN: its tenant's knowledge requests get a 503 with progress. */
    private KnowledgeHealth knowledge() {
        return KnowledgeHealth.of(graphs == null ? java.util.List.of() : graphs.readiness().values());
    }

    private void health(Context ctx) {
        HealthReport h = platform.health();
        long up = h.tenantUp().values().stream().filter(Boolean::booleanValue).count();
        ctx.status(h.allUp() ? 200 : 503).json(new Health(h.allUp() ? "UP" : "DOWN",
                h.platformUp() ? "UP" : "DOWN", up, h.tenantUp().size() - up, knowledge()));
    }
}
