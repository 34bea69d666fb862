package dev.zhiyu.reports.indicators;

import java.math.BigDecimal;

/**
 * An indicator that moved abnormally. {@code change} is in % (or percentage points for ratios, see {@code unit});
 * {@code statement} is the short Chinese sentence the explanation matcher compares candidates with.
 */
public record Anomaly(Indicator indicator, Kind kind, BigDecimal change, Unit unit, String statement, KeyIndicator source) {
    public enum Kind {
        SURGE("大幅增长"), PLUNGE("大幅下降"), TURNED_TO_LOSS("由盈转亏"), TURNED_TO_PROFIT("扭亏为盈"),
        LOSS_WIDENED("亏损扩大"), LOSS_NARROWED("亏损收窄"), RATIO_UP("比率上升"), RATIO_DOWN("比率下降");

        private final String chinese;

        Kind(String chinese) {
            this.chinese = chinese;
        }

        public String chinese() { return chinese; }
    }
}
