package dev.zhiyu.server.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.zhiyu.reports.indicators.Indicator;
import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stored anomalies come back in the report's order of indicators (营业收入 before 净利润 before 每股收益), as the pipeline
 * found them and the news text names them — not sorted by the indicator's English name, which put 每股收益 first.
 */
class StoredAnomalyOrderTest {
    @Test
    void anomaliesComeBackInTheReportsOrderOfIndicators() throws Exception {
        try (TestStores stores = TestStores.h2(); Platform p = Platform.open(stores.config())) {
            p.startUp();
            Tenant t = p.tenants().create("alpha", "甲证券", "test");
            var jdbi = p.stores().jdbi(t);
            JdbiReportStore store = new JdbiReportStore(jdbi);
            long id = store.receive("r.pdf", "a".repeat(64), 10).id();
            for (Indicator i : List.of(Indicator.EPS_BASIC, Indicator.REVENUE, Indicator.NET_PROFIT)) {
                jdbi.useHandle(h -> h.createUpdate("INSERT INTO report_anomalies (document_id, indicator, kind, change_amount, "
                                + "unit_label, statement, score) VALUES (:d, :i, 'SURGE', 50, 'PERCENT', :s, 0.5)")
                        .bind("d", id).bind("i", i.name()).bind("s", i.chinese() + "大幅变动").execute());
            }
            List<Indicator> order = List.of(Indicator.REVENUE, Indicator.NET_PROFIT, Indicator.EPS_BASIC);
            assertEquals(order, store.anomalies(id).stream().map(a -> a.indicator()).toList());
            assertEquals(order, store.matched(id).stream().map(m -> m.anomaly().indicator()).toList());
        }
    }
}
