package dev.zhiyu.models;

import java.util.List;

/** Two versions side by side on one evaluation set. */
public record Comparison(String a, String b, int examples, double macroF1A, double macroF1B,
                         List<IntentDelta> intents, List<ConfusionChange> confusions, List<Flip> flipped) {

    /** Per-intent F1 of each version; {@code delta} = b − a. */
    public record IntentDelta(String intent, int support, double f1A, double f1B, double delta) {
    }

    /** How often {@code gold} was taken for {@code predicted} by each version (only pairs whose count changed). */
    public record ConfusionChange(String gold, String predicted, int countA, int countB) {
    }

    /** An example one version gets right and the other wrong. */
    public record Flip(String text, String gold, String predictedA, String predictedB, boolean fixedByB) {
    }
}
