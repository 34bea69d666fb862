package dev.zhiyu.reports.indicators;

import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.Set;

/**
 * The words a figure may be stated in, by what the indicator is: 同比 for flows (compared with the same period last
 * year), 较上年末 for stocks and balance-sheet ratios, 个百分点 for ratio moves; 扭亏为盈/由盈转亏 and 亏损 only for
 * profit lines, 由负转正/由正转负 for other signed amounts (cash flows). Also the short statement an anomaly becomes,
 * e.g. "营业收入同比增长53.84%", which the explanation matcher compares candidates with.
 */
public final class Statements {
    /** Lines whose negative value is a loss (亏损) and whose sign change is a turnaround (扭亏为盈 / 由盈转亏). */
    private static final Set<Indicator> PROFIT_LINES = EnumSet.of(Indicator.NET_PROFIT, Indicator.NET_PROFIT_DEDUCTED);

    private Statements() {
    }

    public static boolean isProfitLine(Indicator i) {
        return PROFIT_LINES.contains(i);
    }

    /** "同比" for a flow, "较上年末" for a stock or balance-sheet ratio. */
    public static String comparedWith(Indicator i) {
        return i.comparison() == Indicator.Comparison.PREVIOUS_YEAR_END ? "较上年末" : "同比";
    }

    /** What the comparison column is called in prose: "上年同期" or "上年末". */
    public static String priorName(Indicator i) {
        return i.comparison() == Indicator.Comparison.PREVIOUS_YEAR_END ? "上年末" : "上年同期";
    }

    /** The words for a sign change from negative to positive (or back) of this indicator. */
    public static String signChange(Indicator i, boolean toPositive) {
        if (isProfitLine(i)) return toPositive ? "扭亏为盈" : "由盈转亏";
        return toPositive ? "由负转正" : "由正转负";
    }

    /** A value as news prints it: amounts in 万亿元/亿元/万元/元 with two decimals, per-share in 元/股, ratios in %. */
    public static String render(Indicator i, BigDecimal n) {
        return switch (i.kind()) {
            case AMOUNT -> Amounts.yuan(n);
            case PER_SHARE -> n.stripTrailingZeros().toPlainString() + "元/股";
            case RATIO -> n.stripTrailingZeros().toPlainString() + "%";
        };
    }

    static String of(KeyIndicator k, Anomaly.Kind kind, BigDecimal change) {
        Indicator ind = k.indicator();
        String name = ind.chinese();
        String cmp = comparedWith(ind);
        return switch (kind) {
            case TURNED_TO_LOSS -> name + signChange(ind, false);
            case TURNED_TO_PROFIT -> name + signChange(ind, true);
            // the loss amounts themselves are stated with the indicator's figures (see NewsWriter)
            case LOSS_WIDENED, LOSS_NARROWED -> name + "亏损" + cmp + (kind == Anomaly.Kind.LOSS_WIDENED ? "扩大" : "收窄")
                    + abs(change) + "%";
            case SURGE -> name + cmp + "增长" + abs(change) + "%";
            case PLUNGE -> name + cmp + "下降" + abs(change) + "%";
            case RATIO_UP -> name + cmp + "上升" + abs(change) + "个百分点";
            case RATIO_DOWN -> name + cmp + "下降" + abs(change) + "个百分点";
        };
    }

    static String abs(BigDecimal n) {
        return n == null ? "" : n.abs().stripTrailingZeros().toPlainString();
    }
}
