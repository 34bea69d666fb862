package dev.zhiyu.server.models;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.zhiyu.models.JobStatus;
import dev.zhiyu.models.JobStore;
import dev.zhiyu.models.TrainingJob;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Training jobs in the tenant database, so a restart finds the ones it cut off. */
final class JdbiJobStore implements JobStore {
    private final Jdbi jdbi;

    JdbiJobStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void save(TrainingJob j) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM model_jobs WHERE job_id = :id").bind("id", j.id()).execute();
            h.createUpdate("""
                            INSERT INTO model_jobs (job_id, purpose, snapshot_id, hyper_json, auto_promote, time_limit_seconds,
                                status, progress, log_text, error, model_id, attempts, created_by, created_at, started_at,
                                ended_at)
                            VALUES (:id, :p, :snap, :hyper, :auto, :limit, :status, :progress, :log, :error, :model,
                                :attempts, :by, :created, :started, :ended)""")
                    .bind("id", j.id()).bind("p", j.purpose()).bind("snap", j.snapshotId())
                    .bind("hyper", StoreJson.write(j.hyperParameters())).bind("auto", j.autoPromote())
                    .bind("limit", j.timeLimitSeconds()).bind("status", j.status().name()).bind("progress", j.progress())
                    .bind("log", StoreJson.write(j.log())).bind("error", j.error()).bind("model", j.modelId())
                    .bind("attempts", j.attempts()).bind("by", j.createdBy()).bind("created", StoreJson.time(j.createdAt()))
                    .bind("started", StoreJson.time(j.startedAt())).bind("ended", StoreJson.time(j.endedAt())).execute();
        });
    }

    @Override
    public Optional<TrainingJob> job(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM model_jobs WHERE job_id = :id").bind("id", id)
                .map((rs, c) -> job(rs)).findOne());
    }

    @Override
    public List<TrainingJob> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM model_jobs ORDER BY created_at DESC")
                .map((rs, c) -> job(rs)).list());
    }

    private static TrainingJob job(ResultSet rs) throws SQLException {
        return new TrainingJob(rs.getString("job_id"), rs.getString("purpose"), rs.getString("snapshot_id"),
                StoreJson.read(rs.getString("hyper_json"), new TypeReference<Map<String, String>>() { }),
                rs.getBoolean("auto_promote"), rs.getLong("time_limit_seconds"), JobStatus.valueOf(rs.getString("status")),
                rs.getDouble("progress"), StoreJson.read(rs.getString("log_text"), new TypeReference<List<String>>() { }),
                rs.getString("error"), rs.getString("model_id"), rs.getInt("attempts"), rs.getString("created_by"),
                StoreJson.instant(rs, "created_at"), StoreJson.instant(rs, "started_at"), StoreJson.instant(rs, "ended_at"));
    }
}
