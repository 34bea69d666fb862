package dev.zhiyu.reports;

import dev.zhiyu.reports.indicators.Indicator;
import dev.zhiyu.reports.indicators.IndicatorEvaluation;
import dev.zhiyu.reports.indicators.KeyIndicator;
import dev.zhiyu.reports.indicators.Unit;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyIndicatorExtractionTest {
    @Test
    void everyHandCheckedIndicatorOfTheFourSampleReportsMatchesExactly() {
        var result = IndicatorEvaluation.run(SharedData.pdfs(), SharedData.truth(), p -> SampleReports.parse(p).indicators());
        assertEquals(result.total(), result.exact(), result.summary());
        assertEquals(36, result.total(), "标注文件应有 36 个指标");
    }

    @Test
    void bankAmountsInMillionsAreNormalisedToYuanWithTheSourceCellKept() {
        ParsedReport r = SampleReports.byPrefix("民生银行");
        KeyIndicator revenue = r.indicators().stream().filter(k -> k.indicator() == Indicator.REVENUE).findFirst().orElseThrow();
        assertEquals(0, new BigDecimal("36773000000").compareTo(revenue.current().number()));
        assertEquals("36,773", revenue.current().source().text());
        assertEquals(3, revenue.current().source().page());
        KeyIndicator npl = r.indicators().stream().filter(k -> k.indicator() == Indicator.NPL_RATIO).findFirst().orElseThrow();
        assertEquals(Unit.PERCENTAGE_POINT, npl.change().unit());
    }

    @Test
    void wrappedLabelsAreJoinedWhenTheValuesSitBetweenTheLabelLines() {
        ParsedReport r = SampleReports.byPrefix("2020-04-16__四方科技");
        assertTrue(r.indicators().stream().anyMatch(k -> k.indicator() == Indicator.NET_PROFIT_DEDUCTED
                && k.label().equals("归属于上市公司股东的扣除非经常性损益的净利润")), r.indicators().toString());
    }

    @Test
    void coverPageIdentifiesCompanyAndPeriod() {
        assertEquals(new ReportInfo("603339", "四方科技", ReportInfo.ReportType.ANNUAL, "2019"),
                SampleReports.byPrefix("2020-04-16__四方科技").info());
        assertEquals(new ReportInfo("600016", "民生银行", ReportInfo.ReportType.Q1, "2023Q1"),
                SampleReports.byPrefix("民生银行").info());
        ReportInfo semi = SampleReports.byPrefix("2025-08__引力传媒").info();
        assertEquals("603598", semi.code());
        assertEquals("2025H1", semi.period());
    }
}
