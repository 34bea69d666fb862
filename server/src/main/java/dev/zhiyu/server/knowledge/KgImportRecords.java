package dev.zhiyu.server.knowledge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zhiyu.knowledge.BadRow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The {@code kg_import_jobs} rows of one tenant database. */
final class KgImportRecords {
    static final String RESTARTED = "服务重启，请重新导入";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Jdbi jdbi;

    KgImportRecords(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    long insert(String format, String fileName, long sizeBytes, String createdBy, String bootId) {
        return jdbi.withHandle(h -> h.createUpdate("INSERT INTO kg_import_jobs (doc_format, file_name, size_bytes, "
                        + "phase, progress, rejected_count, created_by, boot_id, queued_at) "
                        + "VALUES (:f, :n, :s, :p, 0, 0, :by, :boot, :t)")
                .bind("f", format).bind("n", fileName).bind("s", sizeBytes).bind("p", KgImport.QUEUED)
                .bind("by", createdBy).bind("boot", bootId).bind("t", now())
                .executeAndReturnGeneratedKeys("job_id").mapTo(Long.class).one());
    }

    void started(long id) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE kg_import_jobs SET phase = :p, progress = 0.05, started_at = :t "
                + "WHERE job_id = :id").bind("p", KgImport.PARSING).bind("t", now()).bind("id", id).execute());
    }

    void progress(long id, String phase, double progress, Integer rowsTotal, Integer rowsParsed, Integer factsTotal,
                  Map<String, Long> phaseMillis) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE kg_import_jobs SET phase = :p, progress = :g, rows_total = :rt, "
                        + "rows_parsed = :rp, facts_total = :ft, phase_millis = :ms WHERE job_id = :id")
                .bind("p", phase).bind("g", progress).bind("rt", rowsTotal).bind("rp", rowsParsed)
                .bind("ft", factsTotal).bind("ms", json(phaseMillis)).bind("id", id).execute());
    }

    /** The write's step as the knowledge module reports it, with the overall progress it stands for. */
    void step(long id, dev.zhiyu.knowledge.ImportProgress step, double progress) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE kg_import_jobs SET write_stage = :s, write_done = :d, "
                        + "write_total = :n, progress = :g WHERE job_id = :id")
                .bind("s", step.stage().name()).bind("d", step.done()).bind("n", step.total()).bind("g", progress)
                .bind("id", id).execute());
    }

    void done(long id, int factsWritten, List<BadRow> rejected, int rejectedCount, Map<String, Long> phaseMillis) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE kg_import_jobs SET phase = :p, progress = 1, facts_written = :fw, "
                        + "rejected_sample = :rs, rejected_count = :rc, phase_millis = :ms, finished_at = :t "
                        + "WHERE job_id = :id")
                .bind("p", KgImport.DONE).bind("fw", factsWritten).bind("rs", json(rejected))
                .bind("rc", rejectedCount).bind("ms", json(phaseMillis)).bind("t", now()).bind("id", id).execute());
    }

    /** A failed import wrote nothing, so it has no rejected rows either. */
    void failed(long id, String reason, Map<String, Long> phaseMillis) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE kg_import_jobs SET phase = :p, failure_reason = :e, "
                        + "phase_millis = :ms, finished_at = :t WHERE job_id = :id")
                .bind("p", KgImport.FAILED).bind("e", clip(reason, 2000)).bind("ms", json(phaseMillis))
                .bind("t", now()).bind("id", id).execute());
    }

    /** Jobs another process left unfinished can never finish: that process is gone. */
    int failInterrupted(String bootId) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE kg_import_jobs SET phase = :f, failure_reason = :e, "
                        + "finished_at = :t WHERE phase NOT IN (:d, :f) AND boot_id <> :boot")
                .bind("f", KgImport.FAILED).bind("d", KgImport.DONE).bind("e", RESTARTED).bind("t", now())
                .bind("boot", bootId).execute());
    }

    Optional<KgImport> find(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM kg_import_jobs WHERE job_id = :id").bind("id", id)
                .map((rs, ctx) -> row(rs)).findOne());
    }

    List<KgImport> recent(int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM kg_import_jobs ORDER BY job_id DESC LIMIT :n")
                .bind("n", limit).map((rs, ctx) -> row(rs)).list());
    }

    private static KgImport row(ResultSet rs) throws SQLException {
        return new KgImport(rs.getLong("job_id"), rs.getString("doc_format"), rs.getString("file_name"),
                rs.getLong("size_bytes"), rs.getString("phase"), rs.getDouble("progress"), integer(rs, "rows_total"),
                integer(rs, "rows_parsed"), integer(rs, "facts_total"), integer(rs, "facts_written"),
                rs.getInt("rejected_count"), read(rs.getString("rejected_sample"), new TypeReference<List<BadRow>>() { },
                List.of()), read(rs.getString("phase_millis"), new TypeReference<LinkedHashMap<String, Long>>() { },
                Map.of()), rs.getString("failure_reason"), rs.getString("created_by"), instant(rs, "queued_at"),
                instant(rs, "started_at"), instant(rs, "finished_at"), step(rs), longer(rs, "write_done"),
                longer(rs, "write_total"));
    }

    private static String step(ResultSet rs) throws SQLException {
        String stage = rs.getString("write_stage");
        if (stage == null) {
            return null;
        }
        try {
            var s = dev.zhiyu.knowledge.ImportProgress.Stage.valueOf(stage);
            return new dev.zhiyu.knowledge.ImportProgress(s, rs.getLong("write_done"), rs.getLong("write_total")).describe();
        } catch (IllegalArgumentException e) {
            return stage; // a stage a later version wrote
        }
    }

    private static Long longer(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static <T> T read(String text, TypeReference<? extends T> type, T empty) {
        if (text == null) {
            return empty;
        }
        try {
            return JSON.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("导入记录已损坏：" + e.getMessage(), e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
