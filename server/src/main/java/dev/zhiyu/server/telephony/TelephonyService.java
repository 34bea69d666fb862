package dev.zhiyu.server.telephony;

import dev.zhiyu.server.dialog.DialogService;
import dev.zhiyu.server.platform.Failure;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import dev.zhiyu.server.platform.TenantStatus;
import dev.zhiyu.telephony.StoredTask;
import dev.zhiyu.telephony.TaskStatus;
import dev.zhiyu.telephony.call.CallControl;
import dev.zhiyu.telephony.call.DialogBridge;
import dev.zhiyu.telephony.call.NodePool;
import dev.zhiyu.telephony.dialer.CallcenterAgents;
import dev.zhiyu.telephony.dialer.Dialer;
import dev.zhiyu.telephony.dialer.GatewayLimits;
import dev.zhiyu.telephony.dialer.PredictivePacer;
import dev.zhiyu.telephony.sim.FsSimulator;
import dev.zhiyu.telephony.tasks.Ids;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outbound calling at run time for every tenant of the server: one dialer per tenant, one FreeSWITCH connection (or,
 * with none configured, the demo simulator), live call feeds, take-overs, background list imports. What operators
 * do to tasks, lists and rules goes through {@link #operations()}, as from the CLI.
 * A background loop ticks every running task; tasks started from the CLI (status RUNNING in the database) are
 * picked up within a few seconds, and tasks that were running when the server stopped are recovered (calls left
 * open are closed as interrupted, no attempt is dialled twice).
 */
public final class TelephonyService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TelephonyService.class);
    private static final Duration TICK = Duration.ofMillis(250);
    private static final int DISCOVER_EVERY = 8;
    private static final int SWEEP_EVERY = 4 * 60 * 10; // ticks: every ten minutes
    private static final String QUEUE_PREFIX = "queue:";

    /** A supervisor's take-over as accepted: the call's dialog stops and the call goes to {@code transferredTo}. */
    public record Takeover(String callId, String taskId, String transferredTo) {
    }

    private record TenantTelephony(Tenant tenant, JdbcDialerStore store, Dialer dialer, Set<String> recovered,
                                   TenantDialogEngine engine) {
    }

    private final Platform platform;
    private final DialogService dialogs;
    private final TelephonyConfig config;
    private final Clock clock;
    private final TelephonyOperations operations;
    private final ConcurrentMap<String, TenantTelephony> tenants = new ConcurrentHashMap<>();
    private final CallFeeds feeds = new CallFeeds();
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
        this.operations = new TelephonyOperations(platform.stores(), config, clock, dialogs::scenarios, this::running);
        this.gatewayLimits = new GatewayLimits(config.gatewayMaxCalls(), config.gatewayMaxCps());
        this.listImports = new ListImports(platform.stores(), config, 2);
    }

    /** Tasks, lists and rules, as the HTTP API and the CLI see them. */
    public TelephonyOperations operations() {
        return operations;
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
        RecordingSweeper sweeper = new RecordingSweeper(Path.of(config.recordDir()), clock, this::alert);
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
        t.store().storedTask(taskId).filter(StoredTask::predictive).ifPresent(st -> t.dialer().pace(taskId,
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
            dialer.onState(s -> feeds.publish(slug, CallEvent.of(s, engine::stage)));
            return new TenantTelephony(tenant, store, dialer, ConcurrentHashMap.newKeySet(), engine);
        });
    }

    /** A task an operator moved to RUNNING: this server's dialer takes it on now. */
    private void running(Tenant tenant, String taskId) {
        TenantTelephony tt = of(tenant);
        if (tt.recovered().add(taskId)) {
            begin(tt, taskId);
        }
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
     * Another tenant's call, or one not held by this server, is not found; an ended call is a conflict.
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
    public Path recording(Tenant tenant, String callId) {
        return new RecordingFiles(config.recordDir(), this::alert).file(tenant.slug(), store(tenant).recordings(), callId);
    }

    public FsStatus status() {
        return FsStatus.of(nodes, config);
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
