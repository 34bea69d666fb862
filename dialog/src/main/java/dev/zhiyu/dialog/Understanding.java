package dev.zhiyu.dialog;

import java.util.List;
import java.util.Map;

/**
 * What NLU made of one hypothesis: intent probabilities, a distribution over problem values (mass not given
 * to any value means "no problem described"), values the speaker explicitly denied, date-times mentioned, and
 * whether the turn opens by rejecting what was just put to the speaker ("不是这个，…"). {@code entities} are the
 * slot recogniser's values by entity type, {@code deniedEntities} those inside a denial ("不是招商银行，是建设银行");
 * both are only read while an {@code entity} slot is being filled. {@code time} is how a {@code datetime} slot's turn
 * was read (its time, if any, is also the one value of {@code dateTimes}).
 */
record Understanding(Map<String, Double> intents, Map<String, Double> problems, Map<String, Double> deniedProblems,
                     List<String> dateTimes, boolean rejectsConfirmation, Map<String, List<String>> entities,
                     Map<String, List<String>> deniedEntities, CallbackTimes.Reading time) {

    Understanding(Map<String, Double> intents, Map<String, Double> problems, Map<String, Double> deniedProblems,
                  List<String> dateTimes, boolean rejectsConfirmation) {
        this(intents, problems, deniedProblems, dateTimes, rejectsConfirmation, Map.of(), Map.of(),
                new CallbackTimes.Nothing());
    }

    double intent(String id) {
        return intents.getOrDefault(id, 0.0);
    }

    double problemMass() {
        return problems.values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
