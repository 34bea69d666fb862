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
    NET_INTEREST_INCOME("利息净收入", Kind.AMOUNT, "净利息收入"),
    NET_INTEREST_MARGIN("净息差", Kind.RATIO, "净利息收益率"),
    NPL_RATIO("不良贷款率", Kind.RATIO, Comparison.PREVIOUS_YEAR_END),
    PROVISION_COVERAGE("拨备覆盖率", Kind.RATIO, Comparison.PREVIOUS_YEAR_END),
    CAPITAL_ADEQUACY("资本充足率", Kind.RATIO, Comparison.PREVIOUS_YEAR_END),
    COST_INCOME("成本收入比", Kind.RATIO),
    // banks (appended: existing ordinals stay put)
    NON_INTEREST_INCOME("非利息净收入", Kind.AMOUNT, "非利息收入", "非利息业务净收入"),
    LOANS("贷款总额", Kind.AMOUNT, Comparison.PREVIOUS_YEAR_END, "发放贷款和垫款总额", "贷款和垫款总额", "客户贷款总额",
            "客户贷款及垫款总额", "发放贷款和垫款本金总额", "贷款及垫款总额"),
    DEPOSITS("存款总额", Kind.AMOUNT, Comparison.PREVIOUS_YEAR_END, "吸收存款总额", "客户存款总额", "吸收存款本金总额"),
    NPL_BALANCE("不良贷款余额", Kind.AMOUNT, Comparison.PREVIOUS_YEAR_END, "不良贷款总额"),
    LOAN_PROVISION_RATIO("贷款拨备率", Kind.RATIO, Comparison.PREVIOUS_YEAR_END, "拨贷比"),
    TIER1_CAPITAL_ADEQUACY("一级资本充足率", Kind.RATIO, Comparison.PREVIOUS_YEAR_END),
    CORE_TIER1_CAPITAL_ADEQUACY("核心一级资本充足率", Kind.RATIO, Comparison.PREVIOUS_YEAR_END),
    ROA("总资产收益率", Kind.RATIO, "平均总资产收益率", "资产收益率", "总资产回报率", "平均总资产回报率"),
    // insurers
    INSURANCE_REVENUE("保险业务收入", Kind.AMOUNT, "原保险保费收入"),
    EMBEDDED_VALUE("内含价值", Kind.AMOUNT, Comparison.PREVIOUS_YEAR_END, "集团内含价值"),
    NEW_BUSINESS_VALUE("新业务价值", Kind.AMOUNT, "一年新业务价值"),
    COMBINED_RATIO("综合成本率", Kind.RATIO),
    SOLVENCY_RATIO("综合偿付能力充足率", Kind.RATIO, Comparison.PREVIOUS_YEAR_END, "偿付能力充足率"),
    CORE_SOLVENCY_RATIO("核心偿付能力充足率", Kind.RATIO, Comparison.PREVIOUS_YEAR_END),
    // brokers
    BROKERAGE_INCOME("经纪业务手续费净收入", Kind.AMOUNT, "经纪业务收入", "证券经纪业务手续费净收入", "经纪业务净收入"),
    INVESTMENT_BANKING_INCOME("投资银行业务手续费净收入", Kind.AMOUNT, "投资银行业务收入", "投行业务收入", "投资银行业务净收入"),
    ASSET_MANAGEMENT_INCOME("资产管理业务手续费净收入", Kind.AMOUNT, "资产管理业务收入", "资管业务收入", "资产管理业务净收入"),
    PROPRIETARY_INCOME("自营业务收入", Kind.AMOUNT, "证券自营业务收入", "自营投资业务收入"),
    RISK_COVERAGE("风险覆盖率", Kind.RATIO, Comparison.PREVIOUS_YEAR_END),
    NET_CAPITAL("净资本", Kind.AMOUNT, Comparison.PREVIOUS_YEAR_END);

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
