package dev.zhiyu.nlp;

import opennlp.tools.ml.TrainerFactory;
import opennlp.tools.ml.model.MaxentModel;
import opennlp.tools.util.ObjectStreamUtils;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.*;

/** A training stops soon after it is asked to, and asking changes nothing when it is not. */
class TrainingCancellationTest {
    private static final IntentTrainer.Options OPTIONS = new IntentTrainer.Options(2, 80, 0.0, 0.5, 3, 16, 42);

    private static List<LabeledText> data() throws IOException {
        Set<String> intents = Set.of("busy", "ask_is_robot", "request_human", "goodbye", "wrong_person");
        return IntentDataset.read("builtin:generic").stream().filter(t -> intents.contains(t.label())).toList();
    }

    /** True from the {@code n}-th question on; counts the questions. */
    private static BooleanSupplier after(int n, AtomicInteger asked) {
        return () -> asked.incrementAndGet() >= n;
    }

    @Test
    void theCancellableMaxentTrainerLearnsExactlyWhatOpenNlpsOwnDoes() throws IOException {
        List<LabeledText> data = data();
        MaxentScorer ours = MaxentScorer.train(data, OPTIONS, () -> false);
        MaxentModel stock = TrainerFactory.getEventTrainer(MaxentScorer.parameters(OPTIONS), null)
                .train(ObjectStreamUtils.createObjectStream(MaxentScorer.events(data)));
        for (String text : List.of("我在开会", "你是机器人吗", "转人工", "再见", "你打错了", "嗯")) {
            double[] expected = stock.eval(IntentFeatures.of(text));
            double[] got = ours.logits(text);
            for (int i = 0; i < expected.length; i++) {
                String label = stock.getOutcome(i);
                assertEquals(Math.log(Math.max(expected[i], 1e-12)), got[ours.labels().indexOf(label)], 1e-12, text + " " + label);
            }
        }
    }

    @Test
    void aCancelledMaxentTrainingStopsInsideTheOptimiser() throws IOException {
        AtomicInteger asked = new AtomicInteger();
        assertThrows(CancellationException.class,
                () -> IntentTrainer.train(data(), IntentTrainer.Kind.MAXENT, OPTIONS, after(5, asked)));
        assertEquals(5, asked.get(), "stopped at the first question answered yes");
    }

    @Test
    void aCancelledNeuralTrainingStopsBetweenMiniBatches() throws IOException {
        AtomicInteger asked = new AtomicInteger();
        List<LabeledText> few = new ArrayList<>();
        for (String intent : List.of("busy", "goodbye")) {
            few.addAll(data().stream().filter(t -> t.label().equals(intent)).limit(40).toList());
        }
        // 1 question before the fit, 1 for the one encoding chunk, then 1 per mini-batch of 32: stop in the first epoch
        assertThrows(CancellationException.class,
                () -> IntentTrainer.train(few, IntentTrainer.Kind.NEURAL, OPTIONS, after(4, asked)));
        assertEquals(4, asked.get());
    }

    @Test
    void anInterruptedThreadStopsToo() {
        Thread.currentThread().interrupt();
        try {
            assertThrows(CancellationException.class,
                    () -> IntentTrainer.train(data(), IntentTrainer.Kind.MAXENT, OPTIONS, () -> false));
        } finally {
            Thread.interrupted();
        }
    }
}
