package dev.zhiyu.server.telephony;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.zhiyu.telephony.lists.ImportReport;
import dev.zhiyu.telephony.lists.RowError;
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
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The {@code telephony_list_imports} rows of one tenant database. */
final class ListImportRecords {
    static final String RESTARTED = "服务重启，请重新上传";
    private final Jdbi jdbi;

    ListImportRecords(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    long insert(String listId, String listName, boolean append, String fileName, long sizeBytes, String spoolPath,
                String createdBy, String bootId) {
        return jdbi.withHandle(h -> h.createUpdate("INSERT INTO telephony_list_imports (list_id, list_name, appending, "
                        + "file_name, size_bytes, phase, progress, rows_read, imported, duplicates, rejected, spool_path, "
                        + "created_by, boot_id, queued_at) "
                        + "VALUES (:l, :ln, :a, :f, :s, :p, 0, 0, 0, 0, 0, :spool, :by, :boot, :t)")
                .bind("l", listId).bind("ln", clip(listName, 200)).bind("a", append).bind("f", clip(fileName, 300))
                .bind("s", sizeBytes).bind("p", ListImport.QUEUED).bind("spool", clip(spoolPath, 1000))
                .bind("by", clip(createdBy, 200)).bind("boot", bootId).bind("t", now())
                .executeAndReturnGeneratedKeys("job_id").mapTo(Long.class).one());
    }

    void started(long id) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE telephony_list_imports SET phase = :p, progress = 0.01, started_at = :t "
                + "WHERE job_id = :id").bind("p", ListImport.IMPORTING).bind("t", now()).bind("id", id).execute());
    }

    void progress(long id, String phase, double progress, ImportReport soFar, List<RowError> errors,
                  Map<String, Long> phaseMillis) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE telephony_list_imports SET phase = :p, progress = :g, rows_read = :r, "
                        + "imported = :i, duplicates = :d, rejected = :x, error_sample = :e, phase_millis = :ms "
                        + "WHERE job_id = :id")
                .bind("p", phase).bind("g", progress).bind("r", soFar.rows()).bind("i", soFar.imported())
                .bind("d", soFar.duplicates()).bind("x", soFar.rejected()).bind("e", json(errors))
                .bind("ms", json(phaseMillis)).bind("id", id).execute());
    }

    /** Marks the job done on {@code h}: the import's own transaction, so the record commits with the leads. */
    void done(Handle h, long id, ImportReport report, List<RowError> errors, Map<String, Long> phaseMillis) {
        h.createUpdate("UPDATE telephony_list_imports SET phase = :p, progress = 1, rows_read = :r, "
                        + "imported = :i, duplicates = :d, rejected = :x, error_sample = :e, phase_millis = :ms, "
                        + "spool_path = NULL, finished_at = :t WHERE job_id = :id")
                .bind("p", ListImport.DONE).bind("r", report.rows()).bind("i", report.imported())
                .bind("d", report.duplicates()).bind("x", report.rejected()).bind("e", json(errors))
                .bind("ms", json(phaseMillis)).bind("t", now()).bind("id", id).execute();
    }

    /** The final phase timings, once the commit they include is over. */
    void timings(long id, Map<String, Long> phaseMillis) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE telephony_list_imports SET phase_millis = :ms WHERE job_id = :id")
                .bind("ms", json(phaseMillis)).bind("id", id).execute());
    }

    /** A failed import stored no leads, so its counts of what would have been imported are cleared. */
    void failed(long id, long rowsRead, String reason, Map<String, Long> phaseMillis) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE telephony_list_imports SET phase = :p, rows_read = :r, imported = 0, "
                        + "duplicates = 0, rejected = 0, error_sample = NULL, failure_reason = :e, phase_millis = :ms, "
                        + "spool_path = NULL, finished_at = :t WHERE job_id = :id")
                .bind("p", ListImport.FAILED).bind("r", rowsRead).bind("e", clip(reason, 2000))
                .bind("ms", json(phaseMillis)).bind("t", now()).bind("id", id).execute());
    }

    /** Spooled uploads of jobs another process left unfinished. */
    List<String> interruptedSpools(String bootId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT spool_path FROM telephony_list_imports "
                        + "WHERE phase NOT IN (:d, :f) AND boot_id <> :boot AND spool_path IS NOT NULL")
                .bind("d", ListImport.DONE).bind("f", ListImport.FAILED).bind("boot", bootId).mapTo(String.class).list());
    }

    /**
     * Jobs another process left unfinished can never finish: that process is gone, and with it the transaction their
     * leads were written in (the database rolled it back), so they are failed with nothing imported.
     */
    int failInterrupted(String bootId) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE telephony_list_imports SET phase = :f, failure_reason = :e, "
                        + "imported = 0, duplicates = 0, rejected = 0, error_sample = NULL, spool_path = NULL, "
                        + "finished_at = :t WHERE phase NOT IN (:d, :f) AND boot_id <> :boot")
                .bind("f", ListImport.FAILED).bind("d", ListImport.DONE).bind("e", RESTARTED).bind("t", now())
                .bind("boot", bootId).execute());
    }

    Optional<ListImport> find(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM telephony_list_imports WHERE job_id = :id").bind("id", id)
                .map((rs, ctx) -> row(rs)).findOne());
    }

    List<ListImport> recent(int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM telephony_list_imports ORDER BY job_id DESC LIMIT :n")
                .bind("n", limit).map((rs, ctx) -> row(rs)).list());
    }

    private static ListImport row(ResultSet rs) throws SQLException {
        return new ListImport(rs.getLong("job_id"), rs.getString("list_id"), rs.getString("list_name"),
                rs.getBoolean("appending"), rs.getString("file_name"), rs.getLong("size_bytes"), rs.getString("phase"),
                rs.getDouble("progress"), rs.getLong("rows_read"), rs.getLong("imported"), rs.getLong("duplicates"),
                rs.getLong("rejected"), read(rs.getString("error_sample"), new TypeReference<List<RowError>>() { },
                List.of()), read(rs.getString("phase_millis"), new TypeReference<LinkedHashMap<String, Long>>() { },
                Map.of()), rs.getString("failure_reason"), rs.getString("created_by"), instant(rs, "queued_at"),
                instant(rs, "started_at"), instant(rs, "finished_at"));
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
            return StoreSql.JSON.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("名单导入记录已损坏：" + e.getMessage(), e);
        }
    }

    private static String json(Object value) {
        return StoreSql.json(value);
    }

    static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
