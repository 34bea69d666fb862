package dev.zhiyu.reports.indicators;

import java.math.BigDecimal;

/** The short statement an anomaly becomes, e.g. "营业收入相比同期增长了53.84%". */
final class Statements {
    private Statements() {
    }

    static String of(Indicator ind, Anomaly.Kind kind, BigDecimal change, Unit unit) {
        String name = ind.chinese();
        return switch (kind) {
            case TURNED_TO_LOSS -> name + "由盈转亏";
            case TURNED_TO_PROFIT -> name + "扭亏为盈";
            case LOSS_WIDENED -> name + "亏损扩大" + abs(change) + "%";
            case LOSS_NARROWED -> name + "亏损收窄" + abs(change) + "%";
            case SURGE -> name + "相比同期增长了" + abs(change) + "%";
            case PLUNGE -> name + "相比同期下降了" + abs(change) + "%";
            case RATIO_UP -> name + "相比同期上升了" + abs(change) + "个百分点";
            case RATIO_DOWN -> name + "相比同期下降了" + abs(change) + "个百分点";
        };
    }

    static String abs(BigDecimal n) {
        return n == null ? "" : n.abs().stripTrailingZeros().toPlainString();
    }
}
