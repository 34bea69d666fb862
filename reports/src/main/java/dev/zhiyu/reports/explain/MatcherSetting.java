package dev.zhiyu.reports.explain;

import java.util.List;
import java.util.Locale;

/**
 * What a reasons-matcher version learnt: show a match when the blend of the base matcher's and the keyword
 * baseline's scores is ≥ {@code threshold}.
 */
public record MatcherSetting(double threshold, double blend) {
    public static final MatcherSetting DEFAULT = new MatcherSetting(0.5, 1.0);

    public MatcherSetting {
        if (!(threshold > 0 && threshold < 1) || !(blend >= 0 && blend <= 1))
            throw dev.zhiyu.models.ModelRequestException.invalid("阈值应在 (0, 1) 内、融合权重应在 [0, 1] 内：" + threshold + ", " + blend);
    }

    /** The matcher whose score is ≥ 0.5 exactly when this setting accepts (what the pipeline compares with). */
    public ExplanationMatcher apply(ExplanationMatcher base, ExplanationMatcher keywords) {
        return new Calibrated(base, keywords, this);
    }

    /**
     * Blends the base and keyword scores and maps the threshold to 0.5, piecewise linearly (ranks are kept, so the
     * pipeline's "best candidate, shown if ≥ 0.5" becomes "best candidate, shown if ≥ threshold").
     */
    private record Calibrated(ExplanationMatcher base, ExplanationMatcher keywords, MatcherSetting s)
            implements ExplanationMatcher {
        @Override
        public double[] scoreAll(String statement, List<String> candidates) {
            double[] b = base.scoreAll(statement, candidates);
            double[] k = s.blend() < 1 ? keywords.scoreAll(statement, candidates) : new double[b.length];
            double[] out = new double[b.length];
            double t = s.threshold();
            for (int i = 0; i < b.length; i++) {
                double x = s.blend() * b[i] + (1 - s.blend()) * k[i];
                out[i] = x < t ? 0.5 * x / t : 0.5 + 0.5 * (x - t) / (1 - t);
            }
            return out;
        }

        @Override
        public String name() {
            return String.format(Locale.ROOT, "%s@%.3f%s", base.name(), s.threshold(),
                    s.blend() < 1 ? String.format(Locale.ROOT, "+keyword(%.2f)", 1 - s.blend()) : "");
        }
    }
}
