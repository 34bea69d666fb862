package dev.zhiyu.server.telephony;

import dev.zhiyu.server.dialog.DialogService;
import dev.zhiyu.server.platform.Failure;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import dev.zhiyu.server.platform.TenantStatus;
import dev.zhiyu.telephony.StoredTask;
import dev.zhiyu.telephony.Switchboard;
import dev.zhiyu.telephony.TaskDialer;
import dev.zhiyu.telephony.TaskStatus;
import dev.zhiyu.telephony.tasks.Ids;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outbound calling at run time for every tenant of the server: one dialer per tenant, one FreeSWITCH connection (or,
 * with none configured, the demo simulator), live call feeds, take-overs, background list imports. What operators
 * do to tasks, lists and rules goes through {@link #operations()}, as from the CLI.
 * Each tenant's tasks are ticked by that tenant's own loop ({@link TenantLoop}), so a slow tenant database delays
 * no other tenant; tasks started from the CLI (status RUNNING in the database) are picked up within a few seconds,
 * and tasks that were running when the server stopped are recovered (calls left open are closed as interrupted, no
 * attempt is dialled twice). Several server nodes may share the tenants' databases: a task is dialled by the node
 * holding its lease, and taken over by another when that node dies.
 */
public final class TelephonyService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TelephonyService.class);
    private static final Duration SUPERVISE_EVERY = Duration.ofSeconds(2);
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    /** A supervisor's take-over as accepted: the call's dialog stops and the call goes to {@code transferredTo}. */
    public record Takeover(String callId, String taskId, String transferredTo) {
    }

    private record TenantTelephony(Tenant tenant, JdbcDialerStore store, TaskDialer dialer, TenantDialogEngine engine) {
    }

    private final Platform platform;
    private final DialogService dialogs;
    private final TelephonyConfig config;
    private final Clock clock;
    private final TelephonyOperations operations;
    private final ConcurrentMap<String, TenantTelephony> tenants = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, TenantLoop> loops = new ConcurrentHashMap<>();
    /** This node's name on the task leases it holds: several nodes may share the tenants' databases. */
    private final String holder = TaskLeases.newHolder();
    private final CallFeeds feeds = new CallFeeds();
    private final List<String> alerts = new CopyOnWriteArrayList<>();
    private final ListImports listImports;
    private final Switchboard switchboard;
    private volatile boolean running;
    private Thread loop;

    public TelephonyService(Platform platform, DialogService dialogs, TelephonyConfig config, Clock clock) {
        this.platform = platform;
        this.dialogs = dialogs;
        this.config = config;
        this.clock = clock;
        this.switchboard = new Switchboard(config.switchboard(), clock, this::alert);
        this.operations = new TelephonyOperations(platform.stores(), config, clock,
                new TelephonyOperations.Config(dialogs::scenarioVariables, this::running, switchboard::checkMedia));
        this.listImports = new ListImports(platform.stores(), config, 2);
    }

    /** Tasks, lists and rules, as the HTTP API and the CLI see them. */
    public TelephonyOperations operations() {
        return operations;
    }

    /**
     * Connects to the FreeSWITCH nodes (or starts the demo simulator) and starts the dialing loop. A node that cannot
     * be reached, even every one, does not stop the server: its cause is alerted, it is retried in the background, and
     * the tasks that need it show why they wait ({@link #waiting}). Fails only when the demo simulator cannot start.
     */
    public TelephonyService start() {
        try {
            switchboard.start();
        } catch (IOException e) {
            throw Failure.unavailable(e.getMessage(), e);
        }
        running = true;
        loop = Thread.ofPlatform().daemon().name("zhiyu-dialer").start(this::loop);
        loops.values().forEach(TenantLoop::start);
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

    /**
     * Keeps one {@link TenantLoop} per active tenant (each on its own virtual thread, with its own database calls) and
     * the agent queues current. Only the platform database is read here, never a tenant's.
     */
    private void loop() {
        while (running) {
            try {
                List<Tenant> all = platform.tenants().list();
                all.forEach(this::supervise);
                Set<String> slugs = all.stream().map(Tenant::slug).collect(Collectors.toSet());
                loops.keySet().stream().filter(s -> !slugs.contains(s)).toList().forEach(s -> loops.remove(s).stop());
                switchboard.refreshAgents();
                Thread.sleep(SUPERVISE_EVERY.toMillis());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("拨号循环出错", e);
            }
        }
    }

    private void supervise(Tenant tenant) {
        try {
            boolean active = tenant.status() == TenantStatus.ACTIVE;
            TenantLoop l = active ? loop(tenant) : loops.get(tenant.slug());
            if (l != null) {
                l.discovering(active);
            }
        } catch (RuntimeException e) {
            LOG.debug("租户 {} 暂不可用：{}", tenant.slug(), e.getMessage());
        }
    }

    private TenantLoop loop(Tenant tenant) {
        TenantLoop l = loops.computeIfAbsent(tenant.slug(), slug -> new TenantLoop(tenant, store(tenant),
                new TaskLeases(platform.stores().jdbi(tenant), holder, config.taskLease()), () -> of(tenant).dialer(),
                this::sweepRecordings, this::alert));
        return running ? l.start() : l;
    }

    /** Deletes the tenant's recordings past its retention (a no-op without a recording directory). */
    private void sweepRecordings(JdbcDialerStore store) {
        if (config.recordDir() == null) {
            return;
        }
        try {
            new RecordingSweeper(Path.of(config.recordDir()), clock, this::alert).sweep(store);
        } catch (RuntimeException e) {
            LOG.warn("租户 {} 录音清理失败：{}", store.tenant(), e.getMessage());
        }
    }

    private TenantTelephony of(Tenant tenant) {
        return tenants.computeIfAbsent(tenant.slug(), slug -> {
            JdbcDialerStore store = store(tenant);
            TenantDialogEngine engine = new TenantDialogEngine(dialogs, tenant, platform.stores().jdbi(tenant));
            TaskDialer dialer = switchboard.dialer(store, engine, new Switchboard.DialerSettings(config.asr(),
                            config.recordDir(), config.tenantMaxCalls(), config.tenantMaxCps(), config.unconfirmedGrace()),
                    new JdbcSmsOutbox(platform.stores().jdbi(tenant), clock, config.smsPerNumberDaily(), config.smsPerMinute()),
                    m -> alert("租户 " + slug + "：" + m), s -> feeds.publish(slug, CallEvent.of(s, engine::stage)));
            return new TenantTelephony(tenant, store, dialer, engine);
        });
    }

    /** A task an operator moved to RUNNING: the tenant's loop takes it on now, if this node gets its lease. */
    private void running(Tenant tenant, String taskId) {
        loop(tenant).request(taskId);
    }

    private JdbcDialerStore store(Tenant tenant) {
        return operations.store(tenant);
    }

    /** Live call state changes of one task; close the handle to stop. */
    public AutoCloseable subscribe(Tenant tenant, String taskId, Consumer<CallEvent> listener) {
        operations.task(tenant, taskId);
        return feeds.subscribe(tenant.slug(), taskId, listener);
    }

    /**
     * The same upload in the background: checks what can be checked at once (file type, target list), then records a
     * job (排队) that imports the spooled {@code upload} — which the job then owns and deletes — and returns it.
     */
    public ListImport submitListImport(Tenant tenant, String appendTo, String name, String fileName, Path upload,
                                       String phoneColumn, String by) throws IOException {
        ListUploads.checkFileName(fileName);
        String listId = appendTo == null ? ListUploads.newListId() : operations.existingListId(tenant, appendTo);
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

    /** True when no FreeSWITCH is configured and calls go to the in-JVM simulator. */
    public boolean demo() {
        return config.demo();
    }

    /**
     * A supervisor takes over a call of the tenant's that is up and talking to the bot: it is transferred to its
     * task's agent queue, else to {@code zhiyu.telephony.agent.target} (demo mode: the simulated agents' queue).
     * Another tenant's call, or one not held by this server, is not found; an ended call is a conflict, and so is a
     * call whose FreeSWITCH node is disconnected (its state is unconfirmed: the message names the node, retry later).
     */
    public Takeover takeOver(Tenant tenant, String callId) {
        if (!Ids.valid(callId)) {
            throw Failure.notFound("没有通话 " + callId);
        }
        TenantTelephony t = tenants.get(tenant.slug());
        String taskId = t == null ? null : t.dialer().talkingTask(callId).orElse(null);
        if (taskId == null) {
            if (store(tenant).recordings().callRecording(callId).isPresent()) {
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

    private String agentTarget(StoredTask task) {
        if (task.agentQueue() != null) {
            return Switchboard.QUEUE_PREFIX + task.agentQueue();
        }
        if (config.agentTarget() != null) {
            return config.agentTarget();
        }
        if (config.demo()) {
            return Switchboard.QUEUE_PREFIX + TelephonyConfig.DEMO_QUEUE;
        }
        throw Failure.conflict("agentTarget", "未配置人工坐席：请设置任务的坐席队列或 zhiyu.telephony.agent.target");
    }

    /**
     * The call's recording file: only {@code <record.dir>/<tenant>/<uuid>.wav}, never a path the record names
     * elsewhere or a link out of the tenant's directory; not found when retention deleted it or nothing was recorded.
     */
    public Path recording(Tenant tenant, String callId) {
        return new RecordingFiles(config.recordDir(), this::alert).file(tenant.slug(), store(tenant).recordings(), callId);
    }

    /**
     * Why a running task places no calls now although it could: every node with one of its gateways is down (each
     * named with its cause); empty otherwise.
     */
    public Optional<String> waiting(StoredTask task) {
        return task.status() == TaskStatus.RUNNING ? switchboard.waiting(task.spec().gateways()) : Optional.empty();
    }

    /**
     * Why the media path of a running or paused task could not be verified when this node started it (it then runs on
     * the module check alone); empty otherwise.
     */
    public Optional<String> mediaWarning(Tenant tenant, StoredTask task) {
        if (task.status() != TaskStatus.RUNNING && task.status() != TaskStatus.PAUSED) {
            return Optional.empty();
        }
        TenantTelephony t = tenants.get(tenant.slug());
        return t == null ? Optional.empty() : t.dialer().mediaWarning(task.spec().id());
    }

    public FsStatus status() {
        return FsStatus.of(switchboard.nodes(), config);
    }

    /**
     * An orderly stop, all before the platform closes the databases: background imports, then the dialing loops
     * (joined, so no tick is left talking to a database), then the switchboard, which detaches the calls in progress
     * and joins their threads (each leaves its attempt open with every turn and a shutdown note, for the restarted
     * server to re-attach) before it closes the node connections.
     */
    @Override
    public void close() {
        listImports.close();
        running = false;
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        try {
            if (loop != null) {
                loop.interrupt();
                loop.join(STOP_WAIT);
            }
            loops.values().forEach(TenantLoop::stop);
            for (Map.Entry<String, TenantLoop> l : loops.entrySet()) {
                if (!l.getValue().join(deadline)) {
                    LOG.warn("租户 {} 的拨号循环未在 {} 内停止（数据库调用未返回）", l.getKey(), STOP_WAIT);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        switchboard.close();
    }
}
