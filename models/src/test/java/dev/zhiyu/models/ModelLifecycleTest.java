package dev.zhiyu.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.nlp.IntentCascade;
import dev.zhiyu.nlp.IntentClassifier;
import dev.zhiyu.nlp.IntentModel;
import dev.zhiyu.nlp.IntentRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLifecycleTest {
    static final Map<String, String> FAST = Map.of("folds", "2", "iterations", "30");
    static final Supplier<IntentClassifier> GENERIC = () -> {
        try {
            return new IntentCascade(IntentRules.builtinGeneric(), IntentModel.load("builtin:generic-maxent"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    };

    @TempDir
    Path root;
    private final InMemoryStores stores = new InMemoryStores();
    private final TrainingRunner runner = new TrainingRunner(1);
    private final List<String> swaps = new ArrayList<>();
    private IntentClassifier liveNow;

    @AfterEach
    void close() {
        runner.close();
    }

    private ModelLifecycle lifecycle(PromotionRule rule) {
        ModelLifecycle l = new ModelLifecycle("alpha", stores, stores, stores, root, runner, Clock.systemUTC(),
                GENERIC, rule);
        l.onLiveChanged((purpose, c) -> {
            swaps.add(purpose);
            liveNow = c;
        });
        return l;
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

    private ModelVersion trained(ModelLifecycle l, boolean autoPromote) throws InterruptedException {
        TrainingJob j = l.train(new ModelLifecycle.TrainRequest(Dialect.PURPOSE, null, FAST, autoPromote, null), "li");
        TrainingJob done = await(l, j.id());
        assertEquals(JobStatus.SUCCEEDED, done.status(), done.log().toString());
        return l.version(done.modelId());
    }

    private ModelVersion firstLive(ModelLifecycle l) throws InterruptedException {
        Dialect.corrections("li").forEach(stores::add);
        ModelVersion v1 = trained(l, false);
        l.promote(v1.id(), "wang");
        return v1;
    }

    @Test
    void correctionsTrainACandidateThatFixesThemAndPromotionRollbackAndLineageWork() throws Exception {
        ModelLifecycle l = lifecycle(IntentPromotionRule.defaults());
        Dialect.corrections("li").forEach(stores::add);

        ModelVersion v1 = trained(l, false);
        assertEquals(ModelStatus.CANDIDATE, v1.status());
        assertNull(v1.parent());
        assertTrue(v1.sizeBytes() > 0);
        double cand = v1.metrics().get(ModelLifecycle.HELD_OUT_ACCURACY);
        double base = v1.metrics().get("baseline." + ModelLifecycle.HELD_OUT_ACCURACY);
        assertTrue(cand > base, "held-out corrections: candidate " + cand + " vs live " + base);
        assertTrue(swaps.isEmpty(), "training alone changes nothing live");

        l.promote(v1.id(), "wang");
        assertEquals(ModelStatus.LIVE, l.version(v1.id()).status());
        ModelRequestException first = assertThrows(ModelRequestException.class, () -> l.rollback(Dialect.PURPOSE, "wang"),
                "the first live version has nothing before it");
        assertTrue(first.getMessage().contains("无法回滚"), first.getMessage());
        assertEquals("affirm", liveNow.classify("要得要得", 1).get(0).intent());

        ModelVersion v2 = trained(l, false);
        assertEquals(v1.id(), v2.parent(), "trained while v1 was live");
        l.promote(v2.id(), "wang");
        assertEquals(ModelStatus.RETIRED, l.version(v1.id()).status());
        assertEquals(List.of(v2.id(), v1.id()), l.lineage(v2.id()).stream().map(ModelVersion::id).toList());

        ModelVersion back = l.rollback(Dialect.PURPOSE, "wang");
        assertEquals(v1.id(), back.id());
        assertEquals(ModelStatus.LIVE, l.version(v1.id()).status());
        assertEquals(ModelStatus.RETIRED, l.version(v2.id()).status());
        assertEquals(3, stores.history(Dialect.PURPOSE).size());
        assertEquals(3, swaps.size());

        Comparison c = l.compare(v1.id(), v2.id());
        assertEquals(c.intents().stream().mapToInt(Comparison.IntentDelta::support).sum(), c.examples());
        Comparison vsGeneric = l.compare(v1.id(), v1.id());
        assertTrue(vsGeneric.flipped().isEmpty() && vsGeneric.confusions().isEmpty());
    }

    @Test
    void aCorruptArtifactIsRefusedAndTheLiveModelKeepsServing() throws Exception {
        ModelLifecycle l = lifecycle(IntentPromotionRule.defaults());
        ModelVersion v1 = firstLive(l);
        IntentClassifier serving = liveNow;
        ModelVersion v2 = trained(l, false);
        try (Stream<Path> files = Files.list(l.artifacts().dir(v2.id()))) {
            Path f = files.filter(p -> !p.getFileName().toString().endsWith(".properties")).findFirst().orElseThrow();
            byte[] bytes = Files.readAllBytes(f);
            bytes[bytes.length / 2] ^= 0x5A;
            Files.write(f, bytes);
        }
        CorruptArtifactException e = assertThrows(CorruptArtifactException.class, () -> l.promote(v2.id(), "wang"));
        assertTrue(e.getMessage().contains("校验失败"), e.getMessage());
        assertEquals(ModelStatus.LIVE, l.version(v1.id()).status());
        assertEquals(ModelStatus.CANDIDATE, l.version(v2.id()).status());
        assertEquals(serving, liveNow);
        assertThrows(CorruptArtifactException.class, () -> l.compare(v1.id(), v2.id()));
    }

    @Test
    void promotionsMadeByAnotherProcessAreSyncedAndACorruptOneIsRefused() throws Exception {
        ModelLifecycle cli = new ModelLifecycle("alpha", stores, stores, stores, root, runner, Clock.systemUTC(),
                GENERIC, IntentPromotionRule.defaults());
        ModelLifecycle server = lifecycle(IntentPromotionRule.defaults());
        Dialect.corrections("li").forEach(stores::add);
        ModelVersion v1 = trained(cli, false);
        ModelVersion v2 = trained(cli, false);
        assertTrue(server.syncLive().swapped().isEmpty(), "nothing live yet");

        cli.promote(v1.id(), "wang");
        assertEquals(List.of(Dialect.PURPOSE), server.syncLive().swapped());
        assertEquals(List.of(Dialect.PURPOSE), swaps);
        assertEquals("affirm", liveNow.classify("要得要得", 1).get(0).intent());
        IntentClassifier v1Serving = liveNow;
        assertEquals(new ModelLifecycle.LiveSync(List.of(), Map.of()), server.syncLive(), "no change, no swap");

        server.promote(v2.id(), "wang");
        assertTrue(server.syncLive().swapped().isEmpty(), "its own promotion is already served");
        assertEquals(2, swaps.size());

        cli.rollback(Dialect.PURPOSE, "wang");
        assertEquals(List.of(Dialect.PURPOSE), server.syncLive().swapped());
        assertEquals(v1Serving, liveNow);

        cli.promote(v2.id(), "wang");
        IntentClassifier before = liveNow;
        corrupt(server.artifacts().dir(v2.id()));
        ModelLifecycle.LiveSync s = server.syncLive();
        assertTrue(s.swapped().isEmpty());
        assertTrue(s.refused().get(v2.id()).contains("校验失败"), s.toString());
        assertEquals(before, liveNow, "the model served so far keeps serving");
        assertEquals(3, swaps.size());
    }

    private static void corrupt(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            Path f = files.filter(p -> !p.getFileName().toString().endsWith(".properties")).findFirst().orElseThrow();
            byte[] bytes = Files.readAllBytes(f);
            bytes[bytes.length / 2] ^= 0x5A;
            Files.write(f, bytes);
        }
    }

    @Test
    void aJobOutOfTimeFailsLeavesNoVersionAndTheLiveModelUntouched() throws Exception {
        ModelLifecycle l = lifecycle(IntentPromotionRule.defaults());
        ModelVersion v1 = firstLive(l);
        TrainingJob j = l.train(new ModelLifecycle.TrainRequest(Dialect.PURPOSE, null, FAST,
                false, Duration.ofMillis(300)), "li");
        TrainingJob done = await(l, j.id());
        assertEquals(JobStatus.FAILED, done.status());
        assertTrue(done.error().contains("时限"), done.error());
        assertNull(done.modelId());
        assertEquals(1, stores.list(Dialect.PURPOSE).size());
        assertEquals(v1.id(), stores.live(Dialect.PURPOSE).orElseThrow().id());
        assertEquals(1, swaps.size());
    }

    @Test
    void autoPromotionFollowsTheRule() throws Exception {
        Dialect.corrections("li").forEach(stores::add);
        ModelLifecycle strict = lifecycle(new IntentPromotionRule(1.0, Set.of(), 0));
        ModelVersion kept = trained(strict, true);
        assertEquals(ModelStatus.CANDIDATE, kept.status());
        assertTrue(strict.jobs().get(0).log().stream().anyMatch(s -> s.contains("未比线上")));

        ModelLifecycle lenient = lifecycle(new IntentPromotionRule(-1.0, Set.of(), 1.0));
        ModelVersion promoted = trained(lenient, true);
        assertEquals(ModelStatus.LIVE, lenient.version(promoted.id()).status());
        assertTrue(stores.history(Dialect.PURPOSE).get(0).by().startsWith("auto:"));
    }

    @Test
    void jobsCutOffByARestartAreQueuedAgainAndFinish() throws Exception {
        ModelLifecycle before = lifecycle(IntentPromotionRule.defaults());
        Dialect.corrections("li").forEach(stores::add);
        DatasetSnapshot snap = before.datasets().snapshot(Dialect.PURPOSE, "li");
        TrainingJob interrupted = new TrainingJob("7d0e5b43-0a56-4d0e-9b3c-3f7c1c9a0001", Dialect.PURPOSE, snap.id(), FAST,
                false, 600, JobStatus.RUNNING, 0.4, List.of("开始运行"), null, null, 1, "li", Instant.now(), Instant.now(),
                null);
        stores.save(interrupted);

        ModelLifecycle after = lifecycle(IntentPromotionRule.defaults());
        assertEquals(1, after.resume().size());
        TrainingJob done = await(after, interrupted.id());
        assertEquals(JobStatus.SUCCEEDED, done.status(), done.log().toString());
        assertEquals(2, done.attempts());
        assertTrue(done.log().stream().anyMatch(s -> s.contains("重新排队")));
        assertNotNull(after.version(done.modelId()));
        assertTrue(after.resume().isEmpty());
    }

    @Test
    void badRequestsAreRefusedWithChineseMessages() {
        ModelLifecycle l = lifecycle(IntentPromotionRule.defaults());
        assertThrows(ModelRequestException.class, () -> l.train(
                new ModelLifecycle.TrainRequest("ner:x", null, Map.of(), false, null), "li"));
        ModelRequestException hp = assertThrows(ModelRequestException.class, () -> l.train(
                new ModelLifecycle.TrainRequest(Dialect.PURPOSE, null, Map.of("learningRate", "1"), false, null), "li"));
        assertTrue(hp.getMessage().contains("未知的超参数"));
        assertThrows(UnknownIdException.class, () -> l.promote("7d0e5b43-0a56-4d0e-9b3c-3f7c1c9a0002", "li"));
        assertThrows(ModelRequestException.class, () -> l.rollback(Dialect.PURPOSE, "li"));
        assertFalse(l.jobs().iterator().hasNext());
    }
}
