package dev.zhiyu.reports.indicators;

import dev.zhiyu.reports.pdf.Numbers;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * Whether a key-indicator row agrees with itself — the report's own arithmetic, not our extraction: the printed
 * change must follow from the printed current and prior values (a percentage for amounts and per-share figures,
 * percentage points for ratios), within what rounding of the printed figures allows. A row that fails was read
 * wrongly (a value slid into the wrong column, a wrapped label, a restated prior year) and must not be cited.
 *
 * <p>Rounding: each printed figure stands for an interval of half a unit of its last printed digit (a table in
 * 人民币百万元 printing "36,773" means 36,772.5–36,773.5 million); the change computed over those intervals must come
 * within one unit of the printed change's last digit (reports round or truncate). A percentage is taken over the
 * absolute prior (the convention for losses) or the signed prior (some reports); a ratio's change printed with a
 * percent sign may be either its points difference or its relative change.
 */
public final class RowCheck {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final MathContext MC = MathContext.DECIMAL64;

    private RowCheck() {
    }

    /** Why the row contradicts itself, or empty when it is consistent or prints no change to check against. */
    public static Optional<String> problem(KeyIndicator k) {
        if (absent(k.current()) || absent(k.prior()) || absent(k.change())) return Optional.empty();
        BigDecimal printed = k.change().number();
        BigDecimal slack = unit(k.change());
        boolean ratio = k.indicator().kind() == Indicator.Kind.RATIO;
        if (k.change().unit() == Unit.PERCENTAGE_POINT || ratio) {
            BigDecimal points = k.current().number().subtract(k.prior().number());
            BigDecimal pointsSlack = half(k.current()).add(half(k.prior())).add(slack);
            if (points.subtract(printed).abs().compareTo(pointsSlack) <= 0) return Optional.empty();
            if (k.change().unit() == Unit.PERCENTAGE_POINT) return Optional.of(mismatch(k, points, "个百分点"));
        }
        if (k.prior().number().signum() == 0)
            return Optional.of(k.indicator().chinese() + "：上期为 0，却印有变动比例 " + printed.toPlainString() + "%");
        if (withinPercent(k, printed, slack, true) || withinPercent(k, printed, slack, false)) return Optional.empty();
        BigDecimal byAbs = k.current().number().subtract(k.prior().number()).multiply(HUNDRED).divide(k.prior().number().abs(), MC);
        return Optional.of(mismatch(k, byAbs, "%"));
    }

    /**
     * Why printed parts (the four quarters of 分季度主要财务指标) do not add up to the printed total (the period's
     * current value), allowing the rounding of every printed figure; empty when they agree or cannot be compared.
     */
    public static Optional<String> partsProblem(KeyIndicator total, java.util.List<Value> parts) {
        if (absent(total.current()) || parts.isEmpty() || parts.stream().anyMatch(RowCheck::absent)) return Optional.empty();
        BigDecimal sum = BigDecimal.ZERO, slack = half(total.current());
        for (Value v : parts) {
            sum = sum.add(v.number());
            slack = slack.add(half(v));
        }
        if (sum.subtract(total.current().number()).abs().compareTo(slack) <= 0) return Optional.empty();
        return Optional.of(total.indicator().chinese() + "：各分项合计 " + sum.stripTrailingZeros().toPlainString() + total.current().unit().label()
                + "，与本期 " + total.current() + " 不符");
    }

    /** The printed percentage lies within the range the rounded current and prior allow (corners of the intervals). */
    private static boolean withinPercent(KeyIndicator k, BigDecimal printed, BigDecimal slack, boolean absolutePrior) {
        BigDecimal c = k.current().number(), p = k.prior().number();
        BigDecimal hc = half(k.current()), hp = half(k.prior());
        if (p.abs().compareTo(hp) <= 0) return false;
        BigDecimal lo = null, hi = null;
        for (BigDecimal cc : new BigDecimal[] {c.subtract(hc), c.add(hc)}) {
            for (BigDecimal pp : new BigDecimal[] {p.subtract(hp), p.add(hp)}) {
                BigDecimal base = absolutePrior ? pp.abs() : pp;
                BigDecimal v = cc.subtract(pp).multiply(HUNDRED).divide(base, MC);
                lo = lo == null || v.compareTo(lo) < 0 ? v : lo;
                hi = hi == null || v.compareTo(hi) > 0 ? v : hi;
            }
        }
        return printed.compareTo(lo.subtract(slack)) >= 0 && printed.compareTo(hi.add(slack)) <= 0;
    }

    /** Half a unit of the figure's last printed digit, in the value's own (normalised) unit. */
    static BigDecimal half(Value v) {
        return unit(v).divide(BigDecimal.valueOf(2), MC);
    }

    /** One unit of the last printed digit: from the source cell's text when known (it carries the table's scale). */
    static BigDecimal unit(Value v) {
        BigDecimal n = v.number();
        if (v.source() != null) {
            var printed = Numbers.parse(v.source().text()).map(Numbers.Parsed::number).orElse(null);
            if (printed != null && printed.signum() != 0) {
                BigDecimal scale = n.divide(printed, MC).abs();
                return BigDecimal.ONE.movePointLeft(Math.max(0, printed.scale())).multiply(scale);
            }
        }
        return BigDecimal.ONE.movePointLeft(Math.max(0, n.scale()));
    }

    private static String mismatch(KeyIndicator k, BigDecimal computed, String unit) {
        return k.indicator().chinese() + "：本期 " + k.current() + "、上期 " + k.prior() + " 算得变动 "
                + computed.setScale(2, RoundingMode.HALF_UP).toPlainString() + unit + "，表中印的是 "
                + k.change().number().toPlainString() + unit;
    }

    private static boolean absent(Value v) {
        return v == null || v.missing();
    }
}
