package dev.zhiyu.telephony.dialer;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** {@link DialerStore} in memory: module tests and demo mode. Survives a dialer "crash" if the object is kept. */
public final class InMemoryDialerStore implements DialerStore {

    private final Map<String, TaskSpec> tasks = new ConcurrentHashMap<>();
    private final Map<String, StoredTask> created = new ConcurrentHashMap<>();
    private final Map<String, TaskStatus> statuses = new ConcurrentHashMap<>();
    private final Map<String, List<Lead>> lists = new ConcurrentHashMap<>();
    private final Map<String, Progress> progress = new ConcurrentHashMap<>();
    private final Map<String, OpenAttempt> open = new ConcurrentHashMap<>();
    private final Set<String> claimed = ConcurrentHashMap.newKeySet();
    private final List<CallRecord> records = new CopyOnWriteArrayList<>();
    private final Map<String, PendingKill> kills = new ConcurrentHashMap<>();
    private final Map<String, List<String>> lines = new ConcurrentHashMap<>();
    private final Set<String> blocked = ConcurrentHashMap.newKeySet();
    private final Set<java.time.LocalDate> holidays = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> dials = new ConcurrentHashMap<>();
    private final ZoneId zone;

    public InMemoryDialerStore(ZoneId zone) {
        this.zone = zone;
    }

    public void putList(String listId, List<Lead> leads) {
        lists.put(listId, List.copyOf(leads));
    }

    @Override
    public void createTask(TaskSpec spec, String name, Pacing pacing) {
        created.put(spec.id(), new StoredTask(spec, name, TaskStatus.CREATED, Instant.now(), pacing));
        saveTask(spec);
    }

    @Override
    public Optional<StoredTask> storedTask(String taskId) {
        TaskSpec spec = tasks.get(taskId);
        if (spec == null) {
            return Optional.empty();
        }
        StoredTask t = created.getOrDefault(taskId, new StoredTask(spec, taskId, null, Instant.EPOCH, Pacing.PROGRESSIVE));
        return Optional.of(new StoredTask(spec, t.name(), statuses.get(taskId), t.createdAt(), t.pacing()));
    }

    @Override
    public List<StoredTask> tasks() {
        return tasks.keySet().stream().sorted().map(id -> storedTask(id).orElseThrow()).toList();
    }

    @Override
    public List<String> taskIdsWithStatus(TaskStatus status) {
        return statuses.entrySet().stream().filter(e -> e.getValue() == status).map(Map.Entry::getKey).sorted().toList();
    }

    @Override
    public synchronized boolean transition(String taskId, List<TaskStatus> from, TaskStatus to) {
        if (!from.contains(statuses.get(taskId))) {
            return false;
        }
        statuses.put(taskId, to);
        return true;
    }

    @Override
    public Optional<StoredList> list(String listId) {
        List<Lead> leads = lists.get(listId);
        return leads == null ? Optional.empty() : Optional.of(new StoredList(listId, listId, leads.size(), Instant.EPOCH));
    }

    @Override
    public List<StoredList> lists() {
        return lists.keySet().stream().sorted().map(id -> list(id).orElseThrow()).toList();
    }

    @Override
    public void saveTask(TaskSpec spec) {
        tasks.put(spec.id(), spec);
        statuses.putIfAbsent(spec.id(), TaskStatus.CREATED);
    }

    @Override
    public TaskSpec task(String taskId) {
        return tasks.get(taskId);
    }

    @Override
    public void setStatus(String taskId, TaskStatus status) {
        statuses.put(taskId, status);
    }

    @Override
    public TaskStatus status(String taskId) {
        return statuses.get(taskId);
    }

    @Override
    public List<Lead> leads(String listId) {
        return lists.getOrDefault(listId, List.of());
    }

    @Override
    public Progress progress(String taskId, String leadId) {
        return progress.getOrDefault(taskId + "|" + leadId, new Progress(leadId, 0, null, false, null, 0));
    }

    @Override
    public void saveProgress(String taskId, Progress p) {
        progress.put(taskId + "|" + p.leadId(), p);
    }

    @Override
    public boolean claimAttempt(OpenAttempt a) {
        if (!claimed.add(a.taskId() + "|" + a.leadId() + "|" + a.attempt())) {
            return false;
        }
        open.put(a.callId(), a);
        TaskSpec t = tasks.get(a.taskId());
        dials.merge(t.tenantId() + "|" + a.phone() + "|" + LocalDate.ofInstant(a.claimedAt(), zone), 1, Integer::sum);
        return true;
    }

    @Override
    public List<OpenAttempt> openAttempts(String taskId) {
        return open.values().stream().filter(a -> a.taskId().equals(taskId))
                .sorted(java.util.Comparator.comparing(OpenAttempt::claimedAt).thenComparing(OpenAttempt::callId)).toList();
    }

    @Override
    public synchronized void markUnconfirmed(String callId, java.time.Instant since) {
        open.computeIfPresent(callId, (k, a) -> a.unconfirmedSince() != null ? a
                : new OpenAttempt(a.taskId(), a.leadId(), a.attempt(), a.callId(), a.phone(), a.claimedAt(), a.node(), since));
    }

    @Override
    public synchronized void appendLine(String callId, String line) {
        if (open.containsKey(callId)) {
            lines.computeIfAbsent(callId, c -> new ArrayList<>()).add(line);
        }
    }

    @Override
    public synchronized List<String> lines(String callId) {
        return List.copyOf(lines.getOrDefault(callId, List.of()));
    }

    @Override
    public synchronized void finishAttempt(CallRecord r) {
        lines.remove(r.callId());
        if (open.remove(r.callId()) != null) {
            records.add(r);
        }
    }

    @Override
    public synchronized void finishOrphaned(CallRecord r, java.time.Instant since) {
        lines.remove(r.callId());
        OpenAttempt a = open.remove(r.callId());
        if (a != null) {
            records.add(r);
            kills.put(a.callId(), new PendingKill(a.callId(), a.taskId(), a.leadId(), a.node(), since));
        }
    }

    @Override
    public List<PendingKill> pendingKills(String taskId) {
        return kills.values().stream().filter(k -> k.taskId().equals(taskId))
                .sorted(java.util.Comparator.comparing(PendingKill::since).thenComparing(PendingKill::callId)).toList();
    }

    @Override
    public void clearPendingKill(String callId) {
        kills.remove(callId);
    }

    @Override
    public List<CallRecord> records(String taskId) {
        return new ArrayList<>(records.stream().filter(r -> r.taskId().equals(taskId)).toList());
    }

    @Override
    public boolean blocked(String tenantId, String phone) {
        return blocked.contains(tenantId + "|" + phone);
    }

    @Override
    public void optOut(String tenantId, String phone, String reason) {
        blocked.add(tenantId + "|" + phone);
    }

    /** Puts a day on this tenant's holiday calendar. */
    public void addHoliday(java.time.LocalDate day) {
        holidays.add(day);
    }

    @Override
    public boolean holiday(String tenantId, java.time.LocalDate day) {
        return holidays.contains(day);
    }

    @Override
    public void addDnc(String tenantId, String phone) {
        blocked.add(tenantId + "|" + phone);
    }

    // The rules' management side is kept by the server's database stores; tests and demo mode never use it here.

    @Override
    public boolean addToDnc(String phone, String reason) {
        throw unsupported();
    }

    @Override
    public List<Blocked> blockedNumbers(String kind, int offset, int limit) {
        throw unsupported();
    }

    @Override
    public boolean reviewOptOut(String phone, boolean confirm, String reviewer, Instant at) {
        throw unsupported();
    }

    @Override
    public boolean unblock(String phone) {
        throw unsupported();
    }

    @Override
    public List<Holiday> holidays() {
        throw unsupported();
    }

    @Override
    public boolean addHoliday(LocalDate day, String name) {
        throw unsupported();
    }

    @Override
    public boolean removeHoliday(LocalDate day) {
        throw unsupported();
    }

    @Override
    public List<CallerId> callerIds() {
        throw unsupported();
    }

    @Override
    public boolean addCallerId(String number, String label) {
        throw unsupported();
    }

    @Override
    public boolean removeCallerId(String number) {
        throw unsupported();
    }

    private static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("内存存储不管理免打扰名单、节假日和主叫号码");
    }

    @Override
    public int dialsOn(String tenantId, String phone, LocalDate day) {
        return dials.getOrDefault(tenantId + "|" + phone + "|" + day, 0);
    }
}
