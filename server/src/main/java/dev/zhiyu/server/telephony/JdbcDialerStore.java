package dev.zhiyu.server.telephony;

import dev.zhiyu.telephony.CallRecord;
import dev.zhiyu.telephony.DialerStore;
import dev.zhiyu.telephony.Lead;
import dev.zhiyu.telephony.Pacing;
import dev.zhiyu.telephony.StoredTask;
import dev.zhiyu.telephony.TaskSpec;
import dev.zhiyu.telephony.TaskStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;

/**
 * {@link DialerStore} in one tenant's database (H2 or PostgreSQL, same SQL): the dialer's one store, made of the
 * adapters of each concern, which the rest of the server uses on their own.
 */
public final class JdbcDialerStore implements DialerStore {
    private final Jdbi jdbi;
    private final String tenant;
    private final JdbcTaskStore tasks;
    private final JdbcCallLists lists;
    private final JdbcAttemptStore attempts;
    private final JdbcContactRules rules;
    private final JdbcRecordings recordings;

    /** @param zone the tenant's time zone, for the per-number daily cap */
    public JdbcDialerStore(Jdbi jdbi, String tenant, ZoneId zone) {
        this.jdbi = jdbi;
        this.tenant = tenant;
        this.tasks = new JdbcTaskStore(jdbi);
        this.lists = new JdbcCallLists(jdbi);
        this.attempts = new JdbcAttemptStore(jdbi, tenant, zone);
        this.rules = new JdbcContactRules(jdbi);
        this.recordings = new JdbcRecordings(jdbi);
    }

    public String tenant() {
        return tenant;
    }

    Jdbi jdbi() {
        return jdbi;
    }

    JdbcCallLists callLists() {
        return lists;
    }

    JdbcContactRules contactRules() {
        return rules;
    }

    public JdbcRecordings recordings() {
        return recordings;
    }

    // ---- tasks ----

    @Override
    public void createTask(TaskSpec spec, String name, Pacing pacing) {
        tasks.createTask(spec, name, pacing);
    }

    @Override
    public void saveTask(TaskSpec spec) {
        tasks.saveTask(spec);
    }

    @Override
    public TaskSpec task(String taskId) {
        return tasks.task(taskId);
    }

    @Override
    public Optional<StoredTask> storedTask(String taskId) {
        return tasks.storedTask(taskId);
    }

    @Override
    public List<StoredTask> tasks() {
        return tasks.tasks();
    }

    @Override
    public List<String> taskIdsWithStatus(TaskStatus status) {
        return tasks.taskIdsWithStatus(status);
    }

    @Override
    public void setStatus(String taskId, TaskStatus status) {
        tasks.setStatus(taskId, status);
    }

    @Override
    public TaskStatus status(String taskId) {
        return tasks.status(taskId);
    }

    @Override
    public boolean transition(String taskId, List<TaskStatus> from, TaskStatus to) {
        return tasks.transition(taskId, from, to);
    }

    // ---- lists and progress ----

    @Override
    public Optional<StoredList> list(String listId) {
        return lists.list(listId);
    }

    @Override
    public List<StoredList> lists() {
        return lists.lists();
    }

    @Override
    public List<Lead> leads(String listId) {
        return lists.leads(listId);
    }

    @Override
    public void forEachLead(String listId, Consumer<Lead> each) {
        lists.forEachLead(listId, each);
    }

    @Override
    public Optional<Lead> lead(String listId, String leadId) {
        return lists.lead(listId, leadId);
    }

    @Override
    public String phoneOf(String listId, String leadId) {
        return lists.phoneOf(listId, leadId);
    }

    @Override
    public List<Lead> due(String taskId, String listId, Instant now, int limit) {
        return attempts.due(taskId, listId, now, limit);
    }

    @Override
    public boolean pending(String taskId, String listId) {
        return undone(taskId, listId) > 0;
    }

    @Override
    public int undone(String taskId, String listId) {
        return attempts.undone(taskId, listId);
    }

    @Override
    public Progress progress(String taskId, String leadId) {
        return attempts.progress(taskId, leadId);
    }

    @Override
    public void saveProgress(String taskId, Progress progress) {
        attempts.saveProgress(taskId, progress);
    }

    // ---- attempts and records ----

    @Override
    public boolean claimAttempt(OpenAttempt attempt) {
        return attempts.claimAttempt(attempt);
    }

    @Override
    public List<OpenAttempt> openAttempts(String taskId) {
        return attempts.openAttempts(taskId);
    }

    @Override
    public void markUnconfirmed(String callId, Instant since) {
        attempts.markUnconfirmed(callId, since);
    }

    @Override
    public void appendLine(String callId, String line) {
        attempts.appendLine(callId, line);
    }

    @Override
    public List<String> lines(String callId) {
        return attempts.lines(callId);
    }

    @Override
    public void finishAttempt(CallRecord record) {
        attempts.finishAttempt(record);
    }

    @Override
    public void finishOrphaned(CallRecord record, Instant since) {
        attempts.finishOrphaned(record, since);
    }

    @Override
    public List<PendingKill> pendingKills(String taskId) {
        return attempts.pendingKills(taskId);
    }

    @Override
    public void clearPendingKill(String callId) {
        attempts.clearPendingKill(callId);
    }

    @Override
    public List<CallRecord> records(String taskId) {
        return attempts.records(taskId);
    }

    @Override
    public List<CallRecord> records(String taskId, int offset, int limit) {
        return attempts.records(taskId, offset, limit);
    }

    @Override
    public int dialsOn(String tenantId, String phone, LocalDate day) {
        return attempts.dialsOn(tenantId, phone, day);
    }

    // ---- contact rules ----

    @Override
    public boolean blocked(String tenantId, String phone) {
        return rules.blocked(tenantId, phone);
    }

    @Override
    public void optOut(String tenantId, String phone, String reason) {
        rules.optOut(tenantId, phone, reason);
    }

    @Override
    public void addDnc(String tenantId, String phone) {
        rules.addDnc(tenantId, phone);
    }

    @Override
    public boolean addToDnc(String phone, String reason) {
        return rules.addToDnc(phone, reason);
    }

    @Override
    public List<Blocked> blockedNumbers(String kind, int offset, int limit) {
        return rules.blockedNumbers(kind, offset, limit);
    }

    @Override
    public boolean reviewOptOut(String phone, boolean confirm, String reviewer, Instant at) {
        return rules.reviewOptOut(phone, confirm, reviewer, at);
    }

    @Override
    public boolean reviewOptOut(String phone, boolean confirm, String reviewer, String note, Instant at) {
        return rules.reviewOptOut(phone, confirm, reviewer, note, at);
    }

    @Override
    public List<OptOutReview> optOutReviews(int limit) {
        return rules.optOutReviews(limit);
    }

    /** How many reviews of {@code phone} were logged. */
    public int optOutReviews(String phone) {
        return rules.optOutReviews(phone);
    }

    @Override
    public boolean unblock(String phone) {
        return rules.unblock(phone);
    }

    @Override
    public boolean holiday(String tenantId, LocalDate day) {
        return rules.holiday(tenantId, day);
    }

    @Override
    public List<Holiday> holidays() {
        return rules.holidays();
    }

    @Override
    public boolean addHoliday(LocalDate day, String name) {
        return rules.addHoliday(day, name);
    }

    @Override
    public boolean removeHoliday(LocalDate day) {
        return rules.removeHoliday(day);
    }

    @Override
    public List<CallerId> callerIds() {
        return rules.callerIds();
    }

    @Override
    public boolean addCallerId(String number, String label) {
        return rules.addCallerId(number, label);
    }

    @Override
    public boolean removeCallerId(String number) {
        return rules.removeCallerId(number);
    }
}
