package dev.zhiyu.reports;

import dev.zhiyu.reports.explain.ExplanationMatcher;
import dev.zhiyu.reports.indicators.AnomalyDetector;
import dev.zhiyu.reports.indicators.MainBusiness;
import dev.zhiyu.reports.indicators.Thresholds;
import dev.zhiyu.reports.indicators.Unit;
import dev.zhiyu.reports.news.NewsItem;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainBusinessTest {
    private static MainBusiness row(ParsedReport r, String dim, String segment) {
        return r.mainBusiness().stream().filter(m -> m.dimension().equals(dim) && m.segment().equals(segment)).findFirst()
                .orElseThrow(() -> new AssertionError(dim + "/" + segment + " 未抽取到：" + r.mainBusiness()));
    }

    @Test
    void shanghaiTemplateWithAWrappedPointsCell() {
        ParsedReport r = SampleReports.byPrefix("2020-04-16__四方科技");
        MainBusiness m = row(r, "行业", "罐式集装箱");
        assertEquals(0, new BigDecimal("764321152.14").compareTo(m.revenue().number()));
        assertEquals(0, new BigDecimal("17.30").compareTo(m.margin().number()));
        assertEquals(0, new BigDecimal("-4.32").compareTo(m.marginChange().number()), "“减少4.32/个百分点”换行的单元格");
        assertEquals(Unit.PERCENTAGE_POINT, m.marginChange().unit());
        assertEquals(0, new BigDecimal("-6.78").compareTo(row(r, "地区", "境外").revenueChange().number()));
    }

    @Test
    void shenzhenTableRunningAcrossAPageBreakAndNotTheCompositionTable() {
        ParsedReport r = SampleReports.byPrefix("2017-04__张家界");
        MainBusiness m = row(r, "行业", "旅游客运行业");
        assertEquals(0, new BigDecimal("91587696.80").compareTo(m.cost().number()));
        assertEquals(0, new BigDecimal("-3.30").compareTo(m.marginChange().number()));
        assertTrue(r.mainBusiness().stream().noneMatch(x -> x.segment().contains("职工薪酬")), "成本构成表不是主营业务表");
    }

    @Test
    void newsSummarisesTheLargestSegmentsAndPassesTheChecker() throws Exception {
        var pdf = SharedData.pdf("2020-04-16__四方科技");
        var result = new ReportPipeline(new ReportParser(Limits.defaults(), false), new AnomalyDetector(Thresholds.defaults()),
                ExplanationMatcher.keywords(), false).run(java.nio.file.Files.readAllBytes(pdf), "sf.pdf");
        String body = result.news().body();
        assertTrue(body.contains("主营业务分行业看，罐式集装箱收入7.64亿元，") && body.contains("下降8.34%，毛利率17.3%，减少4.32个百分点"), body);
        assertEquals(NewsItem.Status.PUBLISHED, result.news().status(), result.news().problems().toString());
    }

    @Test
    void withoutSegmentTablesTheNotesGiveTheMainBusinessAsAWhole() {
        ParsedReport r = SampleReports.byPrefix("2025-08__引力传媒");
        assertEquals(1, r.mainBusiness().size(), r.mainBusiness().toString());
        MainBusiness m = row(r, "合计", "主营业务");
        assertEquals(0, new BigDecimal("4542321481.40").compareTo(m.revenue().number()), "合并报表附注的主营业务收入，不是母公司的");
        assertEquals(0, new BigDecimal("4427534480.58").compareTo(m.cost().number()));
        assertEquals(122, m.revenue().source().page());
        assertEquals("4,427,534,480.58", m.cost().source().text());
        assertEquals(null, m.revenueChange(), "上期列不算作变动");
        assertTrue(row(SampleReports.byPrefix("2020-04-16__四方科技"), "行业", "罐式集装箱") != null
                && SampleReports.byPrefix("2020-04-16__四方科技").mainBusiness().stream().noneMatch(x -> x.dimension().equals("合计")),
                "有分行业表时不用附注");
    }
}
