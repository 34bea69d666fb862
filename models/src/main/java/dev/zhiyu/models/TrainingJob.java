package dev.zhiyu.models;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A training job as stored: what to train, where it is, its log lines and, on success, the version it made. */
public record TrainingJob(String id, String purpose, String snapshotId, Map<String, String> hyperParameters,
                          boolean autoPromote, long timeLimitSeconds, JobStatus status, double progress,
                          List<String> log, String error, String modelId, int attempts, String createdBy,
                          Instant createdAt, Instant startedAt, Instant endedAt) {
    public TrainingJob {
        hyperParameters = Map.copyOf(hyperParameters);
        log = List.copyOf(log);
    }

    TrainingJob with(JobStatus s, double p, List<String> lines, String err, String model, Instant started, Instant ended) {
        return new TrainingJob(id, purpose, snapshotId, hyperParameters, autoPromote, timeLimitSeconds, s, p, lines, err,
                model, attempts, createdBy, createdAt, started, ended);
    }

    TrainingJob requeued() {
        return new TrainingJob(id, purpose, snapshotId, hyperParameters, autoPromote, timeLimitSeconds, JobStatus.QUEUED,
                0, log, null, null, attempts + 1, createdBy, createdAt, null, null);
    }
}
