package dev.zhiyu.reports.indicators;

import dev.zhiyu.reports.tables.Labels;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The key indicators of the 主要会计数据和财务指标 table, with the label variants used by annual, semi-annual,
 * quarterly, bank, Shenzhen and Shanghai layouts. Labels are compared after {@link Labels#normalize}.
 */
public enum Indicator {
    REVENUE("营业收入", Kind.AMOUNT, "营业总收入", "营业收入合计"),
    NET_PROFIT("归属于上市公司股东的净利润", Kind.AMOUNT, "归属于本行股东的净利润", "归属于母公司股东的净利润",
            "归属于母公司所有者的净利润", "归属于本公司股东的净利润", "归属于母公司普通股股东的净利润"),
    NET_PROFIT_DEDUCTED("归属于上市公司股东的扣除非经常性损益的净利润", Kind.AMOUNT,
            "归属于本行股东的扣除非经常性损益的净利润", "归属于上市公司股东的扣除非经常性损益后的净利润",
            "扣除非经常性损益后归属于母公司股东的净利润", "归属于母公司股东的扣除非经常性损益的净利润",
            "扣除非经常性损益后的净利润", "归属于本公司股东的扣除非经常性损益的净利润"),
    OPERATING_CASH_FLOW("经营活动产生的现金流量净额", Kind.AMOUNT),
    EQUITY("归属于上市公司股东的净资产", Kind.AMOUNT, Comparison.PREVIOUS_YEAR_END, "归属于本行股东权益总额", "归属于母公司股东的净资产",
            "归属于母公司所有者权益", "归属于本公司股东的净资产", "归属于上市公司股东的所有者权益"),
    TOTAL_ASSETS("总资产", Kind.AMOUNT, Comparison.PREVIOUS_YEAR_END, "资产总额", "资产总计"),
    EPS_BASIC("基本每股收益", Kind.PER_SHARE),
    EPS_DILUTED("稀释每股收益", Kind.PER_SHARE),
    ROE("加权平均净资产收益率", Kind.RATIO),
    ROE_DEDUCTED("扣除非经常性损益后的加权平均净资产收益率", Kind.RATIO, "扣除非经常性损益后加权平均净资产收益率"),
    NET_INTEREST_INCOME("利息净收入", Kind.AMOUNT),
    NET_INTEREST_MARGIN("净息差", Kind.RATIO),
    NPL_RATIO("不良贷款率", Kind.RATIO, Comparison.PREVIOUS_YEAR_END),
    PROVISION_COVERAGE("拨备覆盖率", Kind.RATIO, Comparison.PREVIOUS_YEAR_END),
    CAPITAL_ADEQUACY("资本充足率", Kind.RATIO, Comparison.PREVIOUS_YEAR_END),
    COST_INCOME("成本收入比", Kind.RATIO);

    /** How the indicator is measured, which fixes its canonical unit. */
    public enum Kind { AMOUNT, PER_SHARE, RATIO }

    /**
     * What the report compares it with: a flow (income, profit, cash flow, EPS, ROE) with the same period last year
     * (同比); a stock (assets, equity, loans, balance-sheet ratios) with the previous year-end (较上年末).
     */
    public enum Comparison { SAME_PERIOD_LAST_YEAR, PREVIOUS_YEAR_END }

    private static final Map<String, Indicator> BY_LABEL = new HashMap<>();

    static {
        for (Indicator i : values()) {
            BY_LABEL.put(Labels.normalize(i.chinese), i);
            for (String s : i.synonyms) BY_LABEL.put(Labels.normalize(s), i);
        }
    }

    private final String chinese;
    private final Kind kind;
    private final Comparison comparison;
    private final List<String> synonyms;

    Indicator(String chinese, Kind kind, String... synonyms) {
        this(chinese, kind, Comparison.SAME_PERIOD_LAST_YEAR, synonyms);
    }

    Indicator(String chinese, Kind kind, Comparison comparison, String... synonyms) {
        this.chinese = chinese;
        this.kind = kind;
        this.comparison = comparison;
        this.synonyms = List.of(synonyms);
    }

    public String chinese() { return chinese; }

    public Kind kind() { return kind; }

    public Comparison comparison() { return comparison; }

    /** A balance-sheet amount (总资产, 净资产, 贷款总额 …): compared with the previous year-end. */
    public boolean isStock() { return kind == Kind.AMOUNT && comparison == Comparison.PREVIOUS_YEAR_END; }

    public Unit unit() {
        return switch (kind) {
            case AMOUNT -> Unit.YUAN;
            case PER_SHARE -> Unit.YUAN_PER_SHARE;
            case RATIO -> Unit.PERCENT;
        };
    }

    /** The indicator a printed row label names, if any (exact match after normalisation, never a substring). */
    public static Optional<Indicator> fromLabel(String label) {
        return Optional.ofNullable(BY_LABEL.get(Labels.normalize(label)));
    }
}
