package dev.zhiyu.nlp;

import java.util.List;
import java.util.Set;

/** Classifies an utterance into intents. Implementations are thread-safe. */
public interface IntentClassifier {
    /** The {@code n} most probable intents, best first; probabilities are calibrated and sum to at most 1. */
    List<IntentScore> classify(String text, int n);

    /** Every intent id this classifier can return. */
    Set<String> intents();

    /** The calibration stored with the classifier's trained model (temperature and thresholds), if it has one. */
    default java.util.Optional<IntentCalibration> calibration() {
        return java.util.Optional.empty();
    }
}
