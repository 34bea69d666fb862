package dev.zhiyu.reports.indicators;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Flags sign changes (profit → loss), large percentage moves and ratio moves in percentage points. A row that
 * contradicts itself ({@link RowCheck}) was read wrongly and yields no anomaly.
 */
public final class AnomalyDetector {
    /** Indicators where a sign change means profit ↔ loss (or net inflow ↔ outflow). */
    private static final Set<Indicator> SIGNED = EnumSet.of(Indicator.NET_PROFIT, Indicator.NET_PROFIT_DEDUCTED,
            Indicator.OPERATING_CASH_FLOW, Indicator.EPS_BASIC, Indicator.EPS_DILUTED);
    private final Thresholds thresholds;

    public AnomalyDetector(Thresholds thresholds) {
        this.thresholds = thresholds;
    }

    public List<Anomaly> detect(List<KeyIndicator> indicators) {
        List<Anomaly> out = new ArrayList<>();
        for (KeyIndicator k : indicators) detect(k).ifPresent(out::add);
        return out;
    }

    Optional<Anomaly> detect(KeyIndicator k) {
        if (k.current() == null || k.current().missing() || RowCheck.problem(k).isPresent()) return Optional.empty();
        BigDecimal cur = k.current().number();
        BigDecimal prior = k.prior() == null || k.prior().missing() ? null : k.prior().number();
        Indicator ind = k.indicator();
        if (prior != null && SIGNED.contains(ind)) {
            if (prior.signum() > 0 && cur.signum() < 0) return anomaly(k, Anomaly.Kind.TURNED_TO_LOSS, null, Unit.NONE);
            if (prior.signum() < 0 && cur.signum() > 0) return anomaly(k, Anomaly.Kind.TURNED_TO_PROFIT, null, Unit.NONE);
        }
        if (ind.kind() == Indicator.Kind.RATIO) return ratio(k, cur, prior);
        BigDecimal pct = percentChange(k, cur, prior);
        if (pct == null || pct.abs().compareTo(thresholds.of(ind)) < 0) return Optional.empty();
        if (cur.signum() < 0 && prior != null && prior.signum() < 0 && Statements.isProfitLine(ind))
            return anomaly(k, cur.compareTo(prior) < 0 ? Anomaly.Kind.LOSS_WIDENED : Anomaly.Kind.LOSS_NARROWED, pct, Unit.PERCENT);
        return anomaly(k, pct.signum() > 0 ? Anomaly.Kind.SURGE : Anomaly.Kind.PLUNGE, pct, Unit.PERCENT);
    }

    private Optional<Anomaly> ratio(KeyIndicator k, BigDecimal cur, BigDecimal prior) {
        if (prior == null) return Optional.empty(); // a printed change alone cannot be checked against the report
        BigDecimal pts = k.change() != null && !k.change().missing() && k.change().unit() == Unit.PERCENTAGE_POINT
                ? k.change().number() : cur.subtract(prior);
        if (pts == null || pts.abs().compareTo(thresholds.of(k.indicator())) < 0) return Optional.empty();
        return anomaly(k, pts.signum() > 0 ? Anomaly.Kind.RATIO_UP : Anomaly.Kind.RATIO_DOWN, pts, Unit.PERCENTAGE_POINT);
    }

    /** The printed change if it is a percentage, else computed from the two periods (never across a sign change). */
    public static BigDecimal percentChange(KeyIndicator k, BigDecimal cur, BigDecimal prior) {
        if (k.change() != null && !k.change().missing() && k.change().unit() == Unit.PERCENT) return k.change().number();
        if (prior == null || prior.signum() == 0) return null;
        return cur.subtract(prior).multiply(BigDecimal.valueOf(100))
                .divide(prior.abs(), new MathContext(12)).setScale(2, RoundingMode.HALF_UP);
    }

    private static Optional<Anomaly> anomaly(KeyIndicator k, Anomaly.Kind kind, BigDecimal change, Unit unit) {
        return Optional.of(new Anomaly(k.indicator(), kind, change, unit, Statements.of(k, kind, change), k));
    }
}
