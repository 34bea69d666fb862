package dev.zhiyu.nlp;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** A small DL4J model (5 intents, few epochs) so the suite stays fast; full-size figures come from NlpTasks compare. */
class NeuralIntentModelTest {
    static final Set<String> INTENTS = Set.of("busy", "ask_is_robot", "request_human", "goodbye", "wrong_person");
    static IntentModel model;
    static List<LabeledText> heldout;

    @BeforeAll
    static void train() throws IOException {
        List<LabeledText> train = new ArrayList<>();
        for (LabeledText t : IntentDataset.read("builtin:generic")) if (INTENTS.contains(t.label())) train.add(t);
        heldout = IntentDataset.read("builtin:generic-heldout").stream().filter(t -> INTENTS.contains(t.label())).toList();
        IntentTrainer.Options d = IntentTrainer.Options.defaults();
        model = IntentTrainer.train(train, IntentTrainer.Kind.NEURAL, new IntentTrainer.Options(3, d.iterations(), d.l1(), d.l2(), 25, 64, d.seed()));
    }

    @Test
    void learnsTheHeldOutExamples() {
        EvaluationReport r = IntentEvaluator.evaluate(model, "neural-small", heldout, "heldout subset");
        assertTrue(r.accuracy() > 0.8, r.format());
        assertEquals(IntentTrainer.Kind.NEURAL, model.kind());
        assertEquals("neural", model.classify("你是机器人吧", 1).get(0).source());
    }

    @Test
    void javaForwardPassEqualsDl4j() throws Exception {
        var f = IntentModel.class.getDeclaredField("scorer");
        f.setAccessible(true);
        NeuralScorer s = (NeuralScorer) f.get(model);
        float[] v = SentenceEncoder.bgeSmallZh().encode("我在开会 晚点说");
        double[] mine = Calibration.softmax(s.logitsOf(v), 1.0);
        assertArrayEquals(s.dl4jProbabilities(v), mine, 1e-4);
    }

    @Test
    void saveAndLoad(@TempDir Path dir) throws IOException {
        model.save(dir);
        IntentModel loaded = IntentModel.load(dir);
        assertEquals(IntentTrainer.Kind.NEURAL, loaded.kind());
        for (LabeledText t : heldout.subList(0, 10)) assertArrayEquals(model.probabilities(t.text()), loaded.probabilities(t.text()), 1e-9);
    }

    @Test
    void badInput() {
        assertTrue(model.classify("", 2).isEmpty());
        assertEquals(2, model.classify("🙂🙂🙂", 2).size());
        assertEquals(2, model.classify("我在開車".repeat(30_000), 2).size());
    }
}
