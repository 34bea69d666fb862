package dev.zhiyu.server.telephony;

import dev.zhiyu.dialog.Scenario;
import dev.zhiyu.server.dialog.DialogService;
import dev.zhiyu.server.platform.Failure;
import dev.zhiyu.server.platform.Tenant;
import dev.zhiyu.server.platform.TenantStores;
import dev.zhiyu.telephony.CallLists;
import dev.zhiyu.telephony.CallRecord;
import dev.zhiyu.telephony.ContactRules;
import dev.zhiyu.telephony.StoredTask;
import dev.zhiyu.telephony.TaskStatus;
import dev.zhiyu.telephony.lists.ImportProgress;
import dev.zhiyu.telephony.rules.CallerIds;
import dev.zhiyu.telephony.rules.DncLists;
import dev.zhiyu.telephony.rules.Holidays;
import dev.zhiyu.telephony.tasks.Ids;
import dev.zhiyu.telephony.tasks.ListFit;
import dev.zhiyu.telephony.tasks.TaskControl;
import dev.zhiyu.telephony.tasks.TaskPlanner;
import dev.zhiyu.telephony.tasks.TaskRequest;
import dev.zhiyu.telephony.tasks.TaskStats;
import java.io.InputStream;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * What operators do with outbound calling, for the HTTP API and the CLI alike: tasks and their verbs, call lists,
 * the do-not-call list, caller numbers, holidays, recording retention — each on the tenant's own database. The rules
 * are the telephony module's; this wires them to the tenant's stores. A task moved to RUNNING is handed to
 * {@code onRunning} (the server's dialers; the CLI has none — a running server picks the task up by itself).
 */
public final class TelephonyOperations {
    private final TenantStores stores;
    private final TelephonyConfig config;
    private final Clock clock;
    private final Function<Tenant, Map<String, List<Scenario.Variable>>> scenarios;
    private final BiConsumer<Tenant, String> onRunning;
    private final Runnable mediaCheck;

    /**
     * What the operations are wired to.
     *
     * @param scenarios  the tenant's scenarios with the variables each needs from a call list
     * @param onRunning  told of a task moved to RUNNING (the server's dialers)
     * @param mediaCheck run before a verb moves a task to RUNNING; throws (naming the node, the engine and the
     *                   setting) when a FreeSWITCH node lacks the ASR or TTS engine
     */
    public record Config(Function<Tenant, Map<String, List<Scenario.Variable>>> scenarios,
                         BiConsumer<Tenant, String> onRunning, Runnable mediaCheck) {
    }

    public TelephonyOperations(TenantStores stores, TelephonyConfig config, Clock clock, Config wiring) {
        this.stores = stores;
        this.config = config;
        this.clock = clock;
        this.scenarios = wiring.scenarios();
        this.onRunning = wiring.onRunning();
        this.mediaCheck = wiring.mediaCheck();
    }

    /**
     * For a process without dialers or dialog engines (the CLI): tasks are checked against the tenant's stored
     * scenarios, as the server that dials them will load them.
     */
    public static TelephonyOperations offline(TenantStores stores, TelephonyConfig config) {
        return new TelephonyOperations(stores, config, Clock.systemUTC(), new Config(
                t -> DialogService.storedScenarioVariables(stores.jdbi(t)), (t, id) -> { }, () -> { }));
    }

    JdbcDialerStore store(Tenant tenant) {
        return new JdbcDialerStore(stores.jdbi(tenant), tenant.slug(), config.zone());
    }

    // ---- tasks ----

    public List<StoredTask> tasks(Tenant tenant) {
        return store(tenant).tasks();
    }

    /** The task, or not found (another tenant's task is simply not in this tenant's database). */
    public StoredTask task(Tenant tenant, String taskId) {
        return new TaskControl(store(tenant)).find(taskId);
    }

    /** Validates and stores a task (status CREATED); each problem names its field. */
    public StoredTask createTask(Tenant tenant, TaskRequest in) {
        JdbcDialerStore store = store(tenant);
        return new TaskPlanner(store, store).create(context(tenant, store), in);
    }

    private TaskPlanner.Context context(Tenant tenant, JdbcDialerStore store) {
        return new TaskPlanner.Context(tenant.slug(), config.zone(), config.gateways(), config.region(),
                scenarios.apply(tenant), CallerIds.effective(store, config.callerIds()));
    }

    /**
     * start, pause, resume, stop: a state machine with clear refusals. Start and resume check the task's list against
     * its scenario again (it may have been appended to since).
     */
    public StoredTask control(Tenant tenant, String taskId, String verb) {
        JdbcDialerStore store = store(tenant);
        TaskPlanner planner = new TaskPlanner(store, store);
        StoredTask t = new TaskControl(store).apply(taskId, verb, task -> {
            mediaCheck.run(); // before the task moves: a refused start leaves it as it was
            planner.checkFit(context(tenant, store), task);
        });
        if (t.status() == TaskStatus.RUNNING) {
            onRunning.accept(tenant, taskId);
        }
        return t;
    }

    /** Dialled, answered, completed, transferred, outcome mix and the conversion funnel of a task. */
    public Map<String, Object> stats(Tenant tenant, String taskId) {
        JdbcDialerStore store = store(tenant);
        StoredTask t = task(tenant, taskId);
        long leads = store.list(t.spec().listId()).map(CallLists.StoredList::leads).orElse(0L);
        return TaskStats.of(t, leads, store.records(taskId));
    }

    public List<CallRecord> records(Tenant tenant, String taskId, int offset, int limit) {
        task(tenant, taskId);
        return store(tenant).records(taskId, offset, limit);
    }

    /** Intents, fallbacks and the stage funnel of a task's finished calls, from their stored dialog turns. */
    public DialogStats.View dialogStats(Tenant tenant, String taskId) {
        task(tenant, taskId);
        return DialogStats.of(stores.jdbi(tenant), taskId);
    }

    // ---- call lists ----

    public List<CallLists.StoredList> lists(Tenant tenant) {
        return store(tenant).lists();
    }

    /**
     * The HTTP upload: into a new list (generated id) when {@code appendTo} is null, else into the existing list
     * {@code appendTo} — not found when the tenant has no such list. A file refused as a whole stores nothing.
     */
    public ListUploads.Upload uploadList(Tenant tenant, String appendTo, String name, String fileName, InputStream in,
                                         String phoneColumn, String by) {
        String listId = appendTo == null ? ListUploads.newListId() : existingListId(tenant, appendTo);
        return ListUploads.importList(stores.jdbi(tenant), tenant.slug(), config, new ListUploads.Request(listId,
                appendTo != null, name, fileName, ListUploads.Source.of(in), phoneColumn, by, ImportProgress.NONE, null, false));
    }

    /**
     * The CLI's and the demo's upload: into {@code listId}, created if it does not exist yet (a new id when null). A
     * file refused as a whole stores nothing, not even the new list.
     */
    public ListUploads.Upload importList(Tenant tenant, String listId, String name, String fileName, InputStream in,
                                         String phoneColumn, String by) {
        String id = listId == null || listId.isBlank() ? ListUploads.newListId() : listId;
        if (!Ids.valid(id)) {
            throw Failure.invalid("list", "名单编号只能包含字母、数字、下划线和连字符（最多 64 个）");
        }
        return ListUploads.importList(stores.jdbi(tenant), tenant.slug(), config, new ListUploads.Request(id, false,
                name, fileName, ListUploads.Source.of(in), phoneColumn, by, ImportProgress.NONE, null, false));
    }

    /**
     * Which variables of each of the tenant's scenarios a list with these {@code columns} satisfies (upload
     * previews); empty when scenarios are not known here.
     */
    public List<ListFit.Coverage> coverage(Tenant tenant, Collection<String> columns) {
        Map<String, List<Scenario.Variable>> all = scenarios.apply(tenant);
        if (all == null) {
            return List.of();
        }
        return all.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> ListFit.coverage(e.getKey(), e.getValue(), columns)).toList();
    }

    /** {@code listId} if the tenant has that list; otherwise not found. */
    String existingListId(Tenant tenant, String listId) {
        if (!Ids.valid(listId) || store(tenant).list(listId).isEmpty()) {
            throw ListUploads.noSuchList(listId);
        }
        return listId;
    }

    // ---- do-not-call list ----

    public DncLists.Report addDnc(Tenant tenant, List<DncLists.Entry> entries, String reason) {
        return DncLists.add(store(tenant), config.region(), entries, reason);
    }

    public List<DncLists.View> dnc(Tenant tenant, String kind, int offset, int limit) {
        return DncLists.list(store(tenant), kind, offset, limit);
    }

    public String removeDnc(Tenant tenant, String phone) {
        return DncLists.remove(store(tenant), config.region(), phone);
    }

    /** A supervisor's decision on a pending opt-out: {@code confirm} (→ DNC) or {@code reject} (callable again). */
    public String reviewOptOut(Tenant tenant, String phone, String decision, String reviewer) {
        return reviewOptOut(tenant, phone, decision, reviewer, null);
    }

    /** {@code note}: the reviewer's reason, kept in the review log (and on a confirmed number's DNC entry). */
    public String reviewOptOut(Tenant tenant, String phone, String decision, String reviewer, String note) {
        return DncLists.review(store(tenant), config.region(), phone, decision, reviewer, note, clock.instant());
    }

    public List<ContactRules.OptOutReview> optOutReviews(Tenant tenant, int limit) {
        return store(tenant).optOutReviews(limit);
    }

    // ---- registered caller ids ----

    public CallerIds.View callerIds(Tenant tenant) {
        return CallerIds.view(store(tenant), config.callerIds());
    }

    public ContactRules.CallerId addCallerId(Tenant tenant, String number, String label) {
        return CallerIds.add(store(tenant), config.region(), number, label);
    }

    public String removeCallerId(Tenant tenant, String number) {
        return CallerIds.remove(store(tenant), config.region(), number);
    }

    // ---- holiday calendar ----

    public List<ContactRules.Holiday> holidays(Tenant tenant) {
        return store(tenant).holidays();
    }

    public Holidays.Added addHolidays(Tenant tenant, List<String> dates, String name) {
        return Holidays.add(store(tenant), dates, name);
    }

    public String removeHoliday(Tenant tenant, String date) {
        return Holidays.remove(store(tenant), date);
    }

    // ---- recordings ----

    /** The tenant's recording retention in days; null keeps recordings for ever. */
    public Integer recordingRetention(Tenant tenant) {
        OptionalInt d = store(tenant).recordings().retentionDays();
        return d.isPresent() ? d.getAsInt() : null;
    }

    /** Sets (null clears) the tenant's recording retention: 1 to 3650 days. */
    public Integer recordingRetention(Tenant tenant, Integer days) {
        if (days != null && (days < 1 || days > 3650)) {
            throw Failure.invalid("days", "录音保留天数应在 1 到 3650 之间（不填表示永久保留）");
        }
        store(tenant).recordings().retentionDays(days);
        return days;
    }
}
