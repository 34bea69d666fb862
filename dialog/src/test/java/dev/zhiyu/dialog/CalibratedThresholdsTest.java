package dev.zhiyu.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.nlp.IntentCalibration;
import dev.zhiyu.nlp.IntentClassifier;
import dev.zhiyu.nlp.IntentScore;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A model's stored calibration sets the thresholds a scenario leaves to it; the scenario's own values win. */
class CalibratedThresholdsTest {
    /** The maxent generic model reads 烦不烦 as a harassment complaint at about 0.6: between 0.5 and the 0.85 default. */
    private static final String UNSURE_OPT_OUT = "烦不烦";
    private static final IntentCalibration TRUSTING = new IntentCalibration(1.0, 0.5, 0.2, 0.5, "test-set", 150);

    @Test
    void withoutItsOwnEndCallTheScenarioTakesTheModelsAndEndsAtOnce() throws IOException {
        String yaml = withoutEndCall();
        BotTurn asked = Conversations.identified(yaml, Conversations.generic()).hear(UserInput.text(UNSURE_OPT_OUT));
        assertFalse(asked.ends(), "uncalibrated model: the 0.85 default asks first: " + asked);
        BotTurn ended = Conversations.identified(yaml, calibrated(Conversations.generic(), TRUSTING)).hear(UserInput.text(UNSURE_OPT_OUT));
        assertTrue(ended.actions().contains(new BotAction.OptOut()), "calibrated end_call 0.5: " + ended);
    }

    @Test
    void anExplicitYamlValueWins() throws IOException {
        BotTurn t = Conversations.identified(Conversations.shippedYaml(), calibrated(Conversations.generic(), TRUSTING)).hear(UserInput.text(UNSURE_OPT_OUT));
        assertFalse(t.ends(), "the scenario's own end_call: 0.85 holds: " + t);
        assertTrue(t.text().contains("以后不要再给您打电话了，对吗"), t.text());
    }

    @Test
    void theEngineServesTheMergedThresholds() throws IOException {
        String yaml = withoutEndCall().replace("  accept: 0.55\n", "");
        Scenario s = ScenarioEngine.withModelThresholds(ScenarioLoader.parse(yaml, "t.yaml"),
                calibrated(Conversations.generic(), TRUSTING));
        assertEquals(new Scenario.Thresholds(0.5, 0.25, 0.5, Set.of("confirm")), s.thresholds());
    }

    @Test
    void calibratedThresholdsThatBreakTheOrderAreNotTaken() throws IOException {
        IntentCalibration odd = new IntentCalibration(1.0, 0.2, 0.3, 0.9, "test-set", 150); // act below the YAML's confirm
        Scenario own = ScenarioLoader.parse(withoutEndCall().replace("  accept: 0.55\n", ""), "t.yaml");
        assertEquals(own.thresholds(), ScenarioEngine.withModelThresholds(own, calibrated(Conversations.generic(), odd))
                .thresholds());
    }

    private static IntentClassifier calibrated(IntentClassifier model, IntentCalibration c) {
        return new IntentClassifier() {
            @Override
            public List<IntentScore> classify(String text, int n) {
                return model.classify(text, n);
            }

            @Override
            public Set<String> intents() {
                return model.intents();
            }

            @Override
            public Optional<IntentCalibration> calibration() {
                return Optional.of(c);
            }
        };
    }

    private static String withoutEndCall() throws IOException {
        String yaml = Conversations.shippedYaml().replace("  end_call: 0.85\n", "");
        assertFalse(yaml.contains("end_call:"));
        return yaml;
    }
}
