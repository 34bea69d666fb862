package dev.zhiyu.reports.explain;

import dev.zhiyu.reports.indicators.Anomaly;
import dev.zhiyu.reports.indicators.Indicator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The company's own reason for an anomaly, or none. Only candidates about the anomaly's indicator count: a note or
 * reason cell whose subject is that indicator (taken as it stands: the layout ties it), else a sentence from a
 * reason place ({@link ExplanationFinder}) that names the indicator, ranked by the matcher and shown only at
 * {@code threshold} or above. Anything else — a reason for another line, a sentence naming nothing — is never
 * offered, so the news says nothing about reasons rather than quoting the wrong one.
 */
public final class Explainer {
    /** The matcher's decision threshold when no calibrated setting is given. */
    public static final double DEFAULT_THRESHOLD = 0.5;

    /** Why two figures differ (经营活动现金净流量与净利润存在重大差异的原因说明), not why one changed. */
    private static final Pattern DIFFERENCE = Pattern.compile("存在(重大)?差异|差异的?原因");

    private Explainer() {
    }

    public static MatchedAnomaly explain(Anomaly a, List<Explanation> candidates, ExplanationMatcher matcher) {
        return explain(a, candidates, matcher, DEFAULT_THRESHOLD);
    }

    public static MatchedAnomaly explain(Anomaly a, List<Explanation> candidates, ExplanationMatcher matcher,
                                         double threshold) {
        for (Explanation e : candidates) {
            if (e.subject() != null && about(e, a.indicator())) return new MatchedAnomaly(a, e, 1.0);
        }
        List<Explanation> about = candidates.stream().filter(e -> e.subject() == null && about(e, a.indicator())).toList();
        if (about.isEmpty()) return new MatchedAnomaly(a, null, 0);
        double[] s = matcher.scoreAll(a.statement(), about.stream().map(Explanation::text).toList());
        int best = 0;
        for (int i = 1; i < s.length; i++) if (s[i] > s[best]) best = i;
        return s[best] >= threshold ? new MatchedAnomaly(a, about.get(best), s[best]) : new MatchedAnomaly(a, null, s[best]);
    }

    /** The candidate is about the indicator: its subject (when the layout gives one) or else its text names it. */
    public static boolean about(Explanation e, Indicator indicator) {
        if (DIFFERENCE.matcher(e.text()).find()) return false;
        return e.subject() != null ? IndicatorTerms.names(e.subject(), indicator) : IndicatorTerms.names(e.text(), indicator);
    }
}
