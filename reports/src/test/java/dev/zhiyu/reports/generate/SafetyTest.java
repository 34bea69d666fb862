package dev.zhiyu.reports.generate;

import dev.zhiyu.reports.Limits;
import dev.zhiyu.reports.ReportParser;
import dev.zhiyu.reports.ReportPipeline;
import dev.zhiyu.reports.explain.ExplanationMatcher;
import dev.zhiyu.reports.indicators.AnomalyDetector;
import dev.zhiyu.reports.indicators.Indicator;
import dev.zhiyu.reports.indicators.Thresholds;
import dev.zhiyu.reports.news.NewsItem;
import dev.zhiyu.reports.news.NumberChecker;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A decoder forced to write a wrong number (or quote) never gets published: the template is, and it is counted. */
class SafetyTest {
    private static Rec rec(GenerationInput in, Indicator i, Rec.Attr a) {
        return Records.of(in).stream().filter(r -> r.indicator() == i && r.attr() == a).findFirst().orElseThrow();
    }

    private static void assertBlocked(GenerationInput in, String forgedText, String why, String reason) {
        LearnedGenerator g = new LearnedGenerator(x -> forgedText);
        LearnedGenerator.Outcome o = g.attempt(in);
        assertFalse(o.learned(), why + "：" + forgedText);
        assertEquals(reason, o.reason(), why + "：" + o.rejections());
        assertFalse(o.rejections().isEmpty(), why);
        String template = Corpus.reference(in);
        assertEquals(template.substring(0, template.indexOf('\n')), o.draft().headline(), why + "：应发布模板");
        assertEquals(1, g.fallbacks());
        assertEquals(1.0, g.fallbackRate());
    }

    @Test
    void theReferenceTextIsAcceptedAndEveryForgeryFallsBackToTheTemplate() throws Exception {
        GenerationInput in = TestBases.semiAnnual().input();
        String ok = Corpus.reference(in);
        LearnedGenerator good = new LearnedGenerator(x -> ok);
        assertTrue(good.attempt(in).learned(), good.attempt(in).rejections().toString());
        assertEquals("none", good.attempt(in).reason());
        assertEquals(0, good.fallbacks());
        assertEquals("model_error", new LearnedGenerator(x -> { throw new IllegalStateException("坏"); }).attempt(in).reason());
        assertEquals("incomplete", new LearnedGenerator(x -> "只有标题").attempt(in).reason());

        String revenue = rec(in, Indicator.REVENUE, Rec.Attr.CUR).copy();
        String profit = rec(in, Indicator.NET_PROFIT, Rec.Attr.CUR).copy();
        String growth = rec(in, Indicator.REVENUE, Rec.Attr.YOY).copy();
        assertTrue(ok.contains(revenue) && ok.contains(profit) && ok.contains("同比增长" + growth), ok);

        String digit = ok.replace(revenue, revenue.replaceFirst("\\d(?=\\D*$)", "9").equals(revenue)
                ? revenue.replaceFirst("\\d(?=\\D*$)", "8") : revenue.replaceFirst("\\d(?=\\D*$)", "9"));
        assertBlocked(in, digit, "改动一位数字", "number_check");
        assertBlocked(in, ok.replace(revenue, revenue.replace("亿元", "万元")), "单位错误", "number_check");
        String swapped = ok.replace(revenue, "\u0000").replace(profit, revenue).replace("\u0000", profit);
        List<String> quotes = in.anomalies().stream().filter(m -> m.explanation() != null).map(m -> m.explanation().text()).toList();
        assertFalse(NumberChecker.check(swapped, in.info(), in.indicators(), quotes).isEmpty(),
                "互换的两个数都能在数据中找到，但都不是所称指标的数：核对按指标和列进行");
        assertBlocked(in, swapped, "营业收入与净利润的数值互换", "number_check");
        assertBlocked(in, ok.replace("同比增长" + growth, "同比下降" + growth), "方向写反", "number_check");
        int q = ok.indexOf('「');
        assertTrue(q > 0, "该报告有公司解释的异动");
        assertBlocked(in, ok.substring(0, q + 1) + "海外业务大幅增长" + ok.substring(ok.indexOf('」', q)), "篡改公司解释", "number_check");
        assertBlocked(in, ok.replace("报告期内", "报告期内新增订单123笔，"), "无来源的数字", "number_check");
    }

    @Test
    void thePipelinePublishesTheTemplateWhenTheLearnedTextIsWrong() throws Exception {
        var pdf = TestBases.pdf("2025-08__引力传媒");
        LearnedGenerator g = new LearnedGenerator(in -> Corpus.reference(in).replace("报告期内", "报告期内新增订单123笔，"));
        ReportPipeline p = new ReportPipeline(new ReportParser(Limits.defaults(), false), new AnomalyDetector(Thresholds.defaults()),
                ExplanationMatcher.keywords(), false, g);
        ReportPipeline.Result r = p.run(Files.readAllBytes(pdf), pdf.getFileName().toString());
        assertEquals(NewsItem.Status.PUBLISHED, r.news().status(), r.news().problems().toString());
        assertTrue(r.news().headline().startsWith("引力传媒(603598) 2025年半年报：营业收入"), r.news().headline());
        assertEquals(1, g.fallbacks());
    }
}
