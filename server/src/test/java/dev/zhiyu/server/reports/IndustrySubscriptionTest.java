package dev.zhiyu.server.reports;

import dev.zhiyu.reports.delivery.Subscription;
import dev.zhiyu.reports.news.NewsItem;
import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Industry subscriptions deliver by the subscriber's own tenant's industry → codes mapping, and only by it. */
class IndustrySubscriptionTest {
    private static Path bank() throws Exception {
        Path dir = Path.of("../../shared/data/reports/pdfs");
        if (!Files.isDirectory(dir)) throw new AssertionError("缺少共享测试数据 " + dir.toAbsolutePath());
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("民生银行")).findFirst().orElseThrow();
        }
    }

    private static Subscription industry(String name) {
        return new Subscription("研究员", Subscription.Scope.INDUSTRY, name, Set.of(), Subscription.Channel.ATOM, "银行快讯", null);
    }

    @Test
    void anIndustrySubscriptionDeliversByItsOwnTenantsMappingOnly() throws Exception {
        try (TestStores stores = TestStores.h2(); Platform p = Platform.open(stores.config());
             ReportService service = new ReportService(p, false)) {
            p.startUp();
            Tenant a = p.tenants().create("alpha", "甲证券", "test");
            Tenant b = p.tenants().create("beta", "乙证券", "test");
            service.industries(a).replace(IndustryMap.parse("code,industry\n600016,银行\n601398,银行\n603339,专用设备\n"), "test");
            service.industries(b).replace(IndustryMap.parse("600016,综合金融\n"), "test");
            long subA = service.subscriptions(a).create(industry("银行"));
            long subB = service.subscriptions(b).create(industry("银行"));

            byte[] pdf = Files.readAllBytes(bank());
            long docA = service.directIntake(a).ingestNow(pdf, "bank.pdf").id();
            long docB = service.directIntake(b).ingestNow(pdf, "bank.pdf").id();
            assertEquals(NewsItem.Status.PUBLISHED, service.store(a).news(docA).orElseThrow().status());

            assertEquals(1, service.subscriptions(a).deliveries(docA).size(), "甲的映射把 600016 归入银行：投递");
            assertTrue(service.subscriptions(a).deliveries(docA).get(0).startsWith(subA + " 成功"), service.subscriptions(a).deliveries(docA).toString());
            assertTrue(service.subscriptions(b).deliveries(docB).isEmpty(), "乙的映射里 600016 不是银行，甲的映射对乙无效");
            assertTrue(service.deliverIfPublished(b, docB).isEmpty());

            service.industries(b).replace(IndustryMap.parse("600016,银行\n"), "test");
            var outcomes = service.deliverIfPublished(b, docB);
            assertEquals(1, outcomes.size(), "乙改了自己的映射后才投递");
            assertEquals(subB, service.subscriptions(b).deliveries(docB).stream().map(x -> Long.parseLong(x.split(" ")[0])).findFirst().orElseThrow());
            assertEquals(Map.of("银行", Set.of("600016", "601398"), "专用设备", Set.of("603339")), service.industries(a).all());
            assertEquals(Set.of(), service.subscriptions(a).find(subA).orElseThrow().subscription().codes(), "行业订阅本身不存代码");
        }
    }

    @Test
    void badCsvNamesTheLine() {
        assertEquals(Map.of("银行", Set.of("600016")), IndustryMap.parse("\uFEFF代码,行业\r\n600016,银行\r\n\r\n"));
        assertEquals(3, assertThrows(IndustryMap.BadCsv.class, () -> IndustryMap.parse("600016,银行\n600000,银行\n60001X,银行\n")).line);
        assertTrue(assertThrows(IndustryMap.BadCsv.class, () -> IndustryMap.parse("600016,银行,多余\n")).getMessage().contains("两列"));
        assertTrue(assertThrows(IndustryMap.BadCsv.class, () -> IndustryMap.parse("600016,\n")).getMessage().contains("行业名称"));
        assertTrue(assertThrows(IndustryMap.BadCsv.class, () -> IndustryMap.parse("code,industry\n")).getMessage().contains("没有数据行"));
    }
}
