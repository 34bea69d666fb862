package dev.zhiyu.models;

import java.util.Map;
import java.util.Set;

/**
 * The auto-promote rule: the candidate's macro-F1 beats the live model's on the same evaluation set by at least
 * {@code margin}, and no protected intent's F1 drops by more than {@code tolerance}.
 */
public record IntentPromotionRule(double margin, Set<String> protectedIntents, double tolerance) implements PromotionRule {
    public IntentPromotionRule {
        protectedIntents = Set.copyOf(protectedIntents);
    }

    public static IntentPromotionRule defaults() {
        return new IntentPromotionRule(0.01, Set.of("request_human", "complain_harassment", "suspect_fraud"), 0.0);
    }

    /** {@code metrics}: the candidate's, with the live model's under {@link #BASELINE}. */
    @Override
    public Verdict check(Map<String, Double> metrics) {
        double cand = metrics.getOrDefault("macroF1", 0.0);
        double live = metrics.getOrDefault(BASELINE + "macroF1", 0.0);
        if (cand < live + margin) {
            return new Verdict(false, String.format("宏平均 F1 %.4f 未比线上 %.4f 高出 %.4f", cand, live, margin));
        }
        for (String intent : protectedIntents) {
            Double before = metrics.get(BASELINE + "f1:" + intent);
            double after = metrics.getOrDefault("f1:" + intent, 0.0);
            if (before != null && after < before - tolerance - 1e-9) {
                return new Verdict(false, String.format("受保护意图 %s 的 F1 下降：%.4f → %.4f", intent, before, after));
            }
        }
        return new Verdict(true, String.format("宏平均 F1 %.4f → %.4f，受保护意图未变差", live, cand));
    }
}
