package dev.zhiyu.reports.indicators;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Optional;

/**
 * Whether a key-indicator row agrees with itself — the report's own arithmetic, not our extraction: the printed
 * change must follow from the printed current and prior values (a percentage for amounts and per-share figures,
 * percentage points for ratios), within what rounding of the printed figures allows. A row that fails was read
 * wrongly (a value slid into the wrong column, a wrapped label, a restated prior year) and must not be cited.
 */
public final class RowCheck {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    /** Reports print changes to two decimals and may round the inputs first: half a unit of the last digit plus slack. */
    private static final BigDecimal PERCENT_SLACK = new BigDecimal("0.06");

    private RowCheck() {
    }

    /** Why the row contradicts itself, or empty when it is consistent or prints no change to check against. */
    public static Optional<String> problem(KeyIndicator k) {
        if (absent(k.current()) || absent(k.prior()) || absent(k.change())) return Optional.empty();
        BigDecimal cur = k.current().number();
        BigDecimal prior = k.prior().number();
        BigDecimal printed = k.change().number();
        if (k.indicator().kind() == Indicator.Kind.RATIO || k.change().unit() == Unit.PERCENTAGE_POINT) {
            BigDecimal points = cur.subtract(prior);
            return points.subtract(printed).abs().compareTo(PERCENT_SLACK) <= 0 ? Optional.empty()
                    : Optional.of(mismatch(k, points, "个百分点"));
        }
        if (prior.signum() == 0) return Optional.of(k.indicator().chinese() + "：上期为 0，却印有变动比例 " + printed + "%");
        BigDecimal byAbs = cur.subtract(prior).multiply(HUNDRED).divide(prior.abs(), MathContext.DECIMAL64);
        BigDecimal bySigned = cur.subtract(prior).multiply(HUNDRED).divide(prior, MathContext.DECIMAL64);
        BigDecimal slack = PERCENT_SLACK.max(byAbs.abs().multiply(new BigDecimal("0.005")));
        if (near(byAbs, printed, slack) || near(bySigned, printed, slack)) return Optional.empty();
        return Optional.of(mismatch(k, byAbs, "%"));
    }

    private static boolean near(BigDecimal a, BigDecimal b, BigDecimal slack) {
        return a.subtract(b).abs().compareTo(slack) <= 0;
    }

    private static String mismatch(KeyIndicator k, BigDecimal computed, String unit) {
        return k.indicator().chinese() + "：本期 " + k.current() + "、上期 " + k.prior() + " 算得变动 "
                + computed.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString() + unit + "，表中印的是 "
                + k.change().number().toPlainString() + unit;
    }

    private static boolean absent(Value v) {
        return v == null || v.missing();
    }
}
