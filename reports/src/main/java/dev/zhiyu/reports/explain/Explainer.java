package dev.zhiyu.reports.explain;

import dev.zhiyu.reports.indicators.Anomaly;
import dev.zhiyu.reports.indicators.Indicator;
import java.util.List;
import java.util.regex.Matcher;
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
    private static final Pattern EFFECT_FIRST = Pattern.compile("主要系|主要是|主要原因|原因是|原因为|主要由于|系本期|系报告期|所致|导致|是由于");
    private static final Pattern CAUSE_FIRST = Pattern.compile("^\\s*(\\d+[、.]|[(（]\\d+[)）])?\\s*(由于|受|因)");
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
        List<Explanation> ranked = ranked(a.indicator(), candidates);
        if (ranked.isEmpty()) return new MatchedAnomaly(a, null, 0);
        double[] s = matcher.scoreAll(a.statement(), ranked.stream().map(Explanation::text).toList());
        int best = 0;
        for (int i = 1; i < s.length; i++) if (s[i] > s[best]) best = i;
        return s[best] >= threshold ? new MatchedAnomaly(a, ranked.get(best), s[best]) : new MatchedAnomaly(a, null, s[best]);
    }

    /**
     * The candidates the matcher ranks for an anomaly of this indicator, the only ones its threshold decides on: none
     * when the layout ties a candidate to the indicator (that one is shown as it stands), else the sentences about
     * the indicator. What a tenant's judgments calibrate the threshold on.
     */
    public static List<Explanation> ranked(Indicator indicator, List<Explanation> candidates) {
        if (candidates.stream().anyMatch(e -> e.subject() != null && about(e, indicator))) return List.of();
        return candidates.stream().filter(e -> e.subject() == null && about(e, indicator)).toList();
    }

    /** The candidate is about the indicator: its subject (when the layout gives one) or else its text names it. */
    public static boolean about(Explanation e, Indicator indicator) {
        if (DIFFERENCE.matcher(e.text()).find()) return false;
        return e.subject() != null ? IndicatorTerms.names(e.subject(), indicator) : IndicatorTerms.names(effect(e.text()), indicator);
    }

    /**
     * The part of a causal sentence that says what changed: before "主要系/主要原因/所致/导致…" ("营业收入增长45%，主要系…"),
     * or after the cause when the sentence opens with it ("由于…，营业收入下降"). An indicator named only inside the
     * cause ("现金及现金等价物净增加额减少，主要原因是经营活动现金流量净额减少") is not what the sentence explains.
     */
    static String effect(String sentence) {
        Matcher opening = CAUSE_FIRST.matcher(sentence);
        if (opening.lookingAt()) {
            int comma = sentence.indexOf('，', opening.end()) >= 0 ? sentence.indexOf('，', opening.end()) : sentence.indexOf(',', opening.end());
            return comma < 0 ? sentence : sentence.substring(comma + 1);
        }
        Matcher m = EFFECT_FIRST.matcher(sentence);
        return m.find() && m.start() >= 4 ? sentence.substring(0, m.start()) : sentence;
    }
}
