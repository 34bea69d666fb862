package dev.zhiyu.reports.explain;

import java.util.List;

/**
 * Precision, recall and F1 over labelled pairs, the way the pipeline uses a matcher: for each statement the
 * matcher scores the document's candidates together, and the top candidate is predicted to explain it if its
 * score is ≥ 0.5 (every other pair is predicted negative).
 */
public record MatcherEvaluation(String matcher, int tp, int fp, int fn, int tn) {
    public static MatcherEvaluation of(ExplanationMatcher m, List<MatchPair> pairs) {
        int tp = 0, fp = 0, fn = 0, tn = 0;
        for (List<MatchPair> group : BgeMatcher.groups(pairs).values()) {
            double[] s = m.scoreAll(group.get(0).statement(), group.stream().map(MatchPair::candidate).toList());
            int best = 0;
            for (int i = 1; i < s.length; i++) if (s[i] > s[best]) best = i;
            for (int i = 0; i < group.size(); i++) {
                boolean yes = i == best && s[i] >= 0.5, truth = group.get(i).explains();
                if (yes && truth) tp++;
                else if (yes) fp++;
                else if (truth) fn++;
                else tn++;
            }
        }
        return new MatcherEvaluation(m.name(), tp, fp, fn, tn);
    }

    public MatcherEvaluation plus(MatcherEvaluation o) {
        return new MatcherEvaluation(matcher, tp + o.tp, fp + o.fp, fn + o.fn, tn + o.tn);
    }

    public double precision() { return tp + fp == 0 ? 0 : (double) tp / (tp + fp); }

    public double recall() { return tp + fn == 0 ? 0 : (double) tp / (tp + fn); }

    public double f1() {
        double p = precision(), r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    @Override public String toString() {
        return String.format("%-22s P=%.3f R=%.3f F1=%.3f (tp=%d fp=%d fn=%d tn=%d)", matcher, precision(), recall(), f1(), tp, fp, fn, tn);
    }
}
