package dev.zhiyu.reports;

import dev.zhiyu.reports.indicators.Indicator;
import dev.zhiyu.reports.indicators.KeyIndicator;
import dev.zhiyu.reports.indicators.Unit;
import dev.zhiyu.reports.indicators.Value;
import dev.zhiyu.reports.news.NewsItem;
import dev.zhiyu.reports.news.NewsWriter;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Publish only when every cited figure holds against the report and the cover is known; otherwise hold, with reasons. */
class PublishRuleTest {
    private static ParsedReport with(ParsedReport r, ReportInfo info, List<KeyIndicator> rows) {
        return new ParsedReport(r.name(), r.sha256(), info, r.pages, r.issues(), r.paragraphs(), r.sections(), r.tables(),
                rows, r.mainBusiness());
    }

    private static NewsItem news(ParsedReport r, boolean review) {
        NewsWriter.Draft d = NewsWriter.write(r.info(), r.indicators(), r.mainBusiness(), List.of(), 0);
        return ReportPipeline.check(r, d, review);
    }

    @Test
    void aReportWhoseHeadlineRowFailsItsOwnArithmeticIsHeldWithTheReason() {
        ParsedReport real = SampleReports.byPrefix("2025-08__引力传媒");
        assertEquals(NewsItem.Status.PUBLISHED, news(real, false).status(), news(real, false).problems().toString());
        assertEquals(NewsItem.Status.HELD_FOR_REVIEW, news(real, true).status(), "review-all holds even a clean item");
        // the revenue row as a misread table would give it: the third year's value slid into the change column
        List<KeyIndicator> rows = real.indicators().stream().map(k -> k.indicator() != Indicator.REVENUE ? k
                : new KeyIndicator(k.indicator(), k.label(), k.current(), k.prior(),
                        new Value(new BigDecimal("12.34"), Unit.PERCENT, null))).toList();
        NewsItem held = news(with(real, real.info(), rows), false);
        assertEquals(NewsItem.Status.HELD_FOR_REVIEW, held.status());
        assertTrue(held.problems().stream().anyMatch(p -> p.contains("标题指标未通过核对") && p.contains("营业收入")), held.problems().toString());
        assertFalse(held.text().contains("营业收入"), "the failing row is not cited: " + held.text());
    }

    @Test
    void aReportWithUnknownPeriodOrCompanyIsNeverPublishedAutomatically() {
        ParsedReport real = SampleReports.byPrefix("民生银行");
        ReportInfo i = real.info();
        for (ReportInfo unknown : List.of(new ReportInfo(i.code(), i.company(), i.type(), null),
                new ReportInfo(i.code(), null, i.type(), i.period()),
                new ReportInfo(i.code(), i.company(), ReportInfo.ReportType.UNKNOWN, i.period()))) {
            NewsItem n = news(with(real, unknown, real.indicators()), false);
            assertEquals(NewsItem.Status.HELD_FOR_REVIEW, n.status(), unknown.toString());
            assertTrue(n.problems().stream().anyMatch(p -> p.contains("未识别")), n.problems().toString());
        }
        assertTrue(news(real, false).text().startsWith("民生银行(600016) 2023年一季报："), news(real, false).text());
    }

    @Test
    void anAnnualFigureThatItsPrintedQuartersDoNotAddUpToIsHeld() {
        ParsedReport real = SampleReports.byPrefix("2020-04-16__四方科技");
        assertEquals(NewsItem.Status.PUBLISHED, news(real, false).status(), news(real, false).problems().toString());
        // the year's revenue as a misread page would give it: a row that agrees with itself but not with its quarters
        List<KeyIndicator> rows = real.indicators().stream().map(k -> k.indicator() != Indicator.REVENUE ? k
                : new KeyIndicator(k.indicator(), k.label(), scaled(k.current()), scaled(k.prior()), k.change())).toList();
        NewsItem held = news(with(real, real.info(), rows), false);
        assertEquals(NewsItem.Status.HELD_FOR_REVIEW, held.status());
        assertTrue(held.problems().stream().anyMatch(p -> p.contains("分季度数据与全年不符") && p.contains("营业收入")),
                held.problems().toString());
    }

    private static Value scaled(Value v) {
        return new Value(v.number().multiply(BigDecimal.TEN), v.unit(), v.source());
    }
}
