package dev.zhiyu.server.telephony;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.zhiyu.telephony.CallRecord;
import dev.zhiyu.telephony.DialerStore;
import dev.zhiyu.telephony.Disposition;
import dev.zhiyu.telephony.Lead;
import dev.zhiyu.telephony.TaskSpec;
import dev.zhiyu.telephony.TaskStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * {@link DialerStore} in one tenant's database (H2 or PostgreSQL, same SQL). The tenant is the database, so the
 * {@code tenantId} arguments of the port only have to match this store's tenant. An attempt claim is an insert
 * guarded by the unique key (task, lead, attempt): a second claim — after a crash, or from another node — fails.
 */
public final class JdbcDialerStore implements DialerStore {
    static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    private static final String UNIQUE_VIOLATION = "23505";

    /**
     * A task as stored, with its display name and status.
     *
     * @param pacing     {@code progressive} or {@code predictive}
     * @param agentQueue the mod_callcenter queue a predictive task transfers answered calls to; null otherwise
     */
    public record StoredTask(TaskSpec spec, String name, TaskStatus status, Instant createdAt, String pacing,
                             String agentQueue) {
        public StoredTask(TaskSpec spec, String name, TaskStatus status, Instant createdAt) {
            this(spec, name, status, createdAt, "progressive", null);
        }

        public boolean predictive() {
            return "predictive".equals(pacing);
        }
    }

    /** A call list with its size. */
    public record StoredList(String listId, String name, long leads, Instant createdAt) {
    }

    private final Jdbi jdbi;
    private final String tenant;
    private final ZoneId zone;

    /** @param zone the tenant's time zone, for the per-number daily cap */
    public JdbcDialerStore(Jdbi jdbi, String tenant, ZoneId zone) {
        this.jdbi = jdbi;
        this.tenant = tenant;
        this.zone = zone;
    }

    public String tenant() {
        return tenant;
    }

    Jdbi jdbi() {
        return jdbi;
    }

    // ---- lists ----

    /** Creates the list if it does not exist yet; returns whether it was created. */
    public boolean ensureList(String listId, String name, String by) {
        return jdbi.inTransaction(h -> {
            if (h.createQuery("SELECT COUNT(*) FROM telephony_lists WHERE list_id = :id").bind("id", listId)
                    .mapTo(Integer.class).one() > 0) {
                return false;
            }
            h.createUpdate("INSERT INTO telephony_lists (list_id, name, created_at, created_by) VALUES (:id, :n, :now, :by)")
                    .bind("id", listId).bind("n", name).bindByType("now", odt(Instant.now()), OffsetDateTime.class).bind("by", by).execute();
            return true;
        });
    }

    public Optional<StoredList> list(String listId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT l.list_id, l.name, l.created_at, (SELECT COUNT(*) FROM telephony_leads x WHERE x.list_id = l.list_id) n
                        FROM telephony_lists l WHERE l.list_id = :id""")
                .bind("id", listId).map(JdbcDialerStore::storedList).findOne());
    }

    public List<StoredList> lists() {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT l.list_id, l.name, l.created_at, (SELECT COUNT(*) FROM telephony_leads x WHERE x.list_id = l.list_id) n
                        FROM telephony_lists l ORDER BY l.created_at DESC, l.list_id""")
                .map(JdbcDialerStore::storedList).list());
    }

    private static StoredList storedList(ResultSet rs, StatementContext c) throws SQLException {
        return new StoredList(rs.getString("list_id"), rs.getString("name"), rs.getLong("n"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

    /** A sink for one import into {@code listId}: everything it adds becomes visible at commit, or nothing. */
    public JdbcLeadSink sink(String listId) {
        return new JdbcLeadSink(jdbi, listId);
    }

    public void recordImport(String listId, String fileName, dev.zhiyu.telephony.lists.ImportReport r, String by) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO telephony_imports (list_id, file_name, at, row_count, imported, duplicates, rejected,
                            file_error, created_by)
                        VALUES (:l, :f, :now, :rows, :imp, :dup, :rej, :err, :by)""")
                .bind("l", listId).bind("f", cut(fileName, 300)).bindByType("now", odt(Instant.now()), OffsetDateTime.class).bind("rows", r.rows())
                .bind("imp", r.imported()).bind("dup", r.duplicates()).bind("rej", r.rejected())
                .bind("err", r.fileError() == null ? null : cut(r.fileError(), 1000)).bind("by", cut(by, 200)).execute());
    }

    // ---- tasks ----

    /** Stores a new task (status CREATED). */
    public void createTask(TaskSpec spec, String name) {
        createTask(spec, name, "progressive", null);
    }

    /** Stores a new task (status CREATED) with its pacing: {@code progressive}, or {@code predictive} to a queue. */
    public void createTask(TaskSpec spec, String name, String pacing, String agentQueue) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO telephony_tasks (task_id, name, list_id, scenario_id, spec_json, status, created_at, updated_at,
                                                     pacing, agent_queue)
                        VALUES (:id, :name, :list, :scenario, :spec, :status, :now, :now, :pacing, :queue)""")
                .bind("pacing", pacing).bind("queue", agentQueue)
                .bind("id", spec.id()).bind("name", name).bind("list", spec.listId()).bind("scenario", spec.scenario())
                .bind("spec", json(spec)).bind("status", TaskStatus.CREATED.name()).bindByType("now", odt(Instant.now()), OffsetDateTime.class)
                .execute());
    }

    @Override
    public void saveTask(TaskSpec spec) {
        boolean exists = jdbi.withHandle(h -> h.createUpdate(
                        "UPDATE telephony_tasks SET spec_json = :spec, updated_at = :now WHERE task_id = :id")
                .bind("spec", json(spec)).bindByType("now", odt(Instant.now()), OffsetDateTime.class).bind("id", spec.id()).execute()) > 0;
        if (!exists) {
            createTask(spec, spec.id());
        }
    }

    public Optional<StoredTask> storedTask(String taskId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT spec_json, name, status, created_at, pacing, agent_queue FROM telephony_tasks WHERE task_id = :id")
                .bind("id", taskId).map(JdbcDialerStore::storedTask).findOne());
    }

    public List<StoredTask> tasks() {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT spec_json, name, status, created_at, pacing, agent_queue FROM telephony_tasks ORDER BY created_at DESC, task_id")
                .map(JdbcDialerStore::storedTask).list());
    }

    public List<String> taskIdsWithStatus(TaskStatus status) {
        return jdbi.withHandle(h -> h.createQuery("SELECT task_id FROM telephony_tasks WHERE status = :s ORDER BY task_id")
                .bind("s", status.name()).mapTo(String.class).list());
    }

    private static StoredTask storedTask(ResultSet rs, StatementContext c) throws SQLException {
        try {
            return new StoredTask(JSON.readValue(rs.getString("spec_json"), TaskSpec.class), rs.getString("name"),
                    TaskStatus.valueOf(rs.getString("status")), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                    rs.getString("pacing"), rs.getString("agent_queue"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("任务定义无法读取: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public TaskSpec task(String taskId) {
        return storedTask(taskId).map(StoredTask::spec).orElse(null);
    }

    @Override
    public void setStatus(String taskId, TaskStatus status) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE telephony_tasks SET status = :s, updated_at = :now WHERE task_id = :id")
                .bind("s", status.name()).bindByType("now", odt(Instant.now()), OffsetDateTime.class).bind("id", taskId).execute());
    }

    /** Moves the task from one of {@code from} to {@code to}; false if it was in another state. */
    public boolean transition(String taskId, List<TaskStatus> from, TaskStatus to) {
        return jdbi.withHandle(h -> h.createUpdate(
                        "UPDATE telephony_tasks SET status = :s, updated_at = :now WHERE task_id = :id AND status IN (<from>)")
                .bind("s", to.name()).bindByType("now", odt(Instant.now()), OffsetDateTime.class).bind("id", taskId)
                .bindList("from", from.stream().map(Enum::name).toList()).execute()) > 0;
    }

    @Override
    public TaskStatus status(String taskId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT status FROM telephony_tasks WHERE task_id = :id")
                .bind("id", taskId).mapTo(String.class).findOne().map(TaskStatus::valueOf).orElse(null));
    }

    // ---- leads and progress ----

    @Override
    public List<Lead> leads(String listId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT lead_id, list_id, row_no, phone, dial, variables_json FROM telephony_leads WHERE list_id = :l ORDER BY row_no, lead_id")
                .bind("l", listId).map(JdbcDialerStore::leadRow).list());
    }

    @Override
    public List<Lead> due(String taskId, String listId, Instant now, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT l.lead_id, l.list_id, l.row_no, l.phone, l.dial, l.variables_json
                        FROM telephony_leads l
                        LEFT JOIN telephony_progress p ON p.task_id = :t AND p.lead_id = l.lead_id
                        WHERE l.list_id = :l AND (p.done IS NULL OR p.done = FALSE) AND (p.next_at IS NULL OR p.next_at <= :now)
                        ORDER BY l.row_no, l.lead_id
                        LIMIT :n""")
                .bind("t", taskId).bind("l", listId).bindByType("now", odt(now), OffsetDateTime.class).bind("n", limit)
                .map(JdbcDialerStore::leadRow).list());
    }

    @Override
    public boolean pending(String taskId, String listId) {
        return undone(taskId, listId) > 0;
    }

    @Override
    public int undone(String taskId, String listId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT COUNT(*) FROM telephony_leads l
                        LEFT JOIN telephony_progress p ON p.task_id = :t AND p.lead_id = l.lead_id
                        WHERE l.list_id = :l AND (p.done IS NULL OR p.done = FALSE)""")
                .bind("t", taskId).bind("l", listId).mapTo(Long.class).one()).intValue();
    }

    @Override
    public String phoneOf(String listId, String leadId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT phone FROM telephony_leads WHERE lead_id = :id AND list_id = :l")
                .bind("id", leadId).bind("l", listId).mapTo(String.class).findOne().orElse(""));
    }

    @Override
    public Optional<Lead> lead(String listId, String leadId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT lead_id, list_id, row_no, phone, dial, variables_json FROM telephony_leads WHERE lead_id = :id AND list_id = :l")
                .bind("id", leadId).bind("l", listId).map(JdbcDialerStore::leadRow).findOne());
    }

    private static Lead leadRow(ResultSet rs, StatementContext c) throws SQLException {
        try {
            Map<String, String> vars = JSON.readValue(rs.getString("variables_json"), new TypeReference<>() {
            });
            return new Lead(rs.getString("lead_id"), rs.getString("list_id"), rs.getLong("row_no"), rs.getString("phone"),
                    rs.getString("dial"), vars);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
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

    private static org.jdbi.v3.core.statement.Update bindProgress(org.jdbi.v3.core.statement.Update u, String taskId, Progress p) {
        return u.bind("t", taskId).bind("l", p.leadId()).bind("a", p.attempts()).bindByType("next", odt(p.nextAt()), OffsetDateTime.class)
                .bind("done", p.done()).bind("last", p.last() == null ? null : p.last().name()).bind("gw", p.gatewayIndex());
    }

    // ---- attempts and records ----

    @Override
    public boolean claimAttempt(OpenAttempt a) {
        try {
            jdbi.useHandle(h -> h.createUpdate("""
                            INSERT INTO telephony_attempts (call_id, task_id, lead_id, attempt, phone, claimed_at, finished,
                                                            fs_node, unconfirmed_since)
                            VALUES (:c, :t, :l, :a, :p, :at, FALSE, :n, :u)""")
                    .bind("c", a.callId()).bind("t", a.taskId()).bind("l", a.leadId()).bind("a", a.attempt())
                    .bind("p", a.phone()).bindByType("at", odt(a.claimedAt()), OffsetDateTime.class)
                    .bind("n", a.node()).bindByType("u", odt(a.unconfirmedSince()), OffsetDateTime.class).execute());
            return true;
        } catch (UnableToExecuteStatementException e) {
            if (e.getCause() instanceof SQLException s && UNIQUE_VIOLATION.equals(s.getSQLState())) {
                return false;
            }
            throw e;
        }
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
    public void finishAttempt(CallRecord r) {
        jdbi.useTransaction(h -> {
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
            int closed = h.createUpdate("""
                            UPDATE telephony_attempts SET finished = TRUE, kill_pending_since = :k
                            WHERE call_id = :c AND finished = FALSE""")
                    .bind("c", r.callId()).bindByType("k", odt(since), OffsetDateTime.class).execute();
            if (closed == 1) {
                insertRecord(h, r);
            }
        });
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

    /** Records of a task, oldest first, paged. */
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

    // ---- DNC, opt-outs, per-number cap ----

    @Override
    public boolean blocked(String tenantId, String phone) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM telephony_blocked WHERE phone = :p")
                .bind("p", phone).mapTo(Integer.class).one()) > 0;
    }

    @Override
    public void optOut(String tenantId, String phone, String reason) {
        block(phone, "opt_out", reason);
    }

    @Override
    public void addDnc(String tenantId, String phone) {
        block(phone, "dnc", "免打扰名单");
    }

    /** A number the tenant must not call: {@code dnc} (its list) or {@code opt_out} (captured in a call). */
    public record Blocked(String phone, String kind, String reason, Instant at) {
    }

    /** Adds a number to the tenant's DNC list; false if it was blocked already (by DNC or an opt-out). */
    public boolean addToDnc(String phone, String reason) {
        return block(phone, "dnc", reason == null || reason.isBlank() ? "免打扰名单" : reason);
    }

    /** The tenant's blocked numbers, newest first; {@code kind} null for both kinds. */
    public List<Blocked> blockedNumbers(String kind, int offset, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT phone, kind, reason, at FROM telephony_blocked"
                        + " WHERE (kind = :k OR :all = TRUE) ORDER BY at DESC, phone LIMIT :n OFFSET :o")
                .bind("k", kind == null ? "" : kind).bind("all", kind == null).bind("n", limit).bind("o", offset)
                .map((rs, c) -> new Blocked(rs.getString("phone"), rs.getString("kind"), rs.getString("reason"), instant(rs, "at")))
                .list());
    }

    /**
     * A supervisor's decision on an opt-out captured in a call: confirmed, it becomes a DNC entry; rejected, the number
     * may be called again. Logged either way. False when the number has no opt-out pending (DNC entries are not reviewed).
     */
    public boolean reviewOptOut(String phone, boolean confirm, String reviewer, Instant at) {
        return jdbi.inTransaction(h -> {
            Optional<String> reason = h.createQuery("SELECT reason FROM telephony_blocked WHERE phone = :p AND kind = 'opt_out'")
                    .bind("p", phone).mapTo(String.class).findOne();
            if (reason.isEmpty()) {
                return false;
            }
            if (confirm) {
                h.createUpdate("UPDATE telephony_blocked SET kind = 'dnc', reason = :r WHERE phone = :p")
                        .bind("r", cut(reason.get() + "（主管确认）", 200)).bind("p", phone).execute();
            } else {
                h.createUpdate("DELETE FROM telephony_blocked WHERE phone = :p").bind("p", phone).execute();
            }
            h.createUpdate("""
                            INSERT INTO telephony_opt_out_reviews (review_id, phone, decision, original_reason, reviewer, at)
                            VALUES (:id, :p, :d, :r, :by, :at)""")
                    .bind("id", UUID.randomUUID().toString()).bind("p", phone).bind("d", confirm ? "confirmed" : "rejected")
                    .bind("r", reason.get()).bind("by", cut(reviewer, 200)).bindByType("at", odt(at), OffsetDateTime.class).execute();
            return true;
        });
    }

    /** How many reviews of {@code phone} were logged. */
    public int optOutReviews(String phone) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM telephony_opt_out_reviews WHERE phone = :p")
                .bind("p", phone).mapTo(Integer.class).one());
    }

    /** Removes a number (DNC entry or opt-out); false if it was not blocked. */
    public boolean unblock(String phone) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM telephony_blocked WHERE phone = :p").bind("p", phone).execute()) > 0;
    }

    private boolean block(String phone, String kind, String reason) {
        try {
            return jdbi.withHandle(h -> h.createUpdate("""
                            INSERT INTO telephony_blocked (phone, kind, reason, at)
                            SELECT :p, :k, :r, :now WHERE NOT EXISTS (SELECT 1 FROM telephony_blocked WHERE phone = :p)""")
                    .bind("p", phone).bind("k", kind).bind("r", cut(reason, 200)).bindByType("now", odt(Instant.now()), OffsetDateTime.class).execute()) > 0;
        } catch (UnableToExecuteStatementException e) {
            if (!(e.getCause() instanceof SQLException s && UNIQUE_VIOLATION.equals(s.getSQLState()))) {
                throw e; // a concurrent insert of the same number is fine: it is blocked either way
            }
            return false;
        }
    }

    // ---- registered caller ids ----

    /** A caller number registered for the tenant. */
    public record CallerId(String number, String label, Instant addedAt) {
    }

    public List<CallerId> callerIds() {
        return jdbi.withHandle(h -> h.createQuery("SELECT caller_id, label, added_at FROM telephony_caller_ids ORDER BY caller_id")
                .map((rs, c) -> new CallerId(rs.getString("caller_id"), rs.getString("label"), instant(rs, "added_at"))).list());
    }

    /** False if the number was registered already. */
    public boolean addCallerId(String number, String label) {
        try {
            return jdbi.withHandle(h -> h.createUpdate("""
                            INSERT INTO telephony_caller_ids (caller_id, label, added_at)
                            SELECT :n, :l, :now WHERE NOT EXISTS (SELECT 1 FROM telephony_caller_ids WHERE caller_id = :n)""")
                    .bind("n", number).bind("l", cut(label, 200)).bindByType("now", odt(Instant.now()), OffsetDateTime.class)
                    .execute()) > 0;
        } catch (UnableToExecuteStatementException e) {
            if (e.getCause() instanceof SQLException s && UNIQUE_VIOLATION.equals(s.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    public boolean removeCallerId(String number) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM telephony_caller_ids WHERE caller_id = :n").bind("n", number).execute()) > 0;
    }

    // ---- holiday calendar ----

    /** A day on the tenant's holiday calendar. */
    public record Holiday(LocalDate date, String name, Instant addedAt) {
    }

    public List<Holiday> holidays() {
        return jdbi.withHandle(h -> h.createQuery("SELECT holiday, name, added_at FROM telephony_holidays ORDER BY holiday")
                .map((rs, c) -> new Holiday(rs.getObject("holiday", LocalDate.class), rs.getString("name"), instant(rs, "added_at")))
                .list());
    }

    /** False if the day was on the calendar already. */
    public boolean addHoliday(LocalDate day, String name) {
        try {
            return jdbi.withHandle(h -> h.createUpdate("""
                            INSERT INTO telephony_holidays (holiday, name, added_at)
                            SELECT :d, :n, :now WHERE NOT EXISTS (SELECT 1 FROM telephony_holidays WHERE holiday = :d)""")
                    .bindByType("d", day, LocalDate.class).bind("n", cut(name, 200))
                    .bindByType("now", odt(Instant.now()), OffsetDateTime.class).execute()) > 0;
        } catch (UnableToExecuteStatementException e) {
            if (e.getCause() instanceof SQLException s && UNIQUE_VIOLATION.equals(s.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    public boolean removeHoliday(LocalDate day) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM telephony_holidays WHERE holiday = :d")
                .bindByType("d", day, LocalDate.class).execute()) > 0;
    }

    @Override
    public boolean holiday(String tenantId, LocalDate day) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM telephony_holidays WHERE holiday = :d")
                .bindByType("d", day, LocalDate.class).mapTo(Integer.class).one()) > 0;
    }

    @Override
    public int dialsOn(String tenantId, String phone, LocalDate day) {
        Instant from = day.atStartOfDay(zone).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(zone).toInstant();
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT COUNT(*) FROM telephony_attempts WHERE phone = :p AND claimed_at >= :f AND claimed_at < :t""")
                .bind("p", phone).bindByType("f", odt(from), OffsetDateTime.class).bindByType("t", odt(to), OffsetDateTime.class).mapTo(Integer.class).one());
    }

    // ---- recordings ----

    private static final String RETENTION = "recording.retention.days";

    /** Days recordings are kept after the call ended; empty keeps them for ever. */
    public OptionalInt recordingRetentionDays() {
        return jdbi.withHandle(h -> h.createQuery("SELECT setting_value FROM telephony_settings WHERE setting_name = :n")
                .bind("n", RETENTION).mapTo(String.class).findOne())
                .map(v -> OptionalInt.of(Integer.parseInt(v))).orElse(OptionalInt.empty());
    }

    /** Sets (or with null clears) the retention in days. */
    public void recordingRetentionDays(Integer days) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM telephony_settings WHERE setting_name = :n").bind("n", RETENTION).execute();
            if (days != null) {
                h.createUpdate("INSERT INTO telephony_settings (setting_name, setting_value) VALUES (:n, :v)")
                        .bind("n", RETENTION).bind("v", days.toString()).execute();
            }
        });
    }

    /** A call's recording file as recorded. */
    /** A call's recording as its record has it: the path FreeSWITCH wrote, and when retention deleted it (or null). */
    public record CallRecording(String callId, String taskId, String path, Instant deletedAt) {
    }

    public Optional<CallRecording> callRecording(String callId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT call_id, task_id, recording_path, recording_deleted_at FROM telephony_calls WHERE call_id = :c")
                .bind("c", callId)
                .map((rs, c) -> new CallRecording(rs.getString("call_id"), rs.getString("task_id"),
                        rs.getString("recording_path"), instant(rs, "recording_deleted_at")))
                .findOne());
    }

    public record Recording(String callId, String path, Instant hungUpAt) {
    }

    /** Recordings not yet deleted of calls that ended before {@code cutoff}, oldest first, at most {@code limit}. */
    public List<Recording> recordingsEndedBefore(Instant cutoff, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT call_id, recording_path, hungup_at FROM telephony_calls
                        WHERE recording_path IS NOT NULL AND recording_deleted_at IS NULL AND hungup_at < :cutoff
                        ORDER BY hungup_at, call_id LIMIT :n""")
                .bindByType("cutoff", odt(cutoff), OffsetDateTime.class).bind("n", limit)
                .map((rs, c) -> new Recording(rs.getString("call_id"), rs.getString("recording_path"), instant(rs, "hungup_at")))
                .list());
    }

    /** Marks the call's recording deleted (by the retention sweeper). */
    public void markRecordingDeleted(String callId, Instant at) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE telephony_calls SET recording_deleted_at = :at WHERE call_id = :c")
                .bindByType("at", odt(at), OffsetDateTime.class).bind("c", callId).execute());
    }

    /** When the sweeper deleted the call's recording, if it did. */
    public Optional<Instant> recordingDeletedAt(String callId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT recording_deleted_at FROM telephony_calls WHERE call_id = :c")
                .bind("c", callId).map((rs, c) -> Optional.ofNullable(instant(rs, "recording_deleted_at"))).findOne())
                .flatMap(o -> o);
    }

    // ---- helpers ----

    static OffsetDateTime odt(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
