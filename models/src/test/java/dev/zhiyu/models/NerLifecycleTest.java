package dev.zhiyu.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.nlp.EntityRecognizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ner:<scenario>}: slot corrections train the CRF slot recogniser through the same lifecycle as intents. */
class NerLifecycleTest {
    static final String SCENARIO = "account-opening-callback";
    static final String PURPOSE = Purposes.ner(SCENARIO);
    static final Map<String, String> ONLY_CORRECTIONS = Map.of("base", "none");

    /** Turn text → the annotator's slot values; the last one's value is not in its text. */
    static final List<Map.Entry<String, Map<String, String>>> SLOTS = List.of(
            Map.entry("我在同花顺上开的户", Map.of("app", "同花顺")),
            Map.entry("用同花顺开户老是闪退", Map.of("app", "同花顺")),
            Map.entry("东方财富那个软件打不开", Map.of("app", "东方财富")),
            Map.entry("我是在同花顺里面点的", Map.of("app", "同花顺")),
            Map.entry("我买的春风十里怎么赎回", Map.of("product", "春风十里")),
            Map.entry("春风十里现在收益多少", Map.of("product", "春风十里")),
            Map.entry("春风十里到期了能取吗", Map.of("product", "春风十里")),
            Map.entry("同花顺上面买的春风十里", Map.of("app", "同花顺", "product", "春风十里")),
            Map.entry("同花顺开户的时候卡住了", Map.of("app", "同花顺")),
            Map.entry("我在东方财富开的户", Map.of("app", "东方财富")),
            Map.entry("我想换一张卡", Map.of("bank", "招商银行")));

    @TempDir
    Path root;
    private final InMemoryStores stores = new InMemoryStores();
    private final TrainingRunner runner = new TrainingRunner(1);
    private final List<String> swaps = new ArrayList<>();
    private volatile EntityRecognizer liveNow;

    @AfterEach
    void close() {
        runner.close();
    }

    private ModelLifecycle lifecycle() {
        ModelLifecycle l = new ModelLifecycle("alpha", stores, stores, stores, root, runner, Clock.systemUTC(),
                ModelLifecycleTest.GENERIC, IntentPromotionRule.defaults());
        l.onLiveEntitiesChanged((purpose, r) -> {
            swaps.add(purpose);
            liveNow = r;
        });
        l.onLiveChanged((purpose, c) -> {
            throw new AssertionError("an ner: promotion must not reach the intent listener");
        });
        return l;
    }

    private void correct() {
        int turn = 0;
        for (var e : SLOTS) {
            stores.add(new Correction(0, Purposes.intent(SCENARIO), "s" + turn++, 1, e.getKey(), "other", e.getValue(),
                    "li", false, Instant.now()));
        }
    }

    private static TrainingJob await(ModelLifecycle l, String jobId) throws InterruptedException {
        for (int i = 0; i < 1200; i++) {
            TrainingJob j = l.job(jobId);
            if (j.status().done()) {
                return j;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job did not finish: " + l.job(jobId));
    }

    private ModelVersion trained(ModelLifecycle l, Map<String, String> hp) throws InterruptedException {
        TrainingJob j = l.train(new ModelLifecycle.TrainRequest(PURPOSE, null, hp, false, null), "li");
        TrainingJob done = await(l, j.id());
        assertEquals(JobStatus.SUCCEEDED, done.status(), done.log().toString());
        assertTrue(done.log().toString().contains("1 个槽位值不在话语中"), done.log().toString());
        return l.version(done.modelId());
    }

    private static List<String> found(EntityRecognizer r, String text) {
        return r.recognize(text, List.of()).stream().map(e -> e.text() + "/" + e.type()).toList();
    }

    @Test
    void slotCorrectionsTrainARecogniserThatIsEvaluatedPromotedComparedAndRolledBack() throws Exception {
        ModelLifecycle l = lifecycle();
        correct();
        ModelVersion v1 = trained(l, Map.of());
        Map<String, Double> m = v1.metrics();
        System.out.printf("ner v1 (shipped+corrections): macroF1 %.4f P %.4f R %.4f | builtin macroF1 %.4f | %s%n",
                m.get("macroF1"), m.get("precision"), m.get("recall"), m.get("baseline.macroF1"), m);
        assertTrue(m.get("examples") >= 66, "shipped held-out sentences are in the evaluation set: " + m);
        for (String type : List.of("bank", "branch", "product")) {
            double f1 = m.get("f1:" + type);
            assertTrue(f1 > 0.6 && f1 <= 1.0, type + " " + m);
            assertTrue(f1 >= m.get("baseline.f1:" + type) - 0.1, "no collapse against the built-in recogniser: " + m);
        }
        assertTrue(m.get("macroF1") > 0.7 && m.get("precision") > 0.8, m.toString());
        assertEquals(Map.of("kind", "crf", "base", "shipped", "correctionWeight", "3"), v1.hyperParameters());
        assertTrue(swaps.isEmpty(), "training alone changes nothing live");

        l.promote(v1.id(), "wang");
        assertEquals(List.of(PURPOSE), swaps);
        assertEquals(List.of("同花顺/app"), found(liveNow, "我是在同花顺开的户"), "a slot type only the corrections taught");
        assertEquals(v1.id(), l.registry().live(PURPOSE).orElseThrow().id());

        ModelVersion v2 = trained(l, ONLY_CORRECTIONS);
        assertEquals(v1.id(), v2.parent(), "trained while v1 was live");
        assertEquals(v2.metrics().get("baseline.macroF1"), m.get("macroF1"), 1e-9, "baseline is the live v1");
        assertTrue(v2.metrics().get("f1:bank") < m.get("f1:bank"), "corrections alone know no shipped banks");
        assertFalse(NerPromotionRule.defaults().check(v2.metrics()).promote(), "a worse slot type blocks auto-promotion");

        NerComparison c = l.compareEntities(v1.id(), v2.id());
        assertEquals(c.macroF1A(), m.get("macroF1"), 1e-9);
        NerComparison.TypeDelta bank = c.types().stream().filter(t -> t.type().equals("bank")).findFirst().orElseThrow();
        assertTrue(bank.delta() < 0 && bank.support() > 0, bank.toString());
        assertTrue(c.flipped().stream().anyMatch(f -> !f.fixedByB() && f.gold().stream().anyMatch(g -> g.endsWith("/bank"))),
                c.flipped().toString());
        assertThrows(ModelRequestException.class, () -> l.compare(v1.id(), v2.id()), "not an intent model");

        l.promote(v2.id(), "wang");
        ModelVersion back = l.rollback(PURPOSE, "wang");
        assertEquals(v1.id(), back.id());
        assertEquals(ModelStatus.RETIRED, l.version(v2.id()).status());
        assertEquals(3, swaps.size());
        assertEquals(List.of("同花顺/app"), found(liveNow, "我是在同花顺开的户"));

        // a version whose files changed is refused by its checksum and the live one keeps serving
        try (Stream<Path> files = Files.list(l.artifacts().dir(v2.id()))) {
            Path model = files.filter(f -> f.getFileName().toString().endsWith(".bin")).findFirst().orElseThrow();
            byte[] b = Files.readAllBytes(model);
            b[b.length / 2] ^= 0x5a;
            Files.write(model, b);
        }
        ModelLifecycle fresh = lifecycle(); // nothing cached: loads from the files
        assertThrows(CorruptArtifactException.class, () -> fresh.promote(v2.id(), "wang"));
        assertEquals(v1.id(), stores.live(PURPOSE).orElseThrow().id());
        assertEquals(3, swaps.size());
    }

    @Test
    void aTimeLimitOrACancellationEndsTheJobWithoutAVersionAndLeavesLiveUntouched() throws Exception {
        ModelLifecycle l = lifecycle();
        correct();
        // with the shipped sentences a CRF training takes seconds, well over these limits
        TrainingJob slow = l.train(new ModelLifecycle.TrainRequest(PURPOSE, null, Map.of(), true,
                Duration.ofMillis(300)), "li");
        TrainingJob cancelled = l.train(new ModelLifecycle.TrainRequest(PURPOSE, null, Map.of(), true, null), "li");
        TrainingJob timedOut = await(l, slow.id());
        assertEquals(JobStatus.FAILED, timedOut.status());
        assertTrue(timedOut.error().contains("时限"), timedOut.error());
        for (int i = 0; i < 1000 && l.job(cancelled.id()).status() == JobStatus.QUEUED; i++) {
            Thread.sleep(10); // the cut-off training keeps its slot until HanLP returns
        }
        assertEquals(JobStatus.RUNNING, l.job(cancelled.id()).status());
        Thread.sleep(200);
        l.cancel(cancelled.id());
        assertEquals(JobStatus.CANCELLED, await(l, cancelled.id()).status());
        Thread.sleep(6000); // the CRF training runs on to its end in the background; nothing may publish then
        assertTrue(stores.list(PURPOSE).isEmpty(), "no version: " + stores.list(PURPOSE));
        assertTrue(stores.live(PURPOSE).isEmpty());
        assertTrue(swaps.isEmpty());
        Path staging = root.resolve(".staging");
        try (Stream<Path> left = Files.exists(staging) ? Files.list(staging) : Stream.empty()) {
            assertEquals(0, left.count(), "no staged files left behind");
        }
    }

    @Test
    void badRequestsAreRefusedWithAReason() {
        ModelLifecycle l = lifecycle();
        ModelRequestException none = assertThrows(ModelRequestException.class, () -> l.train(
                new ModelLifecycle.TrainRequest(PURPOSE, null, Map.of(), false, null), "li"));
        assertTrue(none.getMessage().contains("slots"), none.getMessage());
        stores.add(new Correction(0, Purposes.intent(SCENARIO), "x", 1, "我在同花顺上开的户", "other",
                Map.of("app", "同花顺"), "li", false, Instant.now()));
        ModelRequestException few = assertThrows(ModelRequestException.class, () -> l.train(
                new ModelLifecycle.TrainRequest(PURPOSE, null, ONLY_CORRECTIONS, false, null), "li"));
        assertTrue(few.getMessage().contains("至少需要 3"), few.getMessage());
        assertThrows(ModelRequestException.class, () -> l.train(
                new ModelLifecycle.TrainRequest(PURPOSE, null, Map.of("iterations", "5"), false, null), "li"));
        assertThrows(ModelRequestException.class, () -> l.train(
                new ModelLifecycle.TrainRequest(PURPOSE, null, Map.of("base", "all"), false, null), "li"));
        assertThrows(ModelRequestException.class, () -> Purposes.check("ner:"));
        assertThrows(ModelRequestException.class, () -> Purposes.check("ner:a b"));
        assertTrue(l.jobs().isEmpty(), "nothing was queued");
    }

    @Test
    void slotValuesArePlacedInTheTurnTextAndAbsentOnesCounted() {
        Example e = NerTraining.example("我在[同花顺]买的春风十里", Map.of("app", "同花顺", "product", "春风十里",
                "bank", "招商银行", "Bad Type", "春风"), false);
        assertEquals("ner:skip=2", e.intent());
        assertEquals("我在【[同花顺|app]】买的[春风十里|product]", e.text());
        assertEquals(2, NerTraining.skipped(List.of(e)));
        var s = NerTraining.sentences(List.of(e), false).get(0);
        assertEquals("我在【同花顺】买的春风十里", s.text());
        assertEquals(2, s.spans().size());
        Example overlap = NerTraining.example("春风十里", Map.of("product", "春风十里", "app", "春风"), true);
        assertEquals("ner:skip=1", overlap.intent());
        assertTrue(NerTraining.sentences(List.of(overlap), false).isEmpty(), "held-out examples are not training data");
        assertTrue(new NerPromotionRule(0.01, 0.0).check(Map.of("macroF1", 0.9, "baseline.macroF1", 0.8,
                "f1:bank", 0.9, "baseline.f1:bank", 0.8)).promote());
        assertFalse(new NerPromotionRule(0.01, 0.0).check(Map.of("macroF1", 0.9, "baseline.macroF1", 0.8,
                "f1:bank", 0.7, "baseline.f1:bank", 0.8)).promote());
        assertFalse(new NerPromotionRule(0.05, 0.0).check(Map.of("macroF1", 0.82, "baseline.macroF1", 0.8)).promote());
    }
}
