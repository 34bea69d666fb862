package dev.zhiyu.server.telephony;

import dev.zhiyu.server.dialog.DialogService;
import dev.zhiyu.server.platform.Failure;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import dev.zhiyu.server.platform.TenantStatus;
import dev.zhiyu.telephony.CallRecord;
import dev.zhiyu.telephony.Disposition;
import dev.zhiyu.telephony.TaskSpec;
import dev.zhiyu.telephony.TaskStatus;
import dev.zhiyu.telephony.call.CallControl;
import dev.zhiyu.telephony.call.DialogBridge;
import dev.zhiyu.telephony.call.NodePool;
import dev.zhiyu.telephony.dialer.CallcenterAgents;
import dev.zhiyu.telephony.dialer.Dialer;
import dev.zhiyu.telephony.dialer.GatewayLimits;
import dev.zhiyu.telephony.dialer.PredictivePacer;
import dev.zhiyu.telephony.lists.CallListImporter;
import dev.zhiyu.telephony.lists.ColumnMapping;
import dev.zhiyu.telephony.lists.ImportProgress;
import dev.zhiyu.telephony.lists.ImportReport;
import dev.zhiyu.telephony.sim.FsSimulator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outbound calling for every tenant of the server: call lists, tasks and call records in each tenant's own
 * database, one dialer per tenant, one FreeSWITCH connection (or, with none configured, the demo simulator).
 * A background loop ticks every running task; tasks started from the CLI (status RUNNING in the database) are
 * picked up within a few seconds, and tasks that were running when the server stopped are recovered (calls left
 * open are closed as interrupted, no attempt is dialled twice).
 */
public final class TelephonyService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TelephonyService.class);
    static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Duration TICK = Duration.ofMillis(250);
    private static final int DISCOVER_EVERY = 8;
    private static final int SWEEP_EVERY = 4 * 60 * 10; // ticks: every ten minutes

    /** Everything a task is created from; nulls take the defaults. */
    public record TaskRequest(String name, String listId, String scenario, String windowStart, String windowEnd,
                              String timeZone, List<String> holidays, Integer maxConcurrent, Integer callsPerSecond,
                              Integer maxAttempts, Integer perNumberDailyCap, Integer originateTimeoutSeconds,
                              Map<String, Integer> retryMinutes, List<String> callerIds, String pacing,
                              String agentQueue) {
        public TaskRequest(String name, String listId, String scenario, String windowStart, String windowEnd,
                           String timeZone, List<String> holidays, Integer maxConcurrent, Integer callsPerSecond,
                           Integer maxAttempts, Integer perNumberDailyCap, Integer originateTimeoutSeconds,
                           Map<String, Integer> retryMinutes, List<String> callerIds) {
            this(name, listId, scenario, windowStart, windowEnd, timeZone, holidays, maxConcurrent, callsPerSecond,
                    maxAttempts, perNumberDailyCap, originateTimeoutSeconds, retryMinutes, callerIds, null, null);
        }
    }

    static final Pattern QUEUE = Pattern.compile("[A-Za-z0-9_.@-]{1,128}");
    private static final String QUEUE_PREFIX = "queue:";

    /**
     * A call state change for live feeds; {@code talking} events carry the dialog stage and the last bot and caller
     * lines, {@code takeover} and a transferred call's {@code ended} carry where it went.
     */
    public record CallEvent(String taskId, String callId, String leadId, String phone, int attempt, String state,
                            String at, String disposition, String dispositionLabel, String stage, String lastBot,
                            String lastCaller, String transferredTo) {
    }

    /** A supervisor's take-over as accepted: the call's dialog stops and the call goes to {@code transferredTo}. */
    public record Takeover(String callId, String taskId, String transferredTo) {
    }

    /** The FreeSWITCH nodes as the console shows them: totals, then each node. */
    public record FsStatus(String mode, String node, boolean connected, int liveCalls, long eventsSeen, long reconnects,
                           List<String> gateways, List<NodeStatus> nodes) {
    }

    /** One node; its limits are null when unlimited (demo mode). */
    public record NodeStatus(String name, String address, boolean connected, int liveCalls, long eventsSeen,
                             long reconnects, List<String> gateways, Integer maxChannels, Integer maxCps) {
    }

    private record TenantTelephony(Tenant tenant, JdbcDialerStore store, Dialer dialer, Set<String> recovered,
                                   TenantDialogEngine engine) {
    }

    private final Platform platform;
    private final DialogService dialogs;
    private final TelephonyConfig config;
    private final Clock clock;
    private final ConcurrentMap<String, TenantTelephony> tenants = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, List<Consumer<CallEvent>>> listeners = new ConcurrentHashMap<>();
    private final List<String> alerts = new CopyOnWriteArrayList<>();
    private final ConcurrentMap<String, CallcenterAgents> agentQueues = new ConcurrentHashMap<>();
    private final GatewayLimits gatewayLimits;
    private final ListImports listImports;
    private FsSimulator simulator;
    private final NodePool nodes = new NodePool();
    private volatile boolean running;
    private Thread loop;

    public TelephonyService(Platform platform, DialogService dialogs, TelephonyConfig config, Clock clock) {
        this.platform = platform;
        this.dialogs = dialogs;
        this.config = config;
        this.clock = clock;
        this.gatewayLimits = new GatewayLimits(config.gatewayMaxCalls(), config.gatewayMaxCps());
        this.listImports = new ListImports(platform.stores(), config, 2);
    }

    /**
     * Connects to the FreeSWITCH nodes (or starts the demo simulator) and starts the dialing loop. Fails when no
     * node can be reached (misconfiguration should be loud); nodes down at start are retried in the background.
     */
    public TelephonyService start() {
        if (config.demo()) {
            simulator = new FsSimulator(new FsSimulator.Config("ClueCon", Set.copyOf(config.gateways()),
                    config.demoTimeScale(), 500, 20_000, 5_000), new DemoCallees());
            if (config.demoAgents() > 0) {
                simulator.agents(TelephonyConfig.DEMO_QUEUE, config.demoAgents(), 120_000);
            }
            try {
                CallControl c = new CallControl(new CallControl.Node("demo-simulator", "127.0.0.1", simulator.start(),
                        "ClueCon"), clock, this::alert).start();
                nodes.add(c, NodePool.Limits.unlimited());
            } catch (IOException e) {
                throw Failure.unavailable("演示模拟器启动失败：" + e.getMessage(), e);
            }
        } else {
            List<String> failures = new ArrayList<>();
            for (TelephonyConfig.FsNode n : config.nodes()) {
                CallControl c = new CallControl(new CallControl.Node(n.name(), n.host(), n.port(), n.password()), clock,
                        this::alert);
                try {
                    c.start();
                } catch (IOException e) {
                    failures.add(n.name() + "（" + n.host() + ":" + n.port() + "）：" + e.getMessage());
                    c.retryInBackground();
                }
                nodes.add(c, new NodePool.Limits(Set.copyOf(n.gateways()), n.maxChannels(), n.maxCps()));
            }
            if (failures.size() == config.nodes().size()) {
                nodes.close();
                throw Failure.unavailable("连接 FreeSWITCH 失败 " + failures, null);
            }
            failures.forEach(f -> alert("FreeSWITCH 节点暂不可用，后台重连：" + f));
        }
        nodes.nodes().forEach(c -> c.onCustom(e -> agentQueues.values().forEach(a -> a.accept(e))));
        running = true;
        loop = Thread.ofPlatform().daemon().name("zhiyu-dialer").start(this::loop);
        return this;
    }

    private void alert(String message) {
        LOG.warn("电话告警：{}", message);
        alerts.add(message);
        while (alerts.size() > 200) {
            alerts.remove(0);
        }
    }

    public List<String> recentAlerts() {
        return List.copyOf(alerts);
    }

    public TelephonyConfig config() {
        return config;
    }

    private void loop() {
        long n = 0;
        while (running) {
            try {
                if (n % SWEEP_EVERY == SWEEP_EVERY - 1) {
                    sweepRecordings();
                }
                if (n++ % DISCOVER_EVERY == 0) {
                    discover();
                    refreshAgents();
                }
                for (TenantTelephony t : tenants.values()) {
                    for (String taskId : List.copyOf(t.recovered())) {
                        tick(t, taskId);
                    }
                }
                Thread.sleep(TICK.toMillis());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("拨号循环出错", e);
            }
        }
    }

    /** Deletes every active tenant's recordings past its retention (a no-op without a recording directory). */
    private void sweepRecordings() {
        if (config.recordDir() == null) {
            return;
        }
        RecordingSweeper sweeper = new RecordingSweeper(java.nio.file.Path.of(config.recordDir()), clock, this::alert);
        for (Tenant tenant : platform.tenants().list()) {
            if (tenant.status() == TenantStatus.ACTIVE) {
                try {
                    sweeper.sweep(store(tenant));
                } catch (RuntimeException e) {
                    LOG.warn("租户 {} 录音清理失败：{}", tenant.slug(), e.getMessage());
                }
            }
        }
    }

    /** The tenant's recording retention in days; null keeps recordings for ever. */
    public Integer recordingRetention(Tenant tenant) {
        java.util.OptionalInt d = store(tenant).recordingRetentionDays();
        return d.isPresent() ? d.getAsInt() : null;
    }

    /** Sets (null clears) the tenant's recording retention: 1 to 3650 days. */
    public Integer recordingRetention(Tenant tenant, Integer days) {
        if (days != null && (days < 1 || days > 3650)) {
            throw Failure.invalid("days", "录音保留天数应在 1 到 3650 之间（不填表示永久保留）");
        }
        store(tenant).recordingRetentionDays(days);
        return days;
    }

    /**
     * Re-reads every watched queue's agents with {@code callcenter_config queue list agents} (the events keep them
     * current in between; this repairs anything missed, e.g. across a reconnect).
     */
    private void refreshAgents() {
        for (CallcenterAgents a : agentQueues.values()) {
            nodes.api(a.listCommand()).whenComplete((answer, error) -> {
                if (error == null && !a.load(answer)) {
                    alert("坐席队列 " + a.queue() + " 读取失败：" + answer.strip());
                }
            });
        }
    }

    /** The agents of one mod_callcenter queue, shared by every tenant's tasks on this node. */
    private CallcenterAgents agents(String queue) {
        return agentQueues.computeIfAbsent(queue, q -> {
            CallcenterAgents a = new CallcenterAgents(q, Clock.systemUTC(), Duration.ofSeconds(10));
            try {
                a.load(nodes.api(a.listCommand()).get(5, java.util.concurrent.TimeUnit.SECONDS));
            } catch (Exception e) {
                alert("坐席队列 " + q + " 读取失败：" + e.getMessage());
            }
            return a;
        });
    }

    /** Starts (or recovers) a task in its dialer; predictive tasks get their pacer and agent queue first. */
    private void begin(TenantTelephony t, String taskId) {
        t.store().storedTask(taskId).filter(JdbcDialerStore.StoredTask::predictive).ifPresent(st -> t.dialer().pace(taskId,
                new PredictivePacer(new PredictivePacer.Settings(config.abandonCap(), Duration.ofMinutes(30), 0.3,
                        Duration.ofSeconds(120), Duration.ofSeconds(12))),
                agents(st.agentQueue()), QUEUE_PREFIX + st.agentQueue()));
        t.dialer().start(taskId);
    }

    private void tick(TenantTelephony t, String taskId) {
        try {
            TaskStatus s = t.store().status(taskId);
            if (s == TaskStatus.RUNNING || t.dialer().unconfirmed(taskId) > 0 || t.dialer().pendingKills(taskId) > 0) {
                // a paused or stopped task still settles calls whose node was down at start-up, and hangs up the
                // ones it gave up on once their node is back
                t.dialer().tick(taskId);
            } else if (s == TaskStatus.STOPPED || s == TaskStatus.COMPLETED) {
                if (t.dialer().active() == 0) {
                    t.recovered().remove(taskId);
                }
            }
        } catch (RuntimeException e) {
            LOG.error("租户 {} 任务 {} 拨号出错：{}", t.tenant().slug(), taskId, e.getMessage());
        }
    }

    /** Finds RUNNING tasks in every active tenant (also those started from the CLI) and takes them on. */
    private void discover() {
        for (Tenant tenant : platform.tenants().list()) {
            if (tenant.status() != TenantStatus.ACTIVE) {
                continue;
            }
            try {
                JdbcDialerStore store = new JdbcDialerStore(platform.stores().jdbi(tenant), tenant.slug(), config.zone());
                List<String> runningTasks = store.taskIdsWithStatus(TaskStatus.RUNNING);
                if (runningTasks.isEmpty() && !tenants.containsKey(tenant.slug())) {
                    continue;
                }
                TenantTelephony t = of(tenant);
                for (String id : runningTasks) {
                    if (t.recovered().add(id)) {
                        begin(t, id); // recovery: attempts left open by a previous process close as INTERRUPTED
                    }
                }
            } catch (RuntimeException e) {
                LOG.debug("租户 {} 暂不可用：{}", tenant.slug(), e.getMessage());
            }
        }
    }

    private TenantTelephony of(Tenant tenant) {
        return tenants.computeIfAbsent(tenant.slug(), slug -> {
            JdbcDialerStore store = store(tenant);
            TenantDialogEngine engine = new TenantDialogEngine(dialogs, tenant, platform.stores().jdbi(tenant));
            Dialer dialer = new Dialer(store, nodes, engine,
                    new DialogBridge.Settings(config.demo() ? "test" : config.asr(), "default", Duration.ofSeconds(6),
                            Duration.ofMinutes(5), config.recordDir(), QUEUE_PREFIX),
                    clock, m -> alert("租户 " + slug + "：" + m), r -> { });
            dialer.maxCalls(config.tenantMaxCalls());
            dialer.maxCallsPerSecond(config.tenantMaxCps());
            dialer.unconfirmedGrace(config.unconfirmedGrace());
            dialer.sms(new JdbcSmsOutbox(platform.stores().jdbi(tenant), clock, config.smsPerNumberDaily(), config.smsPerMinute()));
            dialer.gatewayLimits(gatewayLimits); // one set of gateway caps for every tenant of the node
            dialer.onState(s -> publish(slug, new CallEvent(s.taskId(), s.callId(), mask(s.leadId()), mask(s.phone()), s.attempt(),
                    s.state(), s.at().toString(), s.disposition() == null ? null : s.disposition().name(),
                    s.disposition() == null ? null : s.disposition().label(),
                    s.state().equals("talking") ? engine.stage(s.callId()) : null, s.lastBot(), s.lastCaller(),
                    s.transferredTo())));
            return new TenantTelephony(tenant, store, dialer, ConcurrentHashMap.newKeySet(), engine);
        });
    }

    private JdbcDialerStore store(Tenant tenant) {
        return new JdbcDialerStore(platform.stores().jdbi(tenant), tenant.slug(), config.zone());
    }

    /** +8613800138000 → +86138****8000 on live feeds. */
    static String mask(String phone) {
        return phone == null || phone.length() < 8 ? phone
                : phone.substring(0, phone.length() - 8) + "****" + phone.substring(phone.length() - 4);
    }

    private void publish(String slug, CallEvent e) {
        for (Consumer<CallEvent> l : listeners.getOrDefault(slug + "|" + e.taskId(), List.of())) {
            try {
                l.accept(e);
            } catch (RuntimeException ignored) {
                // a closed feed goes away by itself
            }
        }
    }

    /** Live call state changes of one task; close the handle to stop. */
    public AutoCloseable subscribe(Tenant tenant, String taskId, Consumer<CallEvent> listener) {
        task(tenant, taskId);
        List<Consumer<CallEvent>> l = listeners.computeIfAbsent(tenant.slug() + "|" + taskId, k -> new CopyOnWriteArrayList<>());
        l.add(listener);
        return () -> l.remove(listener);
    }

    // ---- call lists ----

    /** What an upload did to a list. */
    public record Upload(String listId, boolean created, ImportReport report) {
    }

    /** A call-list file: a stream (with its size, if known) or a file on disk. */
    record Source(InputStream in, Path file, long size) {
        static Source of(InputStream in) {
            return new Source(in, null, -1);
        }

        static Source of(Path file) {
            return new Source(null, file, -1);
        }
    }

    /**
     * Imports into one list wait for each other (the list's row is locked for the import's transaction as well); an
     * entry lives while an import of that list runs or waits.
     */
    private static final ConcurrentMap<String, ListTurn> LIST_TURNS = new ConcurrentHashMap<>();

    private static final class ListTurn {
        final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock(true);
        int users;
    }

    /**
     * The HTTP upload: into a new list (generated id) when {@code appendTo} is null, else into the existing list
     * {@code appendTo} — not found when the tenant has no such list. A file refused as a whole stores nothing.
     */
    public Upload uploadList(Tenant tenant, String appendTo, String name, String fileName, InputStream in,
                             String phoneColumn, String by) {
        String listId = appendTo == null ? newListId() : existingListId(tenant, appendTo);
        return importList(store(tenant), config, listId, appendTo != null, name, fileName, Source.of(in), phoneColumn, by,
                ImportProgress.NONE, null, false);
    }

    /**
     * The same upload in the background: checks what can be checked at once (file type, target list), then records a
     * job (排队) that imports the spooled {@code upload} — which the job then owns and deletes — and returns it.
     */
    public ListImport submitListImport(Tenant tenant, String appendTo, String name, String fileName, Path upload,
                                       String phoneColumn, String by) throws IOException {
        checkFileName(fileName);
        String listId = appendTo == null ? newListId() : existingListId(tenant, appendTo);
        return listImports.submit(tenant, new ListImports.Job(listId, appendTo != null,
                name == null || name.isBlank() ? fileName : name.strip(), fileName, upload, Files.size(upload),
                phoneColumn, by));
    }

    /** One background import of the tenant's; not found for an unknown id or another tenant's job. */
    public ListImport listImport(Tenant tenant, long id) {
        return listImports.find(tenant, id).orElseThrow(() -> Failure.notFound("没有这个名单导入：" + id));
    }

    /** The tenant's background imports, newest first. */
    public List<ListImport> listImports(Tenant tenant, int limit) {
        return listImports.recent(tenant, limit);
    }

    private String existingListId(Tenant tenant, String listId) {
        if (!ID.matcher(listId).matches() || platform.stores().jdbi(tenant).withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM telephony_lists WHERE list_id = :id").bind("id", listId).mapTo(Integer.class).one()) == 0) {
            throw Failure.notFound("没有名单 " + listId + "：请确认名单编号（见名单列表），或不带 list 参数上传以新建名单");
        }
        return listId;
    }

    static String newListId() {
        return "l" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static void checkFileName(String fileName) {
        if (fileName == null || !fileName.toLowerCase(java.util.Locale.ROOT).matches(".*\\.(csv|txt|xlsx)")) {
            throw Failure.invalid("file", "只支持 .csv 或 .xlsx 文件：请在 Excel 中另存为 .xlsx，或另存为 UTF-8 编码的 .csv 后重新上传");
        }
    }

    /** The demo tenant's list: created with {@code listId} if it does not exist yet, else appended to. */
    public Upload importList(Tenant tenant, String listId, String name, String fileName, InputStream in,
                             String phoneColumn, String by) {
        return importList(store(tenant), config, listId, name, fileName, in, phoneColumn, by);
    }

    /**
     * The CLI's upload: into {@code listId}, created if it does not exist yet (a new id when null). A file refused as
     * a whole stores nothing, not even the new list.
     */
    public static Upload importList(JdbcDialerStore store, TelephonyConfig config, String listId, String name,
                                    String fileName, InputStream in, String phoneColumn, String by) {
        String id = listId == null || listId.isBlank() ? newListId() : listId;
        if (!ID.matcher(id).matches()) {
            throw Failure.invalid("list", "名单编号只能包含字母、数字、下划线和连字符（最多 64 个）");
        }
        return importList(store, config, id, false, name, fileName, Source.of(in), phoneColumn, by, ImportProgress.NONE,
                null, false);
    }

    /**
     * One import, all or nothing: the new list (if this import creates it), its leads and the history row are written
     * in one transaction ({@link JdbcLeadSink}) that commits only when the whole file was read.
     *
     * @param mustExist     {@code listId} names an existing list (else not found); otherwise it is created when missing
     * @param inTransaction run in the import's transaction just before it commits, with everything read (a background
     *                      job marks itself done there, so its record and the leads cannot disagree after a crash)
     * @param waitForList   wait while another import into the same list runs (background jobs); otherwise refuse
     */
    static Upload importList(JdbcDialerStore store, TelephonyConfig config, String listId, boolean mustExist,
                             String name, String fileName, Source source, String phoneColumn, String by,
                             ImportProgress progress, java.util.function.BiConsumer<org.jdbi.v3.core.Handle, ImportReport> inTransaction,
                             boolean waitForList) {
        checkFileName(fileName);
        String listName = name == null || name.isBlank() ? fileName : name.strip();
        String key = store.tenant() + "/" + listId;
        ListTurn turn = LIST_TURNS.compute(key, (k, t) -> {
            ListTurn held = t == null ? new ListTurn() : t;
            held.users++;
            return held;
        });
        try {
            if (waitForList) {
                turn.lock.lock();
            } else if (!turn.lock.tryLock()) {
                throw Failure.conflict("list", "名单 " + listId + " 正在导入另一个文件：请等它完成后再上传");
            }
            try {
                return importLocked(store, config, listId, mustExist, listName, fileName, source, phoneColumn, by,
                        progress, inTransaction);
            } finally {
                turn.lock.unlock();
            }
        } finally {
            LIST_TURNS.computeIfPresent(key, (k, t) -> --t.users == 0 ? null : t);
        }
    }

    private static Upload importLocked(JdbcDialerStore store, TelephonyConfig config, String listId, boolean mustExist,
                                       String listName, String fileName, Source source, String phoneColumn, String by,
                                       ImportProgress progress,
                                       java.util.function.BiConsumer<org.jdbi.v3.core.Handle, ImportReport> inTransaction) {
        JdbcLeadSink sink;
        boolean created;
        java.util.Optional<JdbcLeadSink> existing = JdbcLeadSink.existingList(store.jdbi(), listId);
        if (existing.isPresent()) {
            sink = existing.get();
            created = false;
        } else if (mustExist) {
            throw Failure.notFound("没有名单 " + listId + "：请确认名单编号（见名单列表），或不带 list 参数上传以新建名单");
        } else {
            sink = JdbcLeadSink.newList(store.jdbi(), listId, listName, by);
            created = true;
        }
        ImportProgress recording = new ImportProgress() {
            @Override
            public void reading(ImportReport soFar, double fractionRead) {
                progress.reading(soFar, fractionRead);
            }

            @Override
            public void committing(ImportReport all) {
                sink.recordOnCommit(fileName, all, by);
                if (inTransaction != null) {
                    sink.beforeCommit(h -> inTransaction.accept(h, all));
                }
                progress.committing(all);
            }
        };
        ColumnMapping mapping = phoneColumn == null || phoneColumn.isBlank() ? ColumnMapping.auto()
                : new ColumnMapping(phoneColumn);
        CallListImporter importer = new CallListImporter(config.region(), config.maxListRows());
        ImportReport r = source.file() != null
                ? importer.importFile(listId, source.file(), fileName, mapping, sink, recording)
                : importer.importFile(listId, fileName, source.in(), source.size(), mapping, sink, recording);
        return new Upload(listId, created && r.ok(), r);
    }

    public List<JdbcDialerStore.StoredList> lists(Tenant tenant) {
        return store(tenant).lists();
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
        return DncLists.review(store(tenant), config.region(), phone, decision, reviewer, clock.instant());
    }

    // ---- registered caller ids ----

    public CallerIds.View callerIds(Tenant tenant) {
        return CallerIds.view(store(tenant), config);
    }

    public JdbcDialerStore.CallerId addCallerId(Tenant tenant, String number, String label) {
        return CallerIds.add(store(tenant), config.region(), number, label);
    }

    public String removeCallerId(Tenant tenant, String number) {
        return CallerIds.remove(store(tenant), config.region(), number);
    }

    // ---- holiday calendar ----

    public List<JdbcDialerStore.Holiday> holidays(Tenant tenant) {
        return Holidays.list(store(tenant));
    }

    public Holidays.Added addHolidays(Tenant tenant, List<String> dates, String name) {
        return Holidays.add(store(tenant), dates, name);
    }

    public String removeHoliday(Tenant tenant, String date) {
        return Holidays.remove(store(tenant), date);
    }

    // ---- tasks ----

    public JdbcDialerStore.StoredTask createTask(Tenant tenant, TaskRequest in) {
        return createTask(store(tenant), tenant.slug(), config, dialogs.scenarios(tenant), in);
    }

    /** Validates and stores a task (status CREATED); each problem names its field. */
    public static JdbcDialerStore.StoredTask createTask(JdbcDialerStore store, String tenantSlug, TelephonyConfig config,
                                                        Set<String> scenarios, TaskRequest in) {
        if (in.listId() == null || store.list(in.listId()).isEmpty()) {
            throw Failure.invalid("listId", "没有名单 " + in.listId());
        }
        if (store.list(in.listId()).get().leads() == 0) {
            throw Failure.invalid("listId", "名单 " + in.listId() + " 中没有可拨打的号码");
        }
        String scenario = in.scenario() == null ? "account-opening-callback" : in.scenario();
        if (scenarios != null && !scenarios.contains(scenario)) {
            throw Failure.invalid("scenario", "没有场景 " + scenario + "；可用的有 " + scenarios);
        }
        LocalTime start = time("windowStart", in.windowStart(), LocalTime.of(9, 0));
        LocalTime end = in.windowEnd() != null && in.windowEnd().equals("24:00") ? LocalTime.MAX
                : time("windowEnd", in.windowEnd(), LocalTime.of(20, 0));
        if (!start.isBefore(end)) {
            throw Failure.invalid("windowEnd", "呼叫时段结束时间须晚于开始时间");
        }
        ZoneId zone;
        try {
            zone = in.timeZone() == null ? config.zone() : ZoneId.of(in.timeZone());
        } catch (RuntimeException e) {
            throw Failure.invalid("timeZone", "不是有效的时区，例如 Asia/Shanghai");
        }
        Set<LocalDate> holidays = new java.util.HashSet<>();
        List<String> hs = in.holidays() == null ? List.of() : in.holidays();
        for (int i = 0; i < hs.size(); i++) {
            try {
                holidays.add(LocalDate.parse(hs.get(i)));
            } catch (RuntimeException e) {
                throw Failure.invalid("holidays[" + i + "]", "日期应形如 2026-10-01");
            }
        }
        int maxConcurrent = range("maxConcurrent", in.maxConcurrent(), 10, 1, 1000);
        int cps = range("callsPerSecond", in.callsPerSecond(), 5, 1, 200);
        int maxAttempts = range("maxAttempts", in.maxAttempts(), 3, 1, 10);
        int cap = range("perNumberDailyCap", in.perNumberDailyCap(), 2, 1, 20);
        int timeout = range("originateTimeoutSeconds", in.originateTimeoutSeconds(), 30, 5, 120);
        Map<Disposition, Duration> retries = new EnumMap<>(Disposition.class);
        retries.putAll(TaskSpec.defaultRetryDelays());
        if (in.retryMinutes() != null) {
            for (Map.Entry<String, Integer> e : in.retryMinutes().entrySet()) {
                Disposition d;
                try {
                    d = Disposition.valueOf(e.getKey());
                } catch (IllegalArgumentException ex) {
                    throw Failure.invalid("retryMinutes." + e.getKey(), "不是呼叫结果；可重试的有 BUSY、NO_ANSWER、UNAVAILABLE、CARRIER_FAULT、INTERRUPTED、ABANDONED");
                }
                if (!d.retryable()) {
                    throw Failure.invalid("retryMinutes." + e.getKey(), d.label() + " 不允许重拨");
                }
                retries.put(d, Duration.ofMinutes(range("retryMinutes." + e.getKey(), e.getValue(), 30, 1, 7 * 24 * 60)));
            }
        }
        List<String> allowed = CallerIds.effective(store, config);
        List<String> callerIds = in.callerIds() == null || in.callerIds().isEmpty() ? allowed
                : in.callerIds().stream().map(c -> CallerIds.normaliseOrRaw(c, config.region())).toList();
        for (int i = 0; i < callerIds.size(); i++) {
            if (!allowed.contains(callerIds.get(i))) {
                throw Failure.invalid("callerIds[" + i + "]", "主叫号码只能用本租户登记的号码 " + allowed);
            }
        }
        String name = in.name() == null || in.name().isBlank() ? "外呼任务" : in.name().strip();
        if (name.length() > 200) {
            throw Failure.invalid("name", "不能超过 200 个字符");
        }
        String pacing = in.pacing() == null || in.pacing().isBlank() ? "progressive" : in.pacing().strip();
        String agentQueue = in.agentQueue() == null || in.agentQueue().isBlank() ? null : in.agentQueue().strip();
        if (!pacing.equals("progressive") && !pacing.equals("predictive")) {
            throw Failure.invalid("pacing", "应为 progressive（逐个呼叫，默认）或 predictive（预测式，接通后转人工坐席队列）");
        }
        if (pacing.equals("predictive") && agentQueue == null) {
            throw Failure.invalid("agentQueue", "预测式外呼需要接听的坐席队列（mod_callcenter 队列名，例如 sales@default）");
        }
        if (pacing.equals("progressive") && agentQueue != null) {
            throw Failure.invalid("agentQueue", "只有预测式外呼（pacing=predictive）才转坐席队列");
        }
        if (agentQueue != null && !QUEUE.matcher(agentQueue).matches()) {
            throw Failure.invalid("agentQueue", "队列名只能包含字母、数字和 _ . @ -（最多 128 个）");
        }
        String id = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        TaskSpec spec = new TaskSpec(id, tenantSlug, in.listId(), scenario, callerIds, config.gateways(), maxConcurrent, cps,
                start, end, zone, holidays, maxAttempts, retries, cap, timeout);
        store.createTask(spec, name, pacing, agentQueue);
        return store.storedTask(id).orElseThrow();
    }

    private static LocalTime time(String field, String v, LocalTime dflt) {
        if (v == null) {
            return dflt;
        }
        try {
            return LocalTime.parse(v);
        } catch (RuntimeException e) {
            throw Failure.invalid(field, "时间应形如 09:00");
        }
    }

    private static int range(String field, Integer v, int dflt, int min, int max) {
        if (v == null) {
            return dflt;
        }
        if (v < min || v > max) {
            throw Failure.invalid(field, "应在 " + min + " 到 " + max + " 之间");
        }
        return v;
    }

    /** True when no FreeSWITCH is configured and calls go to the in-JVM simulator. */
    public boolean demo() {
        return config.demo();
    }

    public List<JdbcDialerStore.StoredTask> tasks(Tenant tenant) {
        return store(tenant).tasks();
    }

    /** The task, or not found (another tenant's task is simply not in this tenant's database). */
    public JdbcDialerStore.StoredTask task(Tenant tenant, String taskId) {
        return task(store(tenant), taskId);
    }

    static JdbcDialerStore.StoredTask task(JdbcDialerStore store, String taskId) {
        if (taskId == null || !ID.matcher(taskId).matches()) {
            throw Failure.notFound("没有任务 " + taskId);
        }
        return store.storedTask(taskId).orElseThrow(() -> Failure.notFound("没有任务 " + taskId));
    }

    /** start, pause, resume, stop: a state machine with clear refusals. */
    public JdbcDialerStore.StoredTask control(Tenant tenant, String taskId, String verb) {
        JdbcDialerStore.StoredTask t = control(store(tenant), taskId, verb);
        if (t.status() == TaskStatus.RUNNING) {
            TenantTelephony tt = of(tenant);
            if (tt.recovered().add(taskId)) {
                begin(tt, taskId);
            }
        }
        return t;
    }

    /** The same transitions on the database alone (the CLI; a running server picks RUNNING tasks up). */
    public static JdbcDialerStore.StoredTask control(JdbcDialerStore store, String taskId, String verb) {
        JdbcDialerStore.StoredTask t = task(store, taskId);
        List<TaskStatus> from;
        TaskStatus to;
        switch (verb) {
            case "start" -> {
                from = List.of(TaskStatus.CREATED);
                to = TaskStatus.RUNNING;
            }
            case "resume" -> {
                from = List.of(TaskStatus.PAUSED);
                to = TaskStatus.RUNNING;
            }
            case "pause" -> {
                from = List.of(TaskStatus.RUNNING);
                to = TaskStatus.PAUSED;
            }
            case "stop" -> {
                from = List.of(TaskStatus.CREATED, TaskStatus.RUNNING, TaskStatus.PAUSED);
                to = TaskStatus.STOPPED;
            }
            default -> throw Failure.invalid("action", "应为 start、pause、resume 或 stop");
        }
        if (!store.transition(taskId, from, to)) {
            TaskStatus now = store.status(taskId);
            throw Failure.conflict("status", "任务当前状态为 " + label(now) + "，不能" + verbLabel(verb));
        }
        return store.storedTask(taskId).orElse(t);
    }

    static String label(TaskStatus s) {
        return switch (s) {
            case CREATED -> "未开始";
            case RUNNING -> "进行中";
            case PAUSED -> "已暂停";
            case STOPPED -> "已停止";
            case COMPLETED -> "已完成";
        };
    }

    private static String verbLabel(String verb) {
        return switch (verb) {
            case "start" -> "启动";
            case "resume" -> "恢复";
            case "pause" -> "暂停";
            default -> "停止";
        };
    }

    /** Dialled, answered, completed, transferred, outcome mix and the conversion funnel of a task. */
    public Map<String, Object> stats(Tenant tenant, String taskId) {
        return stats(store(tenant), taskId);
    }

    public static Map<String, Object> stats(JdbcDialerStore store, String taskId) {
        JdbcDialerStore.StoredTask t = task(store, taskId);
        List<CallRecord> records = store.records(taskId);
        long leads = store.list(t.spec().listId()).map(JdbcDialerStore.StoredList::leads).orElse(0L);
        long leadsDialled = records.stream().map(CallRecord::leadId).distinct().count();
        long leadsAnswered = records.stream().filter(r -> r.answeredAt() != null).map(CallRecord::leadId).distinct().count();
        long conversations = records.stream().filter(r -> r.outcome() != null).map(CallRecord::leadId).distinct().count();
        long converted = records.stream().filter(r -> "A".equals(r.outcome()) || r.transferredTo() != null)
                .map(CallRecord::leadId).distinct().count();
        Map<String, Long> dispositions = new LinkedHashMap<>();
        Map<String, Long> outcomes = new LinkedHashMap<>();
        for (CallRecord r : records) {
            dispositions.merge(r.disposition().name(), 1L, Long::sum);
            if (r.outcome() != null) {
                outcomes.merge(r.outcome(), 1L, Long::sum);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("taskId", taskId);
        out.put("status", t.status().name());
        out.put("statusLabel", label(t.status()));
        out.put("leads", leads);
        out.put("dialled", (long) records.size());
        out.put("answered", records.stream().filter(r -> r.answeredAt() != null).count());
        out.put("completed", dispositions.getOrDefault("COMPLETED", 0L));
        out.put("transferred", dispositions.getOrDefault("TRANSFERRED", 0L));
        out.put("talkSeconds", records.stream().mapToLong(CallRecord::talkSeconds).sum());
        out.put("dispositions", dispositions);
        out.put("outcomes", outcomes);
        List<Map<String, Object>> funnel = new ArrayList<>();
        funnel.add(Map.of("stage", "名单", "leads", leads));
        funnel.add(Map.of("stage", "已拨打", "leads", leadsDialled));
        funnel.add(Map.of("stage", "已接通", "leads", leadsAnswered));
        funnel.add(Map.of("stage", "完成对话", "leads", conversations));
        funnel.add(Map.of("stage", "转化（A 类或转人工）", "leads", converted));
        out.put("funnel", funnel);
        return out;
    }

    /**
     * A supervisor takes over a call of the tenant's that is up and talking to the bot: it is transferred to its
     * task's agent queue, else to {@code zhiyu.telephony.agent.target} (demo mode: the simulated agents' queue).
     * Another tenant's call, or one not held by this server, is not found; an ended call is a conflict.
     */
    public Takeover takeOver(Tenant tenant, String callId) {
        if (callId == null || !ID.matcher(callId).matches()) {
            throw Failure.notFound("没有通话 " + callId);
        }
        TenantTelephony t = tenants.get(tenant.slug());
        String taskId = t == null ? null : t.dialer().talkingTask(callId).orElse(null);
        if (taskId == null) {
            if (store(tenant).callRecording(callId).isPresent()) {
                throw Failure.conflict("callId", "通话已结束，无法接管");
            }
            throw Failure.notFound("没有进行中的通话 " + callId);
        }
        String target = agentTarget(t.store().storedTask(taskId).orElseThrow());
        return switch (t.dialer().takeOver(callId, target)) {
            case TAKEN -> new Takeover(callId, taskId, target);
            case ALREADY -> throw Failure.conflict("callId", "通话已被接管");
            case NOT_UP -> throw Failure.conflict("callId", "通话已结束，无法接管");
            case NOT_FOUND -> throw Failure.notFound("没有进行中的通话 " + callId);
        };
    }

    private String agentTarget(JdbcDialerStore.StoredTask task) {
        if (task.agentQueue() != null) {
            return QUEUE_PREFIX + task.agentQueue();
        }
        if (config.agentTarget() != null) {
            return config.agentTarget();
        }
        if (config.demo()) {
            return QUEUE_PREFIX + TelephonyConfig.DEMO_QUEUE;
        }
        throw Failure.conflict("agentTarget", "未配置人工坐席：请设置任务的坐席队列或 zhiyu.telephony.agent.target");
    }

    /**
     * The call's recording file: only {@code <record.dir>/<tenant>/<uuid>.wav}, never a path the record names
     * elsewhere or a link out of the tenant's directory; not found when retention deleted it or nothing was recorded.
     */
    public java.nio.file.Path recording(Tenant tenant, String callId) {
        if (callId == null || !ID.matcher(callId).matches()) {
            throw Failure.notFound("没有通话 " + callId);
        }
        JdbcDialerStore.CallRecording r = store(tenant).callRecording(callId)
                .orElseThrow(() -> Failure.notFound("没有通话 " + callId));
        if (r.deletedAt() != null) {
            throw Failure.notFound("录音已按保留期限于 " + r.deletedAt() + " 删除");
        }
        if (config.recordDir() == null || r.path() == null) {
            throw Failure.notFound("这通电话没有录音");
        }
        java.nio.file.Path own = java.nio.file.Path.of(config.recordDir()).toAbsolutePath().normalize().resolve(tenant.slug());
        java.nio.file.Path file = own.resolve(callId + ".wav");
        if (!java.nio.file.Path.of(r.path()).toAbsolutePath().normalize().equals(file)) {
            alert("租户 " + tenant.slug() + "：通话 " + callId + " 的录音路径不在租户录音目录内，拒绝读取");
            throw Failure.notFound("这通电话没有可读取的录音");
        }
        try {
            if (!file.toRealPath().startsWith(own.toRealPath())) {
                alert("租户 " + tenant.slug() + "：通话 " + callId + " 的录音链接到租户录音目录之外，拒绝读取");
                throw Failure.notFound("这通电话没有可读取的录音");
            }
        } catch (IOException e) {
            throw Failure.notFound("录音文件不存在（可能已被删除）");
        }
        return file;
    }

    /** Intents, fallbacks and the stage funnel of a task's finished calls, from their stored dialog turns. */
    public DialogStats.View dialogStats(Tenant tenant, String taskId) {
        task(tenant, taskId);
        return DialogStats.of(platform.stores().jdbi(tenant), taskId);
    }

    public List<CallRecord> records(Tenant tenant, String taskId, int offset, int limit) {
        JdbcDialerStore store = store(tenant);
        task(store, taskId);
        return store.records(taskId, offset, limit);
    }

    public FsStatus status() {
        List<NodeStatus> each = nodes.nodes().stream().map(c -> {
            NodePool.Limits l = nodes.limits(c);
            return new NodeStatus(c.node().name(), c.node().host() + ":" + c.node().port(), c.connected(), c.liveCalls(),
                    c.eventsSeen(), c.reconnects(), l.gateways().isEmpty() ? config.gateways() : List.copyOf(l.gateways()),
                    l.maxChannels() == Integer.MAX_VALUE ? null : l.maxChannels(), l.maxCps() == Integer.MAX_VALUE ? null : l.maxCps());
        }).toList();
        return new FsStatus(config.demo() ? "demo" : "freeswitch",
                String.join(", ", each.stream().map(n -> n.address() + " (" + n.name() + ")").toList()),
                each.stream().anyMatch(NodeStatus::connected), each.stream().mapToInt(NodeStatus::liveCalls).sum(),
                each.stream().mapToLong(NodeStatus::eventsSeen).sum(), each.stream().mapToLong(NodeStatus::reconnects).sum(),
                config.gateways(), each);
    }

    @Override
    public void close() {
        listImports.close();
        running = false;
        if (loop != null) {
            loop.interrupt();
        }
        nodes.close();
        if (simulator != null) {
            try {
                simulator.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
