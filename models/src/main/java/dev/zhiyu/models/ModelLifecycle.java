package dev.zhiyu.models;

import dev.zhiyu.nlp.AnnotatedSentence;
import dev.zhiyu.nlp.CrfSlotRecognizer;
import dev.zhiyu.nlp.EntityRecognizer;
import dev.zhiyu.nlp.IntentClassifier;
import dev.zhiyu.nlp.IntentModel;
import dev.zhiyu.nlp.LabeledText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * One tenant's model lifecycle: datasets from corrections, training jobs, the registry, promotion and rollback, and
 * comparison. Everything it reads or writes goes through this tenant's stores and artifact root.
 */
public final class ModelLifecycle {
    static final int MAX_LOG_LINES = 200;
    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofMinutes(30);
    /** Accuracy on the snapshot's held-out corrections alone: what the annotators' work bought. */
    public static final String HELD_OUT_ACCURACY = "heldOutCorrections.accuracy";
    /** Span F1 on the snapshot's held-out slot corrections alone ({@code ner:} versions). */
    public static final String HELD_OUT_F1 = "heldOutCorrections.f1";

    /** Told after a promotion or rollback became durable, with the classifier new sessions must use. */
    public interface LiveListener {
        void liveChanged(String purpose, IntentClassifier classifier);
    }

    /** Told after a {@code ner:} promotion or rollback became durable, with the recogniser new sessions must use. */
    public interface EntityListener {
        void liveChanged(String purpose, EntityRecognizer recognizer);
    }

    /** {@code snapshotId} null: freeze the current corrections into a new snapshot first. */
    public record TrainRequest(String purpose, String snapshotId, Map<String, String> hyperParameters,
                               boolean autoPromote, Duration timeLimit) {
        public TrainRequest {
            hyperParameters = hyperParameters == null ? Map.of() : Map.copyOf(hyperParameters);
            timeLimit = timeLimit == null ? DEFAULT_TIME_LIMIT : timeLimit;
        }
    }

    private final String tenant;
    private final RegistryStore registry;
    private final AnnotationStore annotations;
    private final JobStore jobs;
    private final ArtifactStore artifacts;
    private final TrainingRunner runner;
    private final Clock clock;
    private final Supplier<IntentClassifier> fallback;
    private final PromotionRule rule;
    private final Datasets datasets;
    /** Version id → its loaded classifier (intent purposes) or recogniser (ner purposes). */
    private final ConcurrentMap<String, Object> loaded = new ConcurrentHashMap<>();
    private final Object promotions = new Object();
    /** Purpose → the version this process last handed to the listener (or served through {@link #live}). */
    private final ConcurrentMap<String, String> serving = new ConcurrentHashMap<>();
    private long seenChange = -1;
    private volatile LiveListener listener = (p, c) -> { };
    private volatile EntityListener entityListener = (p, r) -> { };
    private final Supplier<EntityRecognizer> nerFallback = () -> NerTraining.served(CrfSlotRecognizer.builtin());
    private final NerPromotionRule nerRule = NerPromotionRule.defaults();

    /** @param fallback what serves a purpose while nothing is live (the shipped generic classifier) */
    public ModelLifecycle(String tenant, RegistryStore registry, AnnotationStore annotations, JobStore jobs,
                          Path artifactRoot, TrainingRunner runner, Clock clock, Supplier<IntentClassifier> fallback,
                          PromotionRule rule) {
        this.tenant = tenant;
        this.registry = registry;
        this.annotations = annotations;
        this.jobs = jobs;
        this.artifacts = new ArtifactStore(artifactRoot);
        this.runner = runner;
        this.clock = clock;
        this.fallback = fallback;
        this.rule = rule;
        this.datasets = new Datasets(annotations, clock);
    }

    public void onLiveChanged(LiveListener l) {
        this.listener = l;
    }

    public void onLiveEntitiesChanged(EntityListener l) {
        this.entityListener = l;
    }

    /** The tenant's slug. */
    public String tenant() {
        return tenant;
    }

    public Datasets datasets() {
        return datasets;
    }

    public RegistryStore registry() {
        return registry;
    }

    public AnnotationStore annotations() {
        return annotations;
    }

    public ArtifactStore artifacts() {
        return artifacts;
    }

    // ---- training -------------------------------------------------------------------------------------------

    public TrainingJob train(TrainRequest r, String by) {
        String purpose = Purposes.check(r.purpose());
        boolean ner = Purposes.isNer(purpose);
        Map<String, String> settings = ner ? NerTraining.Settings.of(r.hyperParameters()).asMap()
                : IntentTraining.Settings.of(r.hyperParameters()).asMap();
        if (r.timeLimit().isNegative() || r.timeLimit().isZero()) {
            throw new IllegalArgumentException("时限必须为正数");
        }
        DatasetSnapshot snap = r.snapshotId() == null ? datasets.snapshot(purpose, by)
                : annotations.snapshot(r.snapshotId()).filter(s -> s.purpose().equals(purpose))
                .orElseThrow(() -> new UnknownIdException("没有用途 " + purpose + " 的数据集快照 " + r.snapshotId()));
        if (ner) { // too few corrections to train on alone: say so now, not in a failed job
            NerTraining.trainingData(annotations.examples(snap.id()), NerTraining.Settings.of(settings));
        }
        TrainingJob job = new TrainingJob(UUID.randomUUID().toString(), purpose, snap.id(), settings,
                r.autoPromote(), Math.max(1, r.timeLimit().toSeconds()), JobStatus.QUEUED, 0,
                List.of(line("已排队，数据集快照 v" + snap.version() + "（" + snap.examples() + " 条）")), null, null, 1, by,
                clock.instant(), null, null);
        jobs.save(job);
        enqueue(job, r.timeLimit());
        return job;
    }

    public TrainingJob job(String id) {
        return jobs.job(id).orElseThrow(() -> new UnknownIdException("没有训练任务 " + id));
    }

    public List<TrainingJob> jobs() {
        return jobs.all();
    }

    public TrainingJob cancel(String id) {
        TrainingJob j = job(id);
        if (j.status().done()) {
            throw new IllegalStateException("任务 " + id + " 已结束（" + j.status() + "），无法取消");
        }
        if (!runner.cancel(id)) {
            jobs.save(j.with(JobStatus.CANCELLED, j.progress(), append(j.log(), line("已取消")), "已取消", null,
                    j.startedAt(), clock.instant()));
        }
        return job(id);
    }

    /** At start-up: jobs a restart cut off (queued or running) are queued again from the start of their work. */
    public List<TrainingJob> resume() {
        List<TrainingJob> again = new ArrayList<>();
        for (TrainingJob j : jobs.all()) {
            if (!j.status().done()) {
                TrainingJob q = j.requeued();
                q = q.with(JobStatus.QUEUED, 0, append(q.log(), line("服务重启，任务重新排队（第 " + q.attempts() + " 次）")),
                        null, null, null, null);
                jobs.save(q);
                enqueue(q, Duration.ofSeconds(q.timeLimitSeconds()));
                again.add(q);
            }
        }
        return again;
    }

    private void enqueue(TrainingJob job, Duration limit) {
        String versionId = UUID.randomUUID().toString();
        JobRecorder rec = new JobRecorder(job.id(), versionId);
        runner.submit(tenant, job.id(), limit, ctx -> Purposes.isNer(job.purpose())
                ? nerWork(job, versionId, ctx, rec) : work(job, versionId, ctx, rec), rec);
    }

    private Runnable work(TrainingJob job, String versionId, JobContext ctx, JobRecorder rec) throws IOException {
        List<Example> examples = annotations.examples(job.snapshotId());
        long held = examples.stream().filter(Example::heldOut).count();
        ctx.progress(0.05, "读取数据集快照：" + examples.size() + " 条标注，其中 " + held + " 条留作评测");
        IntentTraining.Settings s = IntentTraining.Settings.of(job.hyperParameters());
        ctx.progress(0.1, "开始训练 " + s.kind().id() + "（" + s.options().folds() + " 折校准）");
        IntentModel model = IntentTraining.train(examples, s, ctx::isDone);
        ctx.progress(0.7, String.format(Locale.ROOT, "训练完成，校准温度 T=%.3f", model.temperature()));
        Path dir = artifacts.staging(versionId);
        model.save(dir);
        List<LabeledText> evalSet = IntentTraining.evaluationSet(examples);
        Evaluation candidate = Evaluation.of(IntentTraining.served(model), versionId, evalSet);
        Optional<ModelVersion> live = registry.live(job.purpose());
        IntentClassifier baseline = live.map(this::load).orElseGet(fallback);
        Evaluation base = Evaluation.of(baseline, "live", evalSet);
        Map<String, Double> metrics = new LinkedHashMap<>(candidate.metrics(""));
        metrics.putAll(base.metrics(PromotionRule.BASELINE));
        List<Example> heldOut = examples.stream().filter(Example::heldOut).toList();
        if (!heldOut.isEmpty()) {
            metrics.put(HELD_OUT_ACCURACY, Evaluation.accuracy(IntentTraining.served(model), heldOut));
            metrics.put(PromotionRule.BASELINE + HELD_OUT_ACCURACY, Evaluation.accuracy(baseline, heldOut));
        }
        ctx.progress(0.95, String.format(Locale.ROOT, "评测 %d 条：宏平均 F1 %.4f，准确率 %.4f（线上 %.4f / %.4f）",
                evalSet.size(), candidate.macroF1(), candidate.accuracy(), base.macroF1(), base.accuracy()));
        return publish(job, versionId, live, metrics, rec, () -> rule.check(metrics));
    }

    /**
     * A {@code ner:} job. HanLP's CRF trainer never looks at the job, so it trains into a private folder; the result is
     * moved into staging under the job's lock only if the job is still wanted. A cancelled or timed-out training runs
     * on to its end in the background (its slot stays taken until then) and its files are thrown away.
     */
    private Runnable nerWork(TrainingJob job, String versionId, JobContext ctx, JobRecorder rec) throws IOException {
        List<Example> examples = annotations.examples(job.snapshotId());
        NerTraining.Settings s = NerTraining.Settings.of(job.hyperParameters());
        List<AnnotatedSentence> data = NerTraining.trainingData(examples, s);
        ctx.progress(0.05, "读取数据集快照：训练纠正 " + NerTraining.sentences(examples, false).size() + " 条，留作评测 "
                + NerTraining.sentences(examples, true).size() + " 条；" + NerTraining.skipped(examples)
                + " 个槽位值不在话语中（或槽位名无效），已跳过");
        ctx.progress(0.1, "开始训练 CRF 槽位识别（" + data.size() + " 句，" + (s.shippedBase() ? "内置标注句加纠正" : "只用纠正")
                + "）；CRF 训练中途不能停止，取消或超时后其结果会被丢弃");
        Path scratch = Files.createTempDirectory("zhiyu-ner-");
        CrfSlotRecognizer crf;
        try {
            crf = CrfSlotRecognizer.train(data, scratch);
            synchronized (ctx) { // a cancellation now either came first (nothing staged) or waits until staged
                ctx.checkCancelled();
                Path dir = artifacts.staging(versionId);
                for (String f : List.of("crf-slots.bin", "crf-slots.types", "crf-slots.data.sha256")) {
                    Files.copy(scratch.resolve(f), dir.resolve(f));
                }
            }
        } finally {
            deleteTree(scratch);
        }
        ctx.progress(0.7, "训练完成，槽位类型：" + crf.types());
        EntityRecognizer candidate = NerTraining.served(crf);
        List<AnnotatedSentence> evalSet = NerTraining.evaluationSet(examples);
        Optional<ModelVersion> live = registry.live(job.purpose());
        EntityRecognizer baseline = live.map(this::loadEntities).orElseGet(nerFallback);
        NerEvaluation cand = NerEvaluation.of(candidate, evalSet);
        NerEvaluation base = NerEvaluation.of(baseline, evalSet);
        Map<String, Double> metrics = new LinkedHashMap<>(cand.metrics(""));
        metrics.putAll(base.metrics(PromotionRule.BASELINE));
        List<AnnotatedSentence> heldOut = NerTraining.sentences(examples, true);
        if (!heldOut.isEmpty()) {
            metrics.put(HELD_OUT_F1, NerEvaluation.of(candidate, heldOut).f1());
            metrics.put(PromotionRule.BASELINE + HELD_OUT_F1, NerEvaluation.of(baseline, heldOut).f1());
        }
        ctx.progress(0.95, String.format(Locale.ROOT, "评测 %d 句：槽位宏平均 F1 %.4f（P %.4f R %.4f）；%s %.4f（P %.4f R %.4f）",
                evalSet.size(), cand.macroF1(), cand.precision(), cand.recall(),
                live.isPresent() ? "线上版本" : "内置 CRF 识别器", base.macroF1(), base.precision(), base.recall()));
        return publish(job, versionId, live, metrics, rec, () -> nerRule.check(metrics));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private Runnable publish(TrainingJob job, String versionId, Optional<ModelVersion> live, Map<String, Double> metrics,
                             JobRecorder rec, Supplier<PromotionRule.Verdict> verdictOf) {
        String parent = live.map(ModelVersion::id).orElse(null);
        return () -> {
            ModelVersion v = register(job, versionId, parent, metrics);
            rec.modelId = v.id();
            if (job.autoPromote()) {
                PromotionRule.Verdict verdict = verdictOf.get();
                rec.note("自动上线规则：" + verdict.reason());
                if (verdict.promote()) {
                    promote(v.id(), "auto:" + job.createdBy(), "自动上线：" + verdict.reason());
                }
            }
        };
    }

    private ModelVersion register(TrainingJob job, String versionId, String parent, Map<String, Double> metrics) {
        try {
            ArtifactStore.Stored st = artifacts.seal(versionId);
            ModelVersion v = new ModelVersion(versionId, job.purpose(), parent, job.snapshotId(), job.hyperParameters(),
                    metrics, st.sizeBytes(), st.sha256(), clock.instant(), job.createdBy(), ModelStatus.CANDIDATE);
            registry.add(v);
            return v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Persists a job's progress, log and end; discards its staged files unless it succeeded. */
    private final class JobRecorder implements TrainingRunner.Events {
        private final String jobId;
        private final String versionId;
        volatile String modelId;

        JobRecorder(String jobId, String versionId) {
            this.jobId = jobId;
            this.versionId = versionId;
        }

        @Override
        public void started() {
            TrainingJob j = job(jobId);
            jobs.save(j.with(JobStatus.RUNNING, 0, append(j.log(), line("开始运行")), null, null, clock.instant(), null));
        }

        @Override
        public synchronized void progress(double fraction, String text) {
            TrainingJob j = job(jobId);
            if (j.status().done()) {
                return; // cancelled or timed out meanwhile: its final row stays as written
            }
            jobs.save(j.with(j.status(), fraction, append(j.log(), line(text)), null, null, j.startedAt(), null));
        }

        synchronized void note(String text) {
            TrainingJob j = job(jobId);
            if (j.status().done()) {
                return;
            }
            jobs.save(j.with(j.status(), j.progress(), append(j.log(), ModelLifecycle.this.line(text)), null, null,
                    j.startedAt(), null));
        }

        @Override
        public synchronized void finished(JobStatus status, String error) {
            TrainingJob j = job(jobId);
            String last = status == JobStatus.SUCCEEDED ? "完成，候选版本 " + modelId : error;
            jobs.save(j.with(status, status == JobStatus.SUCCEEDED ? 1 : j.progress(), append(j.log(), ModelLifecycle.this.line(last)),
                    error, status == JobStatus.SUCCEEDED ? modelId : null, j.startedAt(), clock.instant()));
            if (status != JobStatus.SUCCEEDED) {
                artifacts.discard(versionId);
            }
        }
    }

    // ---- registry, promotion, rollback ----------------------------------------------------------------------

    public ModelVersion version(String id) {
        return registry.find(id).orElseThrow(() -> new UnknownIdException("没有模型版本 " + id));
    }

    /** The version and its ancestors, newest first. */
    public List<ModelVersion> lineage(String id) {
        List<ModelVersion> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String cur = id; cur != null && seen.add(cur); ) {
            ModelVersion v = version(cur);
            out.add(v);
            cur = v.parent();
        }
        return out;
    }

    /** Verifies the artifact's checksum, then the (cached) classifier of an {@code intent:} version. */
    public IntentClassifier load(ModelVersion v) {
        if (Purposes.isNer(v.purpose())) {
            throw new IllegalArgumentException("版本 " + v.id() + " 是实体识别模型（" + v.purpose() + "），不是意图模型");
        }
        return (IntentClassifier) served(v);
    }

    /** Verifies the artifact's checksum, then the (cached) recogniser of a {@code ner:} version. */
    public EntityRecognizer loadEntities(ModelVersion v) {
        if (!Purposes.isNer(v.purpose())) {
            throw new IllegalArgumentException("版本 " + v.id() + " 不是实体识别模型（" + v.purpose() + "）");
        }
        return (EntityRecognizer) served(v);
    }

    private Object served(ModelVersion v) {
        Path dir = artifacts.verified(v.id(), v.sha256());
        return loaded.computeIfAbsent(v.id(), id -> {
            try {
                return Purposes.isNer(v.purpose()) ? NerTraining.load(dir) : IntentTraining.load(dir);
            } catch (IOException | RuntimeException e) {
                throw new CorruptArtifactException("模型 " + id + " 无法加载：" + e.getMessage());
            }
        });
    }

    /** The live recogniser of a {@code ner:} purpose, if a version is live. */
    public Optional<EntityRecognizer> liveEntities(String purpose) {
        return registry.live(Purposes.check(purpose)).map(v -> {
            EntityRecognizer r = loadEntities(v);
            serving.put(purpose, v.id());
            return r;
        });
    }

    /** The live classifier of a purpose, if a version is live. */
    public Optional<IntentClassifier> live(String purpose) {
        return registry.live(purpose).map(v -> {
            IntentClassifier c = load(v);
            serving.put(purpose, v.id());
            return c;
        });
    }

    /** What {@link #syncLive()} did: purposes swapped to their new live version, and versions refused (why). */
    public record LiveSync(List<String> swapped, Map<String, String> refused) {
    }

    /**
     * Catches up with promotions and rollbacks another process made (the CLI, another server node): when the
     * registry's newest change differs from the one seen last, every purpose whose live version is not the one this
     * process serves is verified, loaded and handed to the listener. A corrupt artifact is refused and the model
     * served so far keeps serving; it is not retried until the next change.
     */
    public LiveSync syncLive() {
        long newest = registry.lastChange();
        synchronized (promotions) {
            if (newest == seenChange) {
                return new LiveSync(List.of(), Map.of());
            }
            seenChange = newest;
            List<String> swapped = new ArrayList<>();
            Map<String, String> refused = new LinkedHashMap<>();
            for (ModelVersion v : registry.list(null)) {
                boolean ours = v.purpose().startsWith(Purposes.INTENT) || Purposes.isNer(v.purpose()); // news-generator: ReportService
                if (v.status() == ModelStatus.LIVE && ours && !v.id().equals(serving.get(v.purpose()))) {
                    try {
                        swap(v.purpose(), v.id(), served(v));
                        swapped.add(v.purpose());
                    } catch (RuntimeException e) { // a corrupt or missing artifact, or the listener refusing it
                        refused.put(v.id(), e.getMessage());
                    }
                }
            }
            return new LiveSync(swapped, refused);
        }
    }

    private void swap(String purpose, String id, Object model) {
        if (model instanceof EntityRecognizer r) {
            entityListener.liveChanged(purpose, r);
        } else {
            listener.liveChanged(purpose, (IntentClassifier) model);
        }
        serving.put(purpose, id);
    }

    /** Makes a version live: its files are verified and loaded first, so a bad artifact leaves the live one serving. */
    public ModelVersion promote(String id, String by) {
        return promote(id, by, "手动上线");
    }

    private ModelVersion promote(String id, String by, String reason) {
        synchronized (promotions) {
            ModelVersion v = version(id);
            if (v.status() == ModelStatus.LIVE) {
                return v;
            }
            Object c = served(v);
            String current = registry.live(v.purpose()).map(ModelVersion::id).orElse(null);
            registry.makeLive(v.purpose(), current, id, by, reason);
            swap(v.purpose(), id, c);
            return version(id);
        }
    }

    /** Puts back the version that was live before the current one. */
    public ModelVersion rollback(String purpose, String by) {
        synchronized (promotions) {
            ModelVersion live = registry.live(Purposes.check(purpose))
                    .orElseThrow(() -> new IllegalStateException("用途 " + purpose + " 没有上线的版本，无法回滚"));
            String previous = registry.history(purpose).stream().filter(h -> live.id().equals(h.toId()))
                    .findFirst().map(LiveChange::fromId).orElse(null);
            if (previous == null) {
                throw new IllegalStateException("版本 " + live.id() + " 之前没有上线过的版本，无法回滚");
            }
            Object c = served(version(previous));
            registry.makeLive(purpose, live.id(), previous, by, "回滚自 " + live.id());
            swap(purpose, previous, c);
            return version(previous);
        }
    }

    // ---- comparison -----------------------------------------------------------------------------------------

    /** Both versions on the fixed evaluation set plus the held-out corrections of both their snapshots. */
    public Comparison compare(String idA, String idB) {
        ModelVersion a = version(idA);
        ModelVersion b = version(idB);
        samePurpose(a, b);
        try {
            return Comparisons.compare(a.id(), load(a), b.id(), load(b), IntentTraining.evaluationSet(heldOutOfBoth(a, b)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Two {@code ner:} versions on the shipped held-out sentences plus the held-out corrections of both snapshots:
     * per slot type F1 and the sentences one gets exactly right and the other does not.
     */
    public NerComparison compareEntities(String idA, String idB) {
        ModelVersion a = version(idA);
        ModelVersion b = version(idB);
        samePurpose(a, b);
        return NerComparison.of(a.id(), loadEntities(a), b.id(), loadEntities(b),
                NerTraining.evaluationSet(heldOutOfBoth(a, b)));
    }

    /** The held-out corrections of both versions' snapshots, each text once. */
    private List<Example> heldOutOfBoth(ModelVersion a, ModelVersion b) {
        Map<String, Example> held = new LinkedHashMap<>();
        for (String snap : new LinkedHashSet<>(List.of(a.datasetSnapshotId(), b.datasetSnapshotId()))) {
            annotations.examples(snap).stream().filter(Example::heldOut).forEach(e -> held.putIfAbsent(e.text(), e));
        }
        return new ArrayList<>(held.values());
    }

    private static void samePurpose(ModelVersion a, ModelVersion b) {
        if (!a.purpose().equals(b.purpose())) {
            throw new IllegalArgumentException("两个版本的用途不同（" + a.purpose() + " / " + b.purpose() + "），无法比较");
        }
    }

    private String line(String text) {
        return clock.instant() + " " + text;
    }

    private static List<String> append(List<String> log, String line) {
        List<String> out = new ArrayList<>(log);
        out.add(line);
        return out.size() > MAX_LOG_LINES ? out.subList(out.size() - MAX_LOG_LINES, out.size()) : out;
    }
}
