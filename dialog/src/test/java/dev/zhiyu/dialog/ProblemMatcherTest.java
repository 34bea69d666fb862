package dev.zhiyu.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.nlp.SentenceEncoder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The semantic problem matcher on the held-out third of {@code problems/paraphrases.tsv} (never tuned on), and what a
 * scenario load and a turn cost in encodings.
 */
class ProblemMatcherTest {
    private static Scenario scenario;
    private static double confirm;
    private static List<ProblemMatcherEval.Item> heldOut;

    @BeforeAll
    static void load() throws IOException {
        scenario = ScenarioLoader.accountOpeningCallback();
        confirm = scenario.thresholds().confirm();
        heldOut = ProblemMatcherEval.items().stream().filter(ProblemMatcherEval.Item::heldOut).toList();
    }

    private static ProblemMatcherEval.Figures figures(ProblemMatcher m) {
        List<String> got = new ArrayList<>();
        for (ProblemMatcherEval.Item i : heldOut) {
            Map<String, Double> p = m.problems(i.text(), i.step(scenario));
            got.add(p.entrySet().stream().max(Map.Entry.comparingByValue()).filter(e -> e.getValue() >= confirm)
                    .map(Map.Entry::getKey).orElse(ProblemMatcherEval.NONE));
        }
        return ProblemMatcherEval.figures(heldOut, got);
    }

    @Test
    void findsHeldOutParaphrasesAndAbstainsOnTurnsThatAreNoProblem() {
        ProblemMatcherEval.Figures semantic = figures(ProblemMatcher.of(scenario, SentenceEncoder.bgeSmallZh(),
                ProblemMatcher.DEFAULT));
        ProblemMatcherEval.Figures ngrams = figures(ProblemMatcher.of(scenario, null, ProblemMatcher.DEFAULT));
        assertTrue(heldOut.size() >= 100, "held-out set: " + heldOut.size());
        assertTrue(semantic.recall() >= 0.85, "recall: " + semantic);
        assertTrue(semantic.precision() >= 0.9, "precision: " + semantic);
        assertTrue(semantic.falseAlarms() <= semantic.negatives() / 10, "negatives taken for problems: " + semantic);
        assertTrue(semantic.recall() > ngrams.recall() && semantic.precision() > ngrams.precision(),
                "better than n-grams alone: " + semantic + " vs " + ngrams);
    }

    @Test
    void aTurnThatSharesNoWordWithTheExamplesIsStillFound() {
        ProblemMatcher m = ProblemMatcher.of(scenario, SentenceEncoder.bgeSmallZh(), ProblemMatcher.DEFAULT);
        ProblemMatcher ngrams = ProblemMatcher.of(scenario, null, ProblemMatcher.DEFAULT);
        String said = "短信那个码压根就没来过"; // few characters in common with the examples of 收不到短信验证码
        var top = m.problems(said, "1").entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        assertEquals("sms_code_missing", top.getKey());
        assertTrue(top.getValue() >= confirm, "found clearly enough to be acted on: " + top);
        assertTrue(ngrams.problems(said, "1").values().stream().allMatch(p -> p < confirm), "n-grams alone miss it");
        assertTrue(m.problems("好的好的", "1").isEmpty(), "a plain yes is no problem");
    }

    /** Counts what the scenario's problem matching asks the shared encoder for. */
    private static final class Counting implements SentenceEncoder {
        final AtomicInteger texts = new AtomicInteger();
        private final SentenceEncoder bge = SentenceEncoder.bgeSmallZh();

        @Override
        public int dimension() {
            return bge.dimension();
        }

        @Override
        public float[] encode(String text) {
            texts.incrementAndGet();
            return bge.encode(text);
        }

        @Override
        public List<float[]> encodeAll(List<String> all) {
            texts.addAndGet(all.size());
            return bge.encodeAll(all);
        }

        @Override
        public void close() {
        }
    }

    @Test
    void examplesAreEncodedOncePerScenarioLoadAndATurnOnce() {
        Counting counting = new Counting();
        ScenarioEngine engine = new ScenarioEngine("acme", Conversations.generic(), Conversations.CLOCK,
                TurnListener.NONE, false);
        engine.useSentences(counting);
        engine.install(scenario);
        int examples = scenario.problems().stream().mapToInt(p -> p.examples().size() + 1).sum();
        assertEquals(examples, counting.texts.get(), "every example and label encoded once at load");
        for (int i = 0; i < 5; i++) {
            Conversations.open(engine, "1").start();
        }
        assertEquals(examples, counting.texts.get(), "opening sessions encodes nothing");
        DialogSession s = Conversations.open(engine, "1");
        s.start();
        s.hear(UserInput.text("是我"));
        int before = counting.texts.get();
        BotTurn bot = s.hear(UserInput.text("短信那个码压根就没来过"));
        assertEquals(before + 1, counting.texts.get(), "one encoding for the turn");
        assertTrue(bot.text().contains("拦截"), bot.text());
    }
}
