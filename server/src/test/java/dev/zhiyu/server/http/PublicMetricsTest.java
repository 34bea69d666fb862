package dev.zhiyu.server.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/** {@code /metrics} answers anyone: what it shows is summed over the tenants and names none of them. */
class PublicMetricsTest {

    @Test
    void aCounterTaggedWithTenantsIsScrapedAsOneTotalNamingNoTenant() {
        PrometheusMeterRegistry registry = OpsRoutes.publicRegistry();
        Counter.builder("zhiyu.news.generated").tag("tenant", "secret-broker-a").tag("outcome", "generated")
                .register(registry).increment(2);
        Counter.builder("zhiyu.news.generated").tag("tenant", "secret-broker-b").tag("outcome", "generated")
                .register(registry).increment(3);

        String scrape = registry.scrape();
        assertFalse(scrape.contains("secret-broker"), scrape);
        assertFalse(scrape.contains("tenant="), scrape);
        assertTrue(scrape.contains("zhiyu_news_generated_total{outcome=\"generated\"} 5.0"), scrape);
    }
}
