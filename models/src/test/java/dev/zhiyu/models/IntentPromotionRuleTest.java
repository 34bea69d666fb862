package dev.zhiyu.models;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IntentPromotionRuleTest {
    private final IntentPromotionRule rule = new IntentPromotionRule(0.01, Set.of("request_human"), 0.0);

    @Test
    void betterByTheMarginAndNoProtectedIntentWorsePromotes() {
        assertTrue(rule.check(Map.of("macroF1", 0.90, "baseline.macroF1", 0.85,
                "f1:request_human", 0.95, "baseline.f1:request_human", 0.95)).promote());
    }

    @Test
    void tooSmallAGainOrAWorseProtectedIntentDoesNot() {
        assertFalse(rule.check(Map.of("macroF1", 0.855, "baseline.macroF1", 0.85)).promote());
        PromotionRule.Verdict v = rule.check(Map.of("macroF1", 0.95, "baseline.macroF1", 0.85,
                "f1:request_human", 0.90, "baseline.f1:request_human", 0.95));
        assertFalse(v.promote());
        assertTrue(v.reason().contains("request_human"), v.reason());
    }
}
