package dev.zhiyu.models;

import java.util.Map;

/**
 * Whether a candidate version may go live, judged on its registry metrics: the candidate's own, with the model it
 * was measured against under {@link #BASELINE}.
 */
@FunctionalInterface
public interface PromotionRule {
    String BASELINE = "baseline.";
    /** Lets every version go live (a manual promotion of a kind without a gate). */
    PromotionRule ANY = metrics -> new Verdict(true, "不设上线门槛");

    record Verdict(boolean promote, String reason) {
    }

    Verdict check(Map<String, Double> metrics);
}
