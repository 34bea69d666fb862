package dev.zhiyu.server.telephony;

import static dev.zhiyu.server.telephony.StoreSql.JSON;
import static dev.zhiyu.server.telephony.StoreSql.cut;
import static dev.zhiyu.server.telephony.StoreSql.instant;
import static dev.zhiyu.server.telephony.StoreSql.json;
import static dev.zhiyu.server.telephony.StoreSql.odt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.zhiyu.telephony.AttemptStore;
import dev.zhiyu.telephony.CallRecord;
import dev.zhiyu.telephony.DialerStore.OpenAttempt;
import dev.zhiyu.telephony.DialerStore.PendingKill;
import dev.zhiyu.telephony.DialerStore.Progress;
import dev.zhiyu.telephony.Disposition;
import dev.zhiyu.telephony.Lead;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.Update;

/**
 * {@link AttemptStore} in one tenant's database: per-lead progress, attempts and call records. An attempt claim is
 * an insert guarded by the unique key (task, lead, attempt): a second claim — after a crash, or from another node —
 * fails.
 */
final class JdbcAttemptStore implements AttemptStore {
    private final Jdbi jdbi;
    private final String tenant;
    private final ZoneId zone;

    /** @param zone the tenant's time zone, for the per-number daily cap */
    JdbcAttemptStore(Jdbi jdbi, String tenant, ZoneId zone) {
        this.jdbi = jdbi;
        this.tenant = tenant;
        this.zone = zone;
    }

    // ---- progress ----

    /** Leads of the list due at {@code now} for the task, in list order, in one query. */
    List<Lead> due(String taskId, String listId, Instant now, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT l.lead_id, l.list_id, l.row_no, l.phone, l.dial, l.variables_json
                        FROM telephony_leads l
                        LEFT JOIN telephony_progress p ON p.task_id = :t AND p.lead_id = l.lead_id
                        WHERE l.list_id = :l AND (p.done IS NULL OR p.done = FALSE) AND (p.next_at IS NULL OR p.next_at <= :now)
                        ORDER BY l.row_no, l.lead_id
                        LIMIT :n""")
                .bind("t", taskId).bind("l", listId).bindByType("now", odt(now), OffsetDateTime.class).bind("n", limit)
                .map(JdbcCallLists::leadRow).list());
    }

    /** How many leads of the list are not done yet for the task, in one query. */
    int undone(String taskId, String listId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT COUNT(*) FROM telephony_leads l
                        LEFT JOIN telephony_progress p ON p.task_id = :t AND p.lead_id = l.lead_id
                        WHERE l.list_id = :l AND (p.done IS NULL OR p.done = FALSE)""")
                .bind("t", taskId).bind("l", listId).mapTo(Long.class).one()).intValue();
    }

    @Override
    public Progress progress(String taskId, String leadId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT attempts, next_at, done, last_disposition, gateway_index FROM telephony_progress
                        WHERE task_id = :t AND lead_id = :l""")
                .bind("t", taskId).bind("l", leadId)
                .map((rs, c) -> new Progress(leadId, rs.getInt("attempts"), instant(rs, "next_at"), rs.getBoolean("done"),
                        rs.getString("last_disposition") == null ? null : Disposition.valueOf(rs.getString("last_disposition")),
                        rs.getInt("gateway_index")))
                .findOne().orElse(new Progress(leadId, 0, null, false, null, 0)));
    }

    @Override
    public void saveProgress(String taskId, Progress p) {
        jdbi.useTransaction(h -> {
            int n = bindProgress(h.createUpdate("""
                    UPDATE telephony_progress SET attempts = :a, next_at = :next, done = :done, last_disposition = :last,
                        gateway_index = :gw WHERE task_id = :t AND lead_id = :l"""), taskId, p).execute();
            if (n == 0) {
                bindProgress(h.createUpdate("""
                        INSERT INTO telephony_progress (task_id, lead_id, attempts, next_at, done, last_disposition, gateway_index)
                        VALUES (:t, :l, :a, :next, :done, :last, :gw)"""), taskId, p).execute();
            }
        });
    }

    private static Update bindProgress(Update u, String taskId, Progress p) {
        return u.bind("t", taskId).bind("l", p.leadId()).bind("a", p.attempts()).bindByType("next", odt(p.nextAt()), OffsetDateTime.class)
                .bind("done", p.done()).bind("last", p.last() == null ? null : p.last().name()).bind("gw", p.gatewayIndex());
    }

    // ---- attempts ----

    @Override
    public boolean claimAttempt(OpenAttempt a) {
        return StoreSql.insertUnique(() -> {
            jdbi.useHandle(h -> h.createUpdate("""
                            INSERT INTO telephony_attempts (call_id, task_id, lead_id, attempt, phone, claimed_at, finished,
                                                            fs_node, unconfirmed_since)
                            VALUES (:c, :t, :l, :a, :p, :at, FALSE, :n, :u)""")
                    .bind("c", a.callId()).bind("t", a.taskId()).bind("l", a.leadId()).bind("a", a.attempt())
                    .bind("p", a.phone()).bindByType("at", odt(a.claimedAt()), OffsetDateTime.class)
                    .bind("n", a.node()).bindByType("u", odt(a.unconfirmedSince()), OffsetDateTime.class).execute());
            return true;
        });
    }

    @Override
    public List<OpenAttempt> openAttempts(String taskId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT task_id, lead_id, attempt, call_id, phone, claimed_at, fs_node, unconfirmed_since
                        FROM telephony_attempts WHERE task_id = :t AND finished = FALSE ORDER BY claimed_at, call_id""")
                .bind("t", taskId)
                .map((rs, c) -> new OpenAttempt(rs.getString("task_id"), rs.getString("lead_id"), rs.getInt("attempt"),
                        rs.getString("call_id"), rs.getString("phone"), instant(rs, "claimed_at"), rs.getString("fs_node"),
                        instant(rs, "unconfirmed_since")))
                .list());
    }

    @Override
    public void markUnconfirmed(String callId, Instant since) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE telephony_attempts SET unconfirmed_since = :u
                        WHERE call_id = :c AND finished = FALSE AND unconfirmed_since IS NULL""")
                .bind("c", callId).bindByType("u", odt(since), OffsetDateTime.class).execute());
    }

    @Override
    public void appendLine(String callId, String line) {
        // one writer per call (its own thread): the next number is the count so far
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO telephony_attempt_lines (call_id, seq, line)
                        SELECT a.call_id, (SELECT COUNT(*) FROM telephony_attempt_lines WHERE call_id = :c), :line
                        FROM telephony_attempts a WHERE a.call_id = :c AND a.finished = FALSE""")
                .bind("c", callId).bind("line", cut(line, 4000)).execute());
    }

    @Override
    public List<String> lines(String callId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT line FROM telephony_attempt_lines WHERE call_id = :c ORDER BY seq")
                .bind("c", callId).mapTo(String.class).list());
    }

    @Override
    public void finishAttempt(CallRecord r) {
        jdbi.useTransaction(h -> {
            deleteLines(h, r.callId());
            int closed = h.createUpdate("UPDATE telephony_attempts SET finished = TRUE WHERE call_id = :c AND finished = FALSE")
                    .bind("c", r.callId()).execute();
            if (closed == 1) {
                insertRecord(h, r);
            }
        });
    }

    @Override
    public void finishOrphaned(CallRecord r, Instant since) {
        jdbi.useTransaction(h -> {
            deleteLines(h, r.callId());
            int closed = h.createUpdate("""
                            UPDATE telephony_attempts SET finished = TRUE, kill_pending_since = :k
                            WHERE call_id = :c AND finished = FALSE""")
                    .bind("c", r.callId()).bindByType("k", odt(since), OffsetDateTime.class).execute();
            if (closed == 1) {
                insertRecord(h, r);
            }
        });
    }

    private static void deleteLines(Handle h, String callId) {
        h.createUpdate("DELETE FROM telephony_attempt_lines WHERE call_id = :c").bind("c", callId).execute();
    }

    @Override
    public List<PendingKill> pendingKills(String taskId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT call_id, task_id, lead_id, fs_node, kill_pending_since FROM telephony_attempts
                        WHERE task_id = :t AND kill_pending_since IS NOT NULL AND finished = TRUE
                        ORDER BY kill_pending_since, call_id""")
                .bind("t", taskId)
                .map((rs, c) -> new PendingKill(rs.getString("call_id"), rs.getString("task_id"), rs.getString("lead_id"),
                        rs.getString("fs_node"), instant(rs, "kill_pending_since")))
                .list());
    }

    @Override
    public void clearPendingKill(String callId) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE telephony_attempts SET kill_pending_since = NULL WHERE call_id = :c")
                .bind("c", callId).execute());
    }

    @Override
    public int dialsOn(String tenantId, String phone, LocalDate day) {
        Instant from = day.atStartOfDay(zone).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(zone).toInstant();
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT COUNT(*) FROM telephony_attempts WHERE phone = :p AND claimed_at >= :f AND claimed_at < :t""")
                .bind("p", phone).bindByType("f", odt(from), OffsetDateTime.class).bindByType("t", odt(to), OffsetDateTime.class).mapTo(Integer.class).one());
    }

    // ---- call records ----

    private static void insertRecord(Handle h, CallRecord r) {
        h.createUpdate("""
                        INSERT INTO telephony_calls (call_id, task_id, lead_id, attempt, phone, gateway, originated_at,
                            answered_at, hungup_at, hangup_cause, sip_status, disposition, talk_seconds, recording_path,
                            transcript_json, outcome, transferred_to)
                        VALUES (:id, :t, :l, :a, :p, :gw, :o, :ans, :hup, :cause, :sip, :d, :talk, :rec, :tr, :out, :xfer)""")
                .bind("id", r.callId()).bind("t", r.taskId()).bind("l", r.leadId()).bind("a", r.attempt())
                .bind("p", r.phone()).bind("gw", r.gateway()).bindByType("o", odt(r.originatedAt()), OffsetDateTime.class)
                .bindByType("ans", odt(r.answeredAt()), OffsetDateTime.class).bindByType("hup", odt(r.hungUpAt()), OffsetDateTime.class).bind("cause", cut(r.hangupCause(), 64))
                .bind("sip", cut(r.sipStatus(), 16)).bind("d", r.disposition().name()).bind("talk", r.talkSeconds())
                .bind("rec", cut(r.recordingPath(), 500)).bind("tr", json(r.transcript())).bind("out", cut(r.outcome(), 32))
                .bind("xfer", cut(r.transferredTo(), 100)).execute();
    }

    @Override
    public List<CallRecord> records(String taskId) {
        return records(taskId, 0, Integer.MAX_VALUE);
    }

    @Override
    public List<CallRecord> records(String taskId, int offset, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT * FROM telephony_calls WHERE task_id = :t
                        ORDER BY originated_at, call_id LIMIT :n OFFSET :o""")
                .bind("t", taskId).bind("n", limit).bind("o", offset).map(this::record).list());
    }

    private CallRecord record(ResultSet rs, StatementContext c) throws SQLException {
        List<String> transcript;
        try {
            transcript = JSON.readValue(rs.getString("transcript_json"), new TypeReference<>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return new CallRecord(rs.getString("call_id"), tenant, rs.getString("task_id"), rs.getString("lead_id"),
                rs.getInt("attempt"), rs.getString("phone"), rs.getString("gateway"), instant(rs, "originated_at"),
                instant(rs, "answered_at"), instant(rs, "hungup_at"), rs.getString("hangup_cause"),
                rs.getString("sip_status"), Disposition.valueOf(rs.getString("disposition")), rs.getLong("talk_seconds"),
                rs.getString("recording_path"), transcript, rs.getString("outcome"), rs.getString("transferred_to"));
    }
}
