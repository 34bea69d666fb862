package dev.zhiyu.server.telephony;

import static dev.zhiyu.server.telephony.StoreSql.instant;
import static dev.zhiyu.server.telephony.StoreSql.odt;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.jdbi.v3.core.Jdbi;

/** Call recordings in one tenant's database: where each call's file is, its retention, what the sweeper deleted. */
public final class JdbcRecordings {
    private static final String RETENTION = "recording.retention.days";

    /** A call's recording as its record has it: the path FreeSWITCH wrote, and when retention deleted it (or null). */
    public record CallRecording(String callId, String taskId, String path, Instant deletedAt) {
    }

    public record Recording(String callId, String path, Instant hungUpAt) {
    }

    private final Jdbi jdbi;

    public JdbcRecordings(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Days recordings are kept after the call ended; empty keeps them for ever. */
    public OptionalInt retentionDays() {
        return jdbi.withHandle(h -> h.createQuery("SELECT setting_value FROM telephony_settings WHERE setting_name = :n")
                        .bind("n", RETENTION).mapTo(String.class).findOne())
                .map(v -> OptionalInt.of(Integer.parseInt(v))).orElse(OptionalInt.empty());
    }

    /** Sets (or with null clears) the retention in days. */
    public void retentionDays(Integer days) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM telephony_settings WHERE setting_name = :n").bind("n", RETENTION).execute();
            if (days != null) {
                h.createUpdate("INSERT INTO telephony_settings (setting_name, setting_value) VALUES (:n, :v)")
                        .bind("n", RETENTION).bind("v", days.toString()).execute();
            }
        });
    }

    public Optional<CallRecording> callRecording(String callId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT call_id, task_id, recording_path, recording_deleted_at FROM telephony_calls WHERE call_id = :c")
                .bind("c", callId)
                .map((rs, c) -> new CallRecording(rs.getString("call_id"), rs.getString("task_id"),
                        rs.getString("recording_path"), instant(rs, "recording_deleted_at")))
                .findOne());
    }

    /** Recordings not yet deleted of calls that ended before {@code cutoff}, oldest first, at most {@code limit}. */
    public List<Recording> endedBefore(Instant cutoff, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT call_id, recording_path, hungup_at FROM telephony_calls
                        WHERE recording_path IS NOT NULL AND recording_deleted_at IS NULL AND hungup_at < :cutoff
                        ORDER BY hungup_at, call_id LIMIT :n""")
                .bindByType("cutoff", odt(cutoff), OffsetDateTime.class).bind("n", limit)
                .map((rs, c) -> new Recording(rs.getString("call_id"), rs.getString("recording_path"), instant(rs, "hungup_at")))
                .list());
    }

    /** Marks the call's recording deleted (by the retention sweeper). */
    public void markDeleted(String callId, Instant at) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE telephony_calls SET recording_deleted_at = :at WHERE call_id = :c")
                .bindByType("at", odt(at), OffsetDateTime.class).bind("c", callId).execute());
    }

    /** When the sweeper deleted the call's recording, if it did. */
    public Optional<Instant> deletedAt(String callId) {
        return callRecording(callId).map(CallRecording::deletedAt);
    }
}
