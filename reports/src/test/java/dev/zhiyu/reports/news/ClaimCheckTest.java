package dev.zhiyu.reports.news;

import dev.zhiyu.reports.ReportInfo;
import dev.zhiyu.reports.indicators.Indicator;
import dev.zhiyu.reports.indicators.KeyIndicator;
import dev.zhiyu.reports.indicators.Unit;
import dev.zhiyu.reports.indicators.Value;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The published mistakes of issue 16, each refused; and the right wording of each kind accepted. */
class ClaimCheckTest {
    private static final ReportInfo INFO = new ReportInfo("600016", "民生银行", ReportInfo.ReportType.Q1, "2023Q1");

    static Value v(String n, Unit u) {
        return n == null ? new Value(null, u, null) : new Value(new BigDecimal(n), u, null);
    }

    static KeyIndicator row(Indicator i, String cur, String prior, String change, Unit changeUnit) {
        return new KeyIndicator(i, i.chinese(), v(cur, i.unit()), v(prior, i.unit()), v(change, changeUnit));
    }

    static List<ClaimCheck.Finding> check(String text, KeyIndicator... rows) {
        return new ClaimCheck(INFO, List.of(rows), List.of(), true).check(text, List.of()).findings();
    }

    static void refused(ClaimCheck.Problem p, String text, KeyIndicator... rows) {
        var f = check(text, rows);
        assertTrue(f.stream().anyMatch(x -> x.problem() == p), text + " → " + f);
    }

    static void accepted(String text, KeyIndicator... rows) {
        assertEquals(List.of(), check(text, rows), text);
    }

    @Test
    void thePriorEpsCitedAsTheChangeIsRefused() {
        String news = "基本每股收益41.76元/股，较上年同期增长37.17%";
        // the prior value slid into the change column: the row contradicts itself
        refused(ClaimCheck.Problem.INCONSISTENT_ROW, news, row(Indicator.EPS_BASIC, "41.76", "37.17", "37.17", Unit.PERCENT));
        // no prior read at all: a printed change nothing can confirm is not cited
        refused(ClaimCheck.Problem.UNVERIFIABLE, news, row(Indicator.EPS_BASIC, "41.76", null, "37.17", Unit.PERCENT));
        // the true change is accepted, and the prior's value as the change is a wrong number
        KeyIndicator right = row(Indicator.EPS_BASIC, "41.76", "37.17", "12.35", Unit.PERCENT);
        accepted("基本每股收益41.76元/股，同比增长12.35%", right);
        refused(ClaimCheck.Problem.WRONG_NUMBER, "基本每股收益41.76元/股，同比增长37.17%",
                row(Indicator.EPS_BASIC, "41.76", "37.17", null, Unit.PERCENT));
    }

    @Test
    void aLossNarrowingOfAnotherYearsCashFlowIsRefused() {
        KeyIndicator slid = row(Indicator.OPERATING_CASH_FLOW, "-120000000", "-250000000", "34228", Unit.PERCENT);
        refused(ClaimCheck.Problem.INCONSISTENT_ROW, "经营活动产生的现金流量净额-1.20亿元，亏损同比收窄34228%", slid);
        // even on a consistent row, a cash flow is not a loss
        KeyIndicator ok = row(Indicator.OPERATING_CASH_FLOW, "-120000000", "-250000000", "52", Unit.PERCENT);
        refused(ClaimCheck.Problem.WRONG_WORDS, "经营活动产生的现金流量净额-1.20亿元，亏损同比收窄52%", ok);
    }

    @Test
    void aTurnaroundIsOnlyForProfitLinesAndOnlyWhenTheSignChanged() {
        KeyIndicator cash = row(Indicator.OPERATING_CASH_FLOW, "300000000", "-100000000", null, Unit.PERCENT);
        refused(ClaimCheck.Problem.WRONG_WORDS, "经营活动产生的现金流量净额3.00亿元，上年同期为-1.00亿元，扭亏为盈", cash);
        accepted("经营活动产生的现金流量净额3.00亿元，上年同期为-1.00亿元，由负转正", cash);
        KeyIndicator profit = row(Indicator.NET_PROFIT, "300000000", "-100000000", null, Unit.PERCENT);
        accepted("归母净利润3.00亿元，上年同期为-1.00亿元，扭亏为盈", profit);
        KeyIndicator up = row(Indicator.NET_PROFIT, "300000000", "100000000", "200", Unit.PERCENT);
        refused(ClaimCheck.Problem.WRONG_WORDS, "归母净利润3.00亿元，扭亏为盈", up);
    }

    @Test
    void balanceSheetItemsAreComparedWithTheYearEndNotTheSamePeriod() {
        KeyIndicator assets = row(Indicator.TOTAL_ASSETS, "7500000000000", "7300000000000", "2.74", Unit.PERCENT);
        refused(ClaimCheck.Problem.WRONG_WORDS, "总资产7.50万亿元，同比增长2.74%", assets);
        accepted("总资产7.50万亿元，较上年末增长2.74%", assets);
        KeyIndicator revenue = row(Indicator.REVENUE, "300000000", "200000000", "50", Unit.PERCENT);
        refused(ClaimCheck.Problem.WRONG_WORDS, "营业收入3.00亿元，较上年末增长50%", revenue);
    }

    @Test
    void ratiosMoveInPointsAndZeroIsFlatNotGrowth() {
        KeyIndicator npl = row(Indicator.NPL_RATIO, "1.47", "1.68", "-0.21", Unit.PERCENTAGE_POINT);
        accepted("不良贷款率1.47%，较上年末下降0.21个百分点", npl);
        refused(ClaimCheck.Problem.WRONG_WORDS, "不良贷款率1.47%，较上年末下降0.21%", npl);
        refused(ClaimCheck.Problem.WRONG_WORDS, "不良贷款率1.47%，较上年末上升0.21个百分点", npl);
        KeyIndicator flat = row(Indicator.REVENUE, "200000000", "200000000", "0", Unit.PERCENT);
        refused(ClaimCheck.Problem.WRONG_WORDS, "营业收入2.00亿元，同比增长0%", flat);
        accepted("营业收入2.00亿元，与上年同期持平", flat);
    }

    @Test
    void lossesStateBothAmountsAndTheRightDirection() {
        KeyIndicator loss = row(Indicator.NET_PROFIT, "-100000000", "-200000000", "50", Unit.PERCENT);
        accepted("归母净利润亏损1.00亿元，上年同期亏损2.00亿元，亏损同比收窄50%", loss);
        refused(ClaimCheck.Problem.WRONG_WORDS, "归母净利润亏损1.00亿元，上年同期亏损2.00亿元，亏损同比扩大50%", loss);
        refused(ClaimCheck.Problem.WRONG_NUMBER, "归母净利润亏损1.00亿元，上年同期亏损3.00亿元", loss);
    }

    @Test
    void aNumberIsCheckedAgainstTheColumnItIsStatedAs() {
        KeyIndicator revenue = row(Indicator.REVENUE, "300000000", "200000000", "50", Unit.PERCENT);
        refused(ClaimCheck.Problem.WRONG_NUMBER, "营业收入2.00亿元，同比增长50%", revenue);
        accepted("营业收入3.00亿元，上年同期为2.00亿元，同比增长50%", revenue);
        refused(ClaimCheck.Problem.WRONG_NUMBER, "营业收入3.00亿元，上年同期为3.00亿元", revenue);
        refused(ClaimCheck.Problem.NO_SOURCE, "净利润3.00亿元", revenue);
        refused(ClaimCheck.Problem.WRONG_NUMBER, "民生银行(600016) 2022年一季报：营业收入3.00亿元".replace("2022", "2021"), revenue);
    }
}
