package dev.zhiyu.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One tenant's training jobs of the kinds the lifecycle trains itself ({@link JobKind}): queued on a dataset
 * snapshot, run by the shared runner, their candidates registered and, if asked and the kind's rule agrees, promoted.
 */
final class Trainings {
    static final int MAX_LOG_LINES = 200;

    private final String tenant;
    private final AnnotationStore annotations;
    private final JobStore jobs;
    private final ArtifactStore artifacts;
    private final TrainingRunner runner;
    private final Clock clock;
    private final Datasets datasets;
    private final LiveModels models;

    Trainings(String tenant, AnnotationStore annotations, JobStore jobs, ArtifactStore artifacts, TrainingRunner runner,
              Clock clock, LiveModels models) {
        this.tenant = tenant;
        this.annotations = annotations;
        this.jobs = jobs;
        this.artifacts = artifacts;
        this.runner = runner;
        this.clock = clock;
        this.datasets = new Datasets(annotations, clock);
        this.models = models;
    }

    Datasets datasets() {
        return datasets;
    }

    TrainingJob train(ModelLifecycle.TrainRequest r, String by) {
        String purpose = Purposes.check(r.purpose());
        JobKind<?, ?> kind = jobKind(models.slot(purpose));
        Map<String, String> settings = kind.settings(r.hyperParameters());
        if (r.timeLimit().isNegative() || r.timeLimit().isZero()) {
            throw ModelRequestException.invalid("时限必须为正数");
        }
        DatasetSnapshot snap = r.snapshotId() == null ? datasets.snapshot(purpose, by)
                : annotations.snapshot(r.snapshotId()).filter(s -> s.purpose().equals(purpose))
                .orElseThrow(() -> new UnknownIdException("没有用途 " + purpose + " 的数据集快照 " + r.snapshotId()));
        kind.checkData(annotations.examples(snap.id()), settings);
        TrainingJob job = new TrainingJob(UUID.randomUUID().toString(), purpose, snap.id(), settings,
                r.autoPromote(), Math.max(1, r.timeLimit().toSeconds()), JobStatus.QUEUED, 0,
                List.of(line("已排队，数据集快照 v" + snap.version() + "（" + snap.examples() + " 条）")), null, null, 1, by,
                clock.instant(), null, null);
        jobs.save(job);
        enqueue(job, r.timeLimit());
        return job;
    }

    private static <M> JobKind<M, ?> jobKind(KindSlot<M> slot) {
        if (slot.kind() instanceof JobKind<M, ?> k) {
            return k;
        }
        throw ModelRequestException.invalid(slot.kind().noun() + "不由训练任务训练");
    }

    TrainingJob job(String id) {
        return jobs.job(id).orElseThrow(() -> new UnknownIdException("没有训练任务 " + id));
    }

    List<TrainingJob> jobs() {
        return jobs.all();
    }

    TrainingJob cancel(String id) {
        TrainingJob j = job(id);
        if (j.status().done()) {
            throw ModelRequestException.conflict("任务 " + id + " 已结束（" + j.status() + "），无法取消");
        }
        if (!runner.cancel(id)) {
            jobs.save(j.with(JobStatus.CANCELLED, j.progress(), append(j.log(), line("已取消")), "已取消", null,
                    j.startedAt(), clock.instant()));
        }
        return job(id);
    }

    /** At start-up: jobs a restart cut off (queued or running) are queued again from the start of their work. */
    List<TrainingJob> resume() {
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
        runner.submit(tenant, job.id(), limit, ctx -> work(models.slot(job.purpose()), job, versionId, ctx, rec), rec);
    }

    private <M> Runnable work(KindSlot<M> slot, TrainingJob job, String versionId, JobContext ctx, JobRecorder rec)
            throws IOException {
        JobKind<M, ?> kind = jobKind(slot);
        List<Example> examples = annotations.examples(job.snapshotId());
        M candidate = kind.train(examples, job.hyperParameters(), ctx, () -> artifacts.staging(versionId));
        Optional<ModelVersion> live = models.liveVersion(job.purpose());
        M baseline = live.map(slot::load).orElseGet(kind::fallback);
        Map<String, Double> metrics = kind.evaluate(candidate, baseline, live.isPresent(), examples, ctx);
        return publish(job, versionId, live, metrics, rec, () -> kind.autoRule().check(metrics));
    }

    private Runnable publish(TrainingJob job, String versionId, Optional<ModelVersion> live, Map<String, Double> metrics,
                             JobRecorder rec, Supplier<PromotionRule.Verdict> verdictOf) {
        String parent = live.map(ModelVersion::id).orElse(null);
        return () -> {
            ModelVersion v;
            try {
                v = models.seal(versionId, job.purpose(), parent, job.snapshotId(), job.hyperParameters(), metrics,
                        job.createdBy());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            rec.modelId = v.id();
            if (job.autoPromote()) {
                PromotionRule.Verdict verdict = verdictOf.get();
                rec.note("自动上线规则：" + verdict.reason());
                if (verdict.promote()) {
                    models.promoteAutomatically(v.id(), "auto:" + job.createdBy(), "自动上线：" + verdict.reason());
                }
            }
        };
    }

    /** Both versions on the kind's fixed evaluation set plus the held-out corrections of both their snapshots. */
    <M, C> C compare(JobKind<M, C> kind, String idA, String idB) {
        ModelVersion a = models.version(idA);
        ModelVersion b = models.version(idB);
        if (!a.purpose().equals(b.purpose())) {
            throw ModelRequestException.invalid("两个版本的用途不同（" + a.purpose() + " / " + b.purpose() + "），无法比较");
        }
        KindSlot<M> slot = models.slot(kind);
        try {
            return kind.compare(a.id(), slot.load(a), b.id(), slot.load(b), heldOutOfBoth(a, b));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Two versions of any kind the lifecycle trains, compared as their kind compares them. */
    Object compare(String idA, String idB) {
        return compare(jobKind(models.slot(models.version(idA).purpose())), idA, idB);
    }

    /** The held-out corrections of both versions' snapshots, each text once. */
    private List<Example> heldOutOfBoth(ModelVersion a, ModelVersion b) {
        Map<String, Example> held = new LinkedHashMap<>();
        for (String snap : new LinkedHashSet<>(List.of(a.datasetSnapshotId(), b.datasetSnapshotId()))) {
            annotations.examples(snap).stream().filter(Example::heldOut).forEach(e -> held.putIfAbsent(e.text(), e));
        }
        return new ArrayList<>(held.values());
    }

    private String line(String text) {
        return clock.instant() + " " + text;
    }

    private static List<String> append(List<String> log, String line) {
        List<String> out = new ArrayList<>(log);
        out.add(line);
        return out.size() > MAX_LOG_LINES ? out.subList(out.size() - MAX_LOG_LINES, out.size()) : out;
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
            progress(job(jobId).progress(), text);
        }

        @Override
        public synchronized void finished(JobStatus status, String error) {
            TrainingJob j = job(jobId);
            String last = status == JobStatus.SUCCEEDED ? "完成，候选版本 " + modelId : error;
            jobs.save(j.with(status, status == JobStatus.SUCCEEDED ? 1 : j.progress(), append(j.log(), line(last)),
                    error, status == JobStatus.SUCCEEDED ? modelId : null, j.startedAt(), clock.instant()));
            if (status != JobStatus.SUCCEEDED) {
                artifacts.discard(versionId);
            }
        }
    }
}
