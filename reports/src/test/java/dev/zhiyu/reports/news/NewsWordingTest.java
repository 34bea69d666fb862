package dev.zhiyu.reports.news;

import dev.zhiyu.reports.ReportInfo;
import dev.zhiyu.reports.explain.MatchedAnomaly;
import dev.zhiyu.reports.indicators.AnomalyDetector;
import dev.zhiyu.reports.indicators.Indicator;
import dev.zhiyu.reports.indicators.KeyIndicator;
import dev.zhiyu.reports.indicators.Thresholds;
import dev.zhiyu.reports.indicators.Unit;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.zhiyu.reports.news.ClaimCheckTest.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The template writer words each kind of indicator as its kind requires, and what it writes passes the claim check. */
class NewsWordingTest {
    private static final ReportInfo BANK = new ReportInfo("600016", "民生银行", ReportInfo.ReportType.Q1, "2023Q1");

    private static String news(List<KeyIndicator> rows) {
        var anomalies = new AnomalyDetector(Thresholds.defaults()).detect(rows).stream()
                .map(a -> new MatchedAnomaly(a, null, 0)).toList();
        NewsWriter.Draft d = NewsWriter.write(BANK, rows, List.of(), anomalies, 0);
        String text = d.headline() + "\n" + d.body();
        assertEquals(List.of(), NumberChecker.check(text, BANK, rows, List.of()), text);
        return text;
    }

    @Test
    void headlineNamesCompanyCodeAndPeriod() {
        String text = news(List.of(row(Indicator.REVENUE, "34000000000", "37000000000", "-8.11", Unit.PERCENT)));
        assertTrue(text.startsWith("民生银行(600016) 2023年一季报：营业收入340.00亿元，同比下降8.11%"), text);
    }

    @Test
    void flowsSay同比StocksSay较上年末RatiosSayPoints() {
        String text = news(List.of(row(Indicator.REVENUE, "34000000000", "37000000000", "-8.11", Unit.PERCENT),
                row(Indicator.TOTAL_ASSETS, "7500000000000", "7300000000000", "2.74", Unit.PERCENT),
                row(Indicator.NPL_RATIO, "1.47", "1.68", "-0.21", Unit.PERCENTAGE_POINT),
                row(Indicator.ROE, "3.10", "3.40", "-0.30", Unit.PERCENTAGE_POINT)));
        assertTrue(text.contains("总资产7.50万亿元，较上年末增长2.74%"), text);
        assertTrue(text.contains("不良贷款率1.47%，较上年末下降0.21个百分点"), text);
        assertTrue(text.contains("加权平均净资产收益率3.1%，同比下降0.3个百分点"), text);
        assertFalse(text.contains("总资产7.50万亿元，同比"), text);
    }

    @Test
    void signChangesUseTurnaroundOnlyForProfitAndLossesStateTheAmounts() {
        String text = news(List.of(row(Indicator.NET_PROFIT, "-100000000", "-200000000", "50", Unit.PERCENT),
                row(Indicator.NET_PROFIT_DEDUCTED, "50000000", "-20000000", null, Unit.PERCENT),
                row(Indicator.OPERATING_CASH_FLOW, "300000000", "-100000000", null, Unit.PERCENT)));
        assertTrue(text.contains("归属于上市公司股东的净利润亏损1.00亿元，上年同期亏损2.00亿元，亏损同比收窄50%"), text);
        assertTrue(text.contains("扣除非经常性损益的净利润5000.00万元，上年同期为-2000.00万元，扭亏为盈"), text);
        assertTrue(text.contains("经营活动产生的现金流量净额3.00亿元，上年同期为-1.00亿元，由负转正"), text);
        assertFalse(text.contains("经营活动产生的现金流量净额扭亏为盈"), text);
    }

    @Test
    void aZeroChangeIsFlatNeverGrowthOfZero() {
        String text = news(List.of(row(Indicator.REVENUE, "200000000", "200000000", "0", Unit.PERCENT)));
        assertTrue(text.contains("营业收入2.00亿元，与上年同期持平"), text);
        assertFalse(text.contains("0%"), text);
    }

    @Test
    void aRowThatContradictsItselfIsLeftOut() {
        String text = news(List.of(row(Indicator.REVENUE, "300000000", "200000000", "50", Unit.PERCENT),
                row(Indicator.EPS_BASIC, "41.76", "37.17", "37.17", Unit.PERCENT)));
        assertFalse(text.contains("每股收益"), text);
        assertTrue(HoldReasons.of(BANK, List.of(row(Indicator.REVENUE, "300000000", "200000000", "12", Unit.PERCENT)),
                "民生银行(600016) 2023年一季报：").stream().anyMatch(r -> r.contains("标题指标未通过核对")));
        assertTrue(HoldReasons.of(new ReportInfo("600016", "民生银行", ReportInfo.ReportType.Q1, null), List.of(), "民生银行(600016) ：")
                .stream().anyMatch(r -> r.contains("报告期未识别")));
    }
}
