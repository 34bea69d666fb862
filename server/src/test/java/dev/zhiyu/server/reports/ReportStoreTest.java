package dev.zhiyu.server.reports;

import dev.zhiyu.reports.DocumentStatus;
import dev.zhiyu.reports.ReportStore;
import dev.zhiyu.reports.StoredReport;
import dev.zhiyu.reports.indicators.Indicator;
import dev.zhiyu.reports.news.NewsItem;
import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reports tables on a real tenant database: one transaction per result, tenant-separated, dedup by hash. This
 * class runs on H2; {@link ReportStorePostgresTest} runs the same contract on PostgreSQL.
 */
class ReportStoreTest {
    TestStores stores() {
        return TestStores.h2();
    }

    private static Path samplePdf() throws Exception {
        return samplePdf("民生银行");
    }

    private static Path samplePdf(String prefix) throws Exception {
        Path dir = Path.of("../../shared/data/reports/pdfs");
        if (!Files.isDirectory(dir)) throw new AssertionError("缺少共享测试数据 " + dir.toAbsolutePath());
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst().orElseThrow();
        }
    }

    private static void assertSameValue(dev.zhiyu.reports.indicators.Value expected, dev.zhiyu.reports.indicators.Value actual, String what) {
        if (expected == null) {
            assertEquals(null, actual, what);
            return;
        }
        assertTrue(actual != null, what + " 未存储");
        assertEquals(expected.unit(), actual.unit(), what);
        assertTrue(expected.number() == null ? actual.number() == null : expected.number().compareTo(actual.number()) == 0,
                what + "：" + expected + " ≠ " + actual);
        assertEquals(expected.source(), actual.source(), what + " 的来源单元格");
    }

    @Test
    void sectionTreeParagraphsAndMainBusinessRoundTrip() throws Exception {
        try (TestStores stores = stores(); Platform p = Platform.open(stores.config());
             ReportService service = new ReportService(p, false)) {
            p.startUp();
            Tenant a = p.tenants().create("alpha", "甲证券", "test");
            byte[] pdf = Files.readAllBytes(samplePdf("2020-04-16__四方科技"));
            var parsed = new dev.zhiyu.reports.ReportParser().parse(pdf, "sifang.pdf");
            long id = service.directIntake(a).ingestNow(pdf, "sifang.pdf").id();
            ReportStore store = service.store(a);
            assertEquals(DocumentStatus.DONE, store.find(id).orElseThrow().status());

            assertEquals(parsed.sections(), store.sections(id), "章节树（父节点、目录页码）原样存取");
            assertTrue(store.sections(id).stream().anyMatch(s -> s.inToc() && s.parent() == -1));
            assertTrue(store.sections(id).stream().anyMatch(s -> s.parent() >= 0));

            assertEquals(parsed.paragraphs().subList(10, 15), store.paragraphs(id, 10, 5));
            int n = parsed.paragraphs().size();
            assertEquals(parsed.paragraphs().subList(n - 1, n), store.paragraphs(id, n - 1, 100), "分页到末尾");

            var mb = store.mainBusiness(id);
            assertFalse(parsed.mainBusiness().isEmpty());
            assertEquals(parsed.mainBusiness().size(), mb.size());
            for (int i = 0; i < mb.size(); i++) {
                var e = parsed.mainBusiness().get(i);
                var g = mb.get(i);
                String what = e.dimension() + "/" + e.segment();
                assertEquals(e.dimension(), g.dimension());
                assertEquals(e.segment(), g.segment());
                assertSameValue(e.revenue(), g.revenue(), what + " 营业收入");
                assertSameValue(e.cost(), g.cost(), what + " 营业成本");
                assertSameValue(e.margin(), g.margin(), what + " 毛利率");
                assertSameValue(e.revenueChange(), g.revenueChange(), what + " 收入增减");
                assertSameValue(e.costChange(), g.costChange(), what + " 成本增减");
                assertSameValue(e.marginChange(), g.marginChange(), what + " 毛利率增减");
            }
        }
    }

    @Test
    void ingestStoresEverythingInTheTenantsOwnDatabase() throws Exception {
        try (TestStores stores = stores(); Platform p = Platform.open(stores.config());
             ReportService service = new ReportService(p, false)) {
            p.startUp();
            Tenant a = p.tenants().create("alpha", "甲证券", "test");
            Tenant b = p.tenants().create("beta", "乙证券", "test");
            byte[] pdf = Files.readAllBytes(samplePdf());
            var r = service.directIntake(a).ingestNow(pdf, "bank.pdf");
            assertTrue(r.created());
            ReportStore store = service.store(a);
            StoredReport d = store.find(r.id()).orElseThrow();
            assertEquals(DocumentStatus.DONE, d.status(), d.detail());
            assertEquals("600016", d.info().code());
            var revenue = store.indicators(r.id()).stream().filter(k -> k.indicator() == Indicator.REVENUE).findFirst().orElseThrow();
            assertEquals(0, new BigDecimal("36773000000").compareTo(revenue.current().number()));
            assertEquals(3, revenue.current().source().page());
            assertEquals("36,773", revenue.current().source().text());
            assertEquals(NewsItem.Status.PUBLISHED, store.news(r.id()).orElseThrow().status());
            assertFalse(store.anomalies(r.id()).isEmpty());
            assertEquals(1, store.history("600016", Indicator.REVENUE).size());

            assertFalse(service.directIntake(a).ingestNow(pdf, "again.pdf").created(), "同一内容去重");
            assertTrue(service.store(b).list(10).isEmpty(), "另一租户看不到");

            var bad = service.directIntake(a).ingestNow("not a pdf".getBytes(), "bad.pdf");
            StoredReport failed = store.find(bad.id()).orElseThrow();
            assertEquals(DocumentStatus.FAILED, failed.status());
            assertEquals("NOT_PDF", failed.problem());
            assertTrue(store.indicators(bad.id()).isEmpty());

            var subs = service.subscriptions(a);
            long sid = subs.create(new dev.zhiyu.reports.delivery.Subscription("研究员", dev.zhiyu.reports.delivery.Subscription.Scope.COMPANY,
                    "", java.util.Set.of("600016"), dev.zhiyu.reports.delivery.Subscription.Channel.EMAIL, "a@example.com", null));
            var outcomes = service.deliverIfPublished(a, r.id());
            assertEquals(1, outcomes.size());
            assertFalse(outcomes.get(0).delivered(), "未配置 SMTP 时记录失败而不是假装成功");
            assertEquals(1, subs.deliveries(r.id()).size());
            assertTrue(subs.delete(sid));
        }
    }

    @Test
    void approvedReviewEditsBecomeTheTenantsOwnTrainingPairs() throws Exception {
        try (TestStores stores = stores(); Platform p = Platform.open(stores.config());
             ReportService service = new ReportService(p, true)) {
            p.startUp();
            Tenant a = p.tenants().create("alpha", "甲证券", "test");
            Tenant b = p.tenants().create("beta", "乙证券", "test");
            byte[] pdf = Files.readAllBytes(samplePdf());
            long ia = service.directIntake(a).ingestNow(pdf, "bank.pdf").id();
            long ib = service.directIntake(b).ingestNow(pdf, "bank.pdf").id();
            NewsItem draft = service.store(a).news(ia).orElseThrow();
            assertEquals(NewsItem.Status.HELD_FOR_REVIEW, draft.status());
            assertTrue(service.approvedPairs(a).isEmpty(), "未批准的草稿不是训练样本");

            String headline = "业绩快讯｜" + draft.headline();
            service.store(a).updateNews(ia, new NewsItem(headline, draft.body(), NewsItem.Status.HELD_FOR_REVIEW,
                    draft.sources(), draft.quotes(), List.of()), "editor");
            assertTrue(service.approvedPairs(a).isEmpty(), "编辑后尚未批准");
            NewsItem edited = service.store(a).news(ia).orElseThrow();
            service.store(a).updateNews(ia, new NewsItem(edited.headline(), edited.body(), NewsItem.Status.PUBLISHED,
                    edited.sources(), edited.quotes(), List.of()), "approver");
            NewsItem other = service.store(b).news(ib).orElseThrow();
            service.store(b).updateNews(ib, new NewsItem(other.headline(), other.body(), NewsItem.Status.PUBLISHED,
                    other.sources(), other.quotes(), List.of()), "approver");

            var pairs = service.approvedPairs(a);
            assertEquals(1, pairs.size());
            var pair = pairs.get(0);
            assertTrue(pair.reference().startsWith(headline + "\n"), pair.reference());
            assertEquals(service.store(a).indicators(ia).size(), pair.input().indicators().size());
            assertEquals(service.store(a).anomalies(ia).size(), pair.input().anomalies().size());
            assertTrue(pair.input().anomalies().stream().allMatch(m -> m.anomaly().source() != null));
            String training = dev.zhiyu.reports.generate.Corpus.withApproved(List.of(), pairs).get(0).reference();
            assertEquals(pair.reference(), training);
            assertEquals(dev.zhiyu.reports.generate.Corpus.APPROVED_WEIGHT,
                    dev.zhiyu.reports.generate.Corpus.withApproved(List.of(), pairs).size());
            assertTrue(service.approvedPairs(b).isEmpty(), "乙批准的是未编辑的草稿，甲的编辑不会出现在乙的语料里");
        }
    }
}
