package dev.zhiyu.reports.explain;

import dev.zhiyu.reports.indicators.Anomaly;

/** An anomaly with the explanation chosen for it (null when none scored ≥ 0.5) and that score. */
public record MatchedAnomaly(Anomaly anomaly, Explanation explanation, double score) {
}
