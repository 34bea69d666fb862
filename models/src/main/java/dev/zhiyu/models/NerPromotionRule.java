package dev.zhiyu.models;

import java.util.Map;

/**
 * The auto-promote rule of slot recognisers: the candidate's span macro-F1 beats the live one's on the same
 * evaluation set by at least {@code margin}, and no slot type's F1 drops by more than {@code tolerance}.
 */
public record NerPromotionRule(double margin, double tolerance) implements PromotionRule {
    public static NerPromotionRule defaults() {
        return new NerPromotionRule(0.01, 0.02);
    }

    /** {@code metrics}: the candidate's, with the live recogniser's under {@link PromotionRule#BASELINE}. */
    @Override
    public Verdict check(Map<String, Double> metrics) {
        double cand = metrics.getOrDefault("macroF1", 0.0);
        double live = metrics.getOrDefault(BASELINE + "macroF1", 0.0);
        if (cand < live + margin) {
            return new Verdict(false, String.format("槽位宏平均 F1 %.4f 未比线上 %.4f 高出 %.4f", cand, live, margin));
        }
        String prefix = BASELINE + "f1:";
        for (var e : metrics.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                String type = e.getKey().substring(prefix.length());
                double after = metrics.getOrDefault("f1:" + type, 0.0);
                if (after < e.getValue() - tolerance - 1e-9) {
                    return new Verdict(false, String.format("槽位类型 %s 的 F1 下降超过 %.4f：%.4f → %.4f",
                            type, tolerance, e.getValue(), after));
                }
            }
        }
        return new Verdict(true, String.format("槽位宏平均 F1 %.4f → %.4f，没有槽位类型变差超过 %.4f",
                live, cand, tolerance));
    }
}
