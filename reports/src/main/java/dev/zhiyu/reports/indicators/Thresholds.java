package dev.zhiyu.reports.indicators;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;

/**
 * When a change is abnormal: |change| ≥ {@code percent} (default 30, the reports' own convention) for amounts and
 * per-share figures, ≥ {@code points} percentage points for ratios; overridable per indicator (a tenant's settings).
 */
public record Thresholds(BigDecimal percent, BigDecimal points, Map<Indicator, BigDecimal> perIndicator) {
    public Thresholds {
        perIndicator = Map.copyOf(perIndicator);
    }

    public static Thresholds defaults() {
        return new Thresholds(BigDecimal.valueOf(30), BigDecimal.ONE, Map.of());
    }

    public Thresholds with(Indicator indicator, BigDecimal threshold) {
        Map<Indicator, BigDecimal> m = new EnumMap<>(Indicator.class);
        m.putAll(perIndicator);
        m.put(indicator, threshold);
        return new Thresholds(percent, points, m);
    }

    BigDecimal of(Indicator i) {
        return perIndicator.getOrDefault(i, i.kind() == Indicator.Kind.RATIO ? points : percent);
    }
}
