package dev.zhiyu.nlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The separately written spoken-style halves: disjoint from the training data and from each other, and a temperature
 * refitted on one half calibrates the other better than none (maxent: fast to load; the neural figures are in
 * nlp/README.md with the command).
 */
class RealStyleCalibrationTest {

    @Test
    void theHalvesShareNoSentenceWithTheTrainingDataOrEachOther() throws IOException {
        Set<String> seen = new HashSet<>();
        IntentDataset.read("builtin:generic").forEach(t -> seen.add(t.text()));
        IntentDataset.read("builtin:generic-heldout").forEach(t -> seen.add(t.text()));
        for (String spec : List.of(IntentDataset.REALSTYLE_CALIBRATION, IntentDataset.REALSTYLE_TEST)) {
            List<LabeledText> half = IntentDataset.read(spec);
            assertTrue(half.size() >= 90, spec + ": " + half.size());
            for (LabeledText t : half) {
                assertTrue(seen.add(t.text()), spec + " repeats a sentence seen before: " + t.text());
            }
        }
    }

    @Test
    void aTemperatureFittedOnOneHalfCalibratesTheOther() throws IOException {
        CalibrationReport r = IntentEvaluator.recalibrate("builtin:generic-maxent", IntentDataset.REALSTYLE_CALIBRATION,
                IntentDataset.REALSTYLE_TEST);
        assertTrue(r.eceCalibrated() < r.eceRaw(), r.format());
        assertTrue(r.temperature() > 0 && r.temperature() < 20, r.format());
        assertTrue(r.confirm() <= r.act() && r.act() <= r.endCall() && r.endCall() <= 1, r.format());
        assertTrue(r.format().contains("ECE 未校准"), r.format());
    }

    @Test
    void theActThresholdIsTheLowestConfidenceThatKeepsThePrecision() {
        // confidences 0.9 (right), 0.8 (right), 0.7 (wrong), 0.6 (right), 0.5 (wrong)
        IntentClassifier fixed = new IntentClassifier() {
            @Override
            public java.util.Set<String> intents() {
                return Set.of("a", "b");
            }

            @Override
            public List<IntentScore> classify(String text, int n) {
                return List.of(new IntentScore("a", Double.parseDouble(text), "fixed"));
            }
        };
        List<LabeledText> data = List.of(new LabeledText("a", "0.9", 0), new LabeledText("a", "0.8", 0),
                new LabeledText("b", "0.7", 0), new LabeledText("a", "0.6", 0), new LabeledText("b", "0.5", 0));
        EvaluationReport ignored = IntentEvaluator.evaluate(fixed, "fixed", data, "five");
        assertEquals(0.6, ignored.accuracy(), 1e-9);
        assertEquals(0.8, IntentEvaluator.lowestConfidenceWithPrecision(fixed, data, 0.95), 1e-9);
        assertEquals(0.6, IntentEvaluator.lowestConfidenceWithPrecision(fixed, data, 0.75), 1e-9);
        assertEquals(1.0, IntentEvaluator.lowestConfidenceWithPrecision(fixed, List.of(new LabeledText("b", "0.9", 0)), 0.5),
                1e-9);
    }
}
