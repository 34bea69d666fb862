package dev.zhiyu.nlp;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The shipped generic models: in sync with the shipped data, and scored on the held-out fifth they never saw. */
class BuiltinGenericModelTest {
    @Test
    void shippedModelsWereTrainedOnTheCurrentTrainingData() throws IOException {
        String sha = IntentTrainer.sha256(IntentDataset.read("builtin:generic"));
        for (String spec : List.of("builtin:generic", "builtin:generic-maxent")) {
            IntentModel m = IntentModel.load(spec);
            assertEquals(sha, m.info().get("dataSha256"),
                    spec + " is stale: retrain it with NlpTasks build-builtin (see nlp/README.md)");
            assertEquals(20, m.labels().size());
        }
        assertEquals(IntentTrainer.Kind.NEURAL, IntentModel.load("builtin:generic").kind());
        assertEquals(IntentTrainer.Kind.MAXENT, IntentModel.load("builtin:generic-maxent").kind());
        assertThrows(IllegalArgumentException.class, () -> IntentModel.load("builtin:nope"));
    }

    @Test
    void heldOutScores() throws IOException {
        EvaluationReport neural = IntentEvaluator.evaluate("builtin:generic", "builtin:generic-heldout");
        EvaluationReport maxent = IntentEvaluator.evaluate("builtin:generic-maxent", "builtin:generic-heldout");
        assertEquals(293, neural.examples());
        assertTrue(neural.macroF1() > 0.8, neural.format());
        assertTrue(maxent.macroF1() > 0.7, maxent.format());
        assertTrue(neural.macroF1() > maxent.macroF1(), "neural should beat the maxent baseline");
        assertTrue(maxent.ece() < maxent.eceUncalibrated(), maxent.format());
    }

    @Test
    void analyzerWithTheShippedCascade() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-18T02:00:00Z"), ZoneId.of("Asia/Shanghai"));
        Analyzer a = Analyzer.create(TenantDictionary.withFinanceTerms(), IntentCascade.builtinGeneric(), new RuleEntityRecognizer(clock), List.of());
        Analysis r = a.analyze("嗯 我在开车呢 你明天下午三点再打吧", 3);
        assertEquals("busy", r.intents().get(0).intent(), r.format());
        assertEquals(3, r.intents().size());
        assertTrue(r.entities().stream().anyMatch(e -> e.value().equals("2026-11-19T15:00")), r.format());
        Analysis human = a.analyze("别废话了给我转人工", 3);
        assertEquals("rule:human", human.intents().get(0).source());
        Analysis withId = a.analyze("我身份证11010519491231002X 你们怎么有我电话");
        String text = withId.format();
        assertFalse(text.contains("19491231"), "ID numbers are masked in printed analyses:\n" + text);
        assertFalse(withId.toString().contains("19491231"), withId.toString());
        assertTrue(text.contains("ask_number_source"), text);
    }
}
