package dev.zhiyu.reports;

import dev.zhiyu.reports.explain.ExplanationMatcher;
import dev.zhiyu.reports.indicators.Anomaly;
import dev.zhiyu.reports.indicators.AnomalyDetector;
import dev.zhiyu.reports.indicators.Indicator;
import dev.zhiyu.reports.indicators.Thresholds;
import dev.zhiyu.reports.news.NewsItem;
import dev.zhiyu.reports.news.NewsWriter;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlashNewsTest {
    private static ReportPipeline.Result run(String prefix, boolean review) throws Exception {
        var pdf = SharedData.pdf(prefix);
        ReportPipeline p = new ReportPipeline(new ReportParser(Limits.defaults(), false),
                new AnomalyDetector(Thresholds.defaults()), ExplanationMatcher.keywords(), review);
        return p.run(Files.readAllBytes(pdf), pdf.getFileName().toString());
    }

    @Test
    void newsForEverySampleReportPassesTheNumberCheckAndIsPublished() throws Exception {
        for (String prefix : List.of("2020-04-16__四方科技", "2025-08__引力传媒", "2017-04__张家界", "民生银行")) {
            ReportPipeline.Result r = run(prefix, false);
            assertEquals(NewsItem.Status.PUBLISHED, r.news().status(), prefix + "：" + r.news().problems() + "\n" + r.news().text());
            assertFalse(r.news().sources().isEmpty());
        }
    }

    @Test
    void semiAnnualNewsLeadsWithRevenueGrowthAndQuotesTheCompanysReason() throws Exception {
        ReportPipeline.Result r = run("2025-08__引力传媒", false);
        assertTrue(r.news().headline().startsWith("引力传媒(603598) 2025年半年报：营业收入45.42亿元，同比增长53.84%"),
                r.news().headline());
        assertTrue(r.news().body().contains("营业收入同比增长53.84%，公司解释为「主要系本期电商营销业务及社交业务的增长所致」"),
                r.news().body());
    }

    @Test
    void aChangedNumberOrQuoteHoldsTheNewsForReviewWithTheReason() throws Exception {
        ReportPipeline.Result r = run("2025-08__引力传媒", true);
        assertEquals(NewsItem.Status.HELD_FOR_REVIEW, r.news().status());
        NewsItem n = r.news();
        var tampered = new NewsWriter.Draft(n.headline().replace("45.42亿元", "45.43亿元"), n.body(), n.sources(), n.quotes());
        NewsItem checked = ReportPipeline.check(r.report(), tampered, false);
        assertEquals(NewsItem.Status.HELD_FOR_REVIEW, checked.status());
        assertTrue(checked.problems().get(0).contains("45.43亿元"), checked.problems().toString());
        var misquoted = new NewsWriter.Draft(n.headline(), n.body().replace("电商营销业务", "海外业务"), n.sources(), n.quotes());
        NewsItem misquotedChecked = ReportPipeline.check(r.report(), misquoted, false);
        assertEquals(NewsItem.Status.HELD_FOR_REVIEW, misquotedChecked.status());
        assertTrue(misquotedChecked.problems().stream().anyMatch(p -> p.contains("海外业务")), misquotedChecked.problems().toString());
    }

    /** The dev set a tenant's threshold is measured on is what the Explainer ranks, labelled by the layout's tie. */
    @Test
    void thresholdDevPairsAreTheSentencesAboutAnIndicatorLabelledByItsTiedReason() {
        List<dev.zhiyu.reports.explain.MatchPair> pairs = dev.zhiyu.reports.explain.PairHarvester.ranked(
                SampleReports.byPrefix("2025-08__引力传媒"));
        assertTrue(pairs.stream().anyMatch(p -> p.explains() && p.statement().startsWith("营业收入")
                && p.candidate().contains("营业收入变动原因说明") && p.candidate().contains("电商营销业务及社交业务的增长")), pairs.toString());
        assertTrue(pairs.stream().anyMatch(p -> p.explains() && p.statement().startsWith("经营活动产生的现金流量净额")
                && p.candidate().contains("加大催收力度")), pairs.toString());
        assertTrue(pairs.stream().filter(p -> p.explains()).allMatch(p -> !p.candidate().contains("营业成本变动原因")),
                "a reason for another line is never labelled as explaining: " + pairs);
    }

    @Test
    void anomaliesUseThirtyPercentByDefaultAndPerIndicatorOverrides() {
        ParsedReport r = SampleReports.byPrefix("2025-08__引力传媒");
        var defaults = new AnomalyDetector(Thresholds.defaults()).detect(r.indicators());
        assertTrue(defaults.stream().anyMatch(a -> a.indicator() == Indicator.REVENUE && a.kind() == Anomaly.Kind.SURGE));
        assertTrue(defaults.stream().anyMatch(a -> a.indicator() == Indicator.OPERATING_CASH_FLOW && a.kind() == Anomaly.Kind.TURNED_TO_PROFIT));
        assertTrue(defaults.stream().noneMatch(a -> a.indicator() == Indicator.NET_PROFIT), "-10.76% 未超过 30%");
        var strict = new AnomalyDetector(Thresholds.defaults().with(Indicator.NET_PROFIT, java.math.BigDecimal.TEN)).detect(r.indicators());
        assertTrue(strict.stream().anyMatch(a -> a.indicator() == Indicator.NET_PROFIT && a.kind() == Anomaly.Kind.PLUNGE));
    }
}
