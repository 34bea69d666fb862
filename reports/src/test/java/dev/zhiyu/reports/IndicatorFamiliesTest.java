package dev.zhiyu.reports;

import dev.zhiyu.reports.indicators.Indicator;
import dev.zhiyu.reports.indicators.Indicator.Comparison;
import dev.zhiyu.reports.indicators.Indicator.Kind;
import dev.zhiyu.reports.indicators.KeyIndicator;
import dev.zhiyu.reports.indicators.RowCheck;
import dev.zhiyu.reports.indicators.Unit;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Banks', insurers' and brokers' indicators: labels, kinds, comparisons; the bank ones read from a real Q1 table. */
class IndicatorFamiliesTest {
    @Test
    void aBankQuarterlyTableGivesBalancesQualityAndCapitalIndicators() throws IOException {
        List<KeyIndicator> ks = CorpusIndicatorsTest.indicators(SharedData.pdf("民生银行"));
        KeyIndicator loans = find(ks, Indicator.LOANS);
        assertEquals(0, new BigDecimal("4336793000000").compareTo(loans.current().number()), "人民币百万元 → 元");
        assertEquals("4.72", loans.change().source().text());
        assertEquals(0, new BigDecimal("4197989000000").compareTo(find(ks, Indicator.DEPOSITS).current().number()));
        assertEquals(0, new BigDecimal("69268000000").compareTo(find(ks, Indicator.NPL_BALANCE).current().number()));
        KeyIndicator provision = find(ks, Indicator.LOAN_PROVISION_RATIO);
        assertEquals(Unit.PERCENTAGE_POINT, provision.change().unit());
        assertEquals(0, new BigDecimal("-0.09").compareTo(provision.change().number()));
        assertEquals(0, new BigDecimal("0.77").compareTo(find(ks, Indicator.ROA).current().number()));
        assertEquals(List.of(), ks.stream().flatMap(k -> RowCheck.problem(k).stream()).toList());
    }

    /** Capital adequacy appears in this report only in a sentence listing three ratios and three point changes. */
    @Test
    void capitalRatiosStatedOnlyInProseAreReadWithTheirPointChangesAndNoInventedPrior() throws IOException {
        List<KeyIndicator> ks = CorpusIndicatorsTest.indicators(SharedData.pdf("民生银行"));
        KeyIndicator cet1 = find(ks, Indicator.CORE_TIER1_CAPITAL_ADEQUACY);
        assertEquals(0, new BigDecimal("9.04").compareTo(cet1.current().number()));
        assertEquals(0, new BigDecimal("-0.13").compareTo(cet1.change().number()));
        assertEquals(Unit.PERCENTAGE_POINT, cet1.change().unit());
        assertEquals(null, cet1.prior(), "上年末数未印出，不推算");
        assertEquals(0, new BigDecimal("10.70").compareTo(find(ks, Indicator.TIER1_CAPITAL_ADEQUACY).current().number()));
        assertEquals(0, new BigDecimal("-0.34").compareTo(find(ks, Indicator.CAPITAL_ADEQUACY).change().number()));
        // the table's row wins over the sentence repeating it
        assertEquals("1.68", find(ks, Indicator.NPL_RATIO).prior().source().text());
    }

    @Test
    void eachFamilysLabelsNameTheirIndicatorWithItsKindAndComparison() {
        expect("净利息收入", Indicator.NET_INTEREST_INCOME, Kind.AMOUNT, Comparison.SAME_PERIOD_LAST_YEAR);
        expect("非利息净收入", Indicator.NON_INTEREST_INCOME, Kind.AMOUNT, Comparison.SAME_PERIOD_LAST_YEAR);
        expect("客户贷款及垫款总额", Indicator.LOANS, Kind.AMOUNT, Comparison.PREVIOUS_YEAR_END);
        expect("核心一级资本充足率(%)", Indicator.CORE_TIER1_CAPITAL_ADEQUACY, Kind.RATIO, Comparison.PREVIOUS_YEAR_END);
        expect("一级资本充足率", Indicator.TIER1_CAPITAL_ADEQUACY, Kind.RATIO, Comparison.PREVIOUS_YEAR_END);
        expect("保险业务收入（人民币百万元）", Indicator.INSURANCE_REVENUE, Kind.AMOUNT, Comparison.SAME_PERIOD_LAST_YEAR);
        expect("内含价值", Indicator.EMBEDDED_VALUE, Kind.AMOUNT, Comparison.PREVIOUS_YEAR_END);
        expect("一年新业务价值", Indicator.NEW_BUSINESS_VALUE, Kind.AMOUNT, Comparison.SAME_PERIOD_LAST_YEAR);
        expect("综合成本率", Indicator.COMBINED_RATIO, Kind.RATIO, Comparison.SAME_PERIOD_LAST_YEAR);
        expect("综合偿付能力充足率", Indicator.SOLVENCY_RATIO, Kind.RATIO, Comparison.PREVIOUS_YEAR_END);
        expect("经纪业务手续费净收入", Indicator.BROKERAGE_INCOME, Kind.AMOUNT, Comparison.SAME_PERIOD_LAST_YEAR);
        expect("投资银行业务手续费净收入", Indicator.INVESTMENT_BANKING_INCOME, Kind.AMOUNT, Comparison.SAME_PERIOD_LAST_YEAR);
        expect("资产管理业务手续费净收入", Indicator.ASSET_MANAGEMENT_INCOME, Kind.AMOUNT, Comparison.SAME_PERIOD_LAST_YEAR);
        expect("风险覆盖率", Indicator.RISK_COVERAGE, Kind.RATIO, Comparison.PREVIOUS_YEAR_END);
        expect("净资本", Indicator.NET_CAPITAL, Kind.AMOUNT, Comparison.PREVIOUS_YEAR_END);
        assertTrue(Indicator.NET_CAPITAL.isStock() && !Indicator.RISK_COVERAGE.isStock() && !Indicator.NET_INTEREST_INCOME.isStock());
        // a label merely containing an indicator's name is another line item
        assertTrue(Indicator.fromLabel("净资本收益率").isEmpty());
    }

    private static void expect(String label, Indicator i, Kind kind, Comparison comparison) {
        assertEquals(i, Indicator.fromLabel(label).orElse(null), label);
        assertEquals(kind, i.kind(), label);
        assertEquals(comparison, i.comparison(), label);
    }

    private static KeyIndicator find(List<KeyIndicator> ks, Indicator i) {
        return ks.stream().filter(k -> k.indicator() == i).findFirst().orElseThrow(() -> new AssertionError(i + " 未抽取到：" + ks));
    }
}
