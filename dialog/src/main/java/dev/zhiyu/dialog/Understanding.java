package dev.zhiyu.dialog;

import java.util.List;
import java.util.Map;

/**
 * What NLU made of one hypothesis: intent probabilities, a distribution over problem values (mass not given
 * to any value means "no problem described"), values the speaker explicitly denied, and date-times mentioned.
 */
record Understanding(Map<String, Double> intents, Map<String, Double> problems, Map<String, Double> deniedProblems,
                     List<String> dateTimes) {

    double intent(String id) {
        return intents.getOrDefault(id, 0.0);
    }

    double problemMass() {
        return problems.values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
