package dev.zhiyu.telephony;

import dev.zhiyu.dialog.DialogEngine;
import dev.zhiyu.telephony.call.CallControl;
import dev.zhiyu.telephony.call.DialogBridge;
import dev.zhiyu.telephony.call.MediaPreflight;
import dev.zhiyu.telephony.call.NodePool;
import dev.zhiyu.telephony.dialer.CallcenterAgents;
import dev.zhiyu.telephony.dialer.Dialer;
import dev.zhiyu.telephony.dialer.GatewayLimits;
import dev.zhiyu.telephony.dialer.PredictivePacer;
import dev.zhiyu.telephony.sim.DemoCallees;
import dev.zhiyu.telephony.sim.FsSimulator;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The FreeSWITCH side of a deployment: its nodes (or, in demo mode, the in-JVM simulator with Chinese-speaking
 * callees and simulated agents), the gateway caps every tenant shares, the mod_callcenter queues predictive tasks
 * hand calls to, and one {@link TaskDialer} per tenant over all of it.
 */
public final class Switchboard implements AutoCloseable {
    /** How long a shutdown waits for the threads of the calls in progress. */
    static final Duration CALLS_STOP = Duration.ofSeconds(5);

    /** How a dial target names a mod_callcenter queue. */
    public static final String QUEUE_PREFIX = "queue:";

    /**
     * One FreeSWITCH node: where its inbound ESL listens, which gateways it has (empty: all), how much this deployment
     * puts on it.
     */
    public record Node(String name, String host, int port, String password, List<String> gateways, int maxChannels,
                       int maxCps) {
        public Node {
            gateways = List.copyOf(gateways);
        }
    }

    /** Demo mode: simulated durations × {@code timeScale}, {@code agents} simulated agents in {@code agentQueue}. */
    public record Demo(double timeScale, String agentQueue, int agents) {
    }

    /**
     * @param demo     null unless the simulator stands in for FreeSWITCH ({@code nodes} is then ignored)
     * @param abandonCap predictive tasks: the abandon rate to stay under
     * @param reconnectMax the longest wait between two connection attempts to a node that is down
     * @param media    the speech engines every node must have (in demo mode the simulator's {@code test} engine):
     *                 checked on each node connect (an alert names the node, engine and setting) and before each task
     *                 starts; null: not checked
     * @param mediaFailuresToPause a task pauses itself after this many media failures in a row
     * @param guards   dead-air and early hang-up limits for every node and dialer
     */
    public record Config(List<Node> nodes, Demo demo, List<String> gateways, int gatewayMaxCalls, int gatewayMaxCps,
                         double abandonCap, Duration reconnectMax, MediaEngines media, int mediaFailuresToPause,
                         CallGuards guards) {
        public Config {
            if (mediaFailuresToPause < 1) {
                throw new IllegalArgumentException("连续媒体故障暂停阈值须至少为 1");
            }
        }
    }

    /**
     * One node as the console shows it; {@code gateways} empty when it has them all, caps MAX_VALUE when unlimited.
     *
     * @param liveCalls        calls on it confirmed by its connection (0 while it is down)
     * @param unconfirmedCalls calls placed on it while its connection is down: their state is unknown until it is back
     * @param problem          why it cannot be used now (null while connected)
     */
    public record NodeState(String name, String host, int port, boolean connected, int liveCalls, int unconfirmedCalls,
                            String problem, long eventsSeen, long reconnects, Set<String> gateways, int maxChannels,
                            int maxCps) {
    }

    /**
     * One tenant's dialer settings.
     *
     * @param maxCalls concurrent calls across all its tasks
     * @param maxCps   originates per second across all its tasks
     * @param unconfirmedGrace how long an open call whose node was down at start-up waits for it
     */
    public record DialerSettings(String asr, String recordDir, int maxCalls, int maxCps, Duration unconfirmedGrace) {
    }

    private final Config config;
    private final Clock clock;
    private final Consumer<String> alerts;
    private final NodePool nodes = new NodePool();
    private final GatewayLimits gatewayLimits;
    private final ConcurrentMap<String, CallcenterAgents> agentQueues = new ConcurrentHashMap<>();
    private FsSimulator simulator;
    private final MediaPreflight media;
    private final CallGuards guards;
    /** Every dialer handed out: a shutdown detaches their calls before the node connections close. */
    private final List<Dialer> dialers = new CopyOnWriteArrayList<>();

    /** A switchboard with no node yet: {@link #start} connects. */
    public Switchboard(Config config, Clock clock, Consumer<String> alerts) {
        this.config = config;
        this.clock = clock;
        this.alerts = alerts;
        this.gatewayLimits = new GatewayLimits(config.gatewayMaxCalls(), config.gatewayMaxCps());
        this.media = config.media() == null ? null : new MediaPreflight(
                config.demo() != null ? config.media().demo() : config.media(), clock, Duration.ofSeconds(10));
        this.guards = config.guards();
    }

    /**
     * Connects to the nodes (or starts the simulator; fails only when that cannot start). A node that cannot be
     * reached — even every node — does not stop the start: its cause goes to {@code alerts} (wrong password, refused,
     * timed out...), it is retried in the background with capped exponential backoff, and {@link #waiting} tells why
     * tasks on it do not dial meanwhile.
     */
    public Switchboard start() throws IOException {
        if (config.demo() != null) {
            startSimulator(config.demo());
        } else {
            connect();
        }
        nodes.nodes().forEach(c -> c.onCustom(e -> agentQueues.values().forEach(a -> a.accept(e))));
        nodes.nodes().forEach(c -> c.onReconnect(() -> watchMedia(c)));
        nodes.nodes().stream().filter(CallControl::connected).forEach(this::watchMedia);
        return this;
    }

    /**
     * Refuses (CONFLICT, naming the node, the engine and the setting) when a connected node lacks the ASR or TTS
     * engine's module or fails the test utterance; answers are cached briefly.
     */
    public void checkMedia() {
        MediaPreflight check = media;
        if (check == null) {
            return;
        }
        List<MediaPreflight.Problem> problems = check.problems(nodes.nodes());
        if (!problems.isEmpty()) {
            throw TelephonyException.conflict(problems.get(0).setting(), "无法启动任务：" + problems.get(0).message());
        }
    }

    /**
     * A node (re)connected: asks it afresh (modules, then the test utterance), off the ESL reader thread, and alerts
     * a problem, or that its media path could not be verified.
     */
    private void watchMedia(CallControl node) {
        MediaPreflight check = media;
        if (check == null) {
            return;
        }
        Thread.ofVirtual().name("media-preflight-" + node.node().name()).start(() -> {
            check.forget(node);
            MediaPreflight.Verdict v = check.verify(List.of(node));
            v.problems().forEach(p -> alerts.accept(p.message()));
            v.unverified().forEach(u -> alerts.accept(u.message()));
        });
    }

    private CallControl guarded(CallControl c) {
        return c.deadAir(guards.deadAir(), guards.apology(), guards.apologyLength());
    }

    private void startSimulator(Demo demo) throws IOException {
        simulator = new FsSimulator(new FsSimulator.Config("ClueCon", Set.copyOf(config.gateways()), demo.timeScale(),
                500, 20_000, 5_000), new DemoCallees());
        if (demo.agents() > 0) {
            simulator.agents(demo.agentQueue(), demo.agents(), 120_000);
        }
        try {
            CallControl c = guarded(new CallControl(new CallControl.Node("demo-simulator", "127.0.0.1",
                    simulator.start(), "ClueCon"), clock, alerts)).start();
            nodes.add(c, NodePool.Limits.unlimited());
        } catch (IOException e) {
            throw new IOException("演示模拟器启动失败：" + e.getMessage(), e);
        }
    }

    private void connect() {
        for (Node n : config.nodes()) {
            CallControl c = guarded(new CallControl(new CallControl.Node(n.name(), n.host(), n.port(), n.password()),
                    clock, alerts).backoffMax(config.reconnectMax()));
            try {
                c.start();
            } catch (IOException e) {
                c.retryInBackground(); // start() alerted the cause
            }
            nodes.add(c, new NodePool.Limits(Set.copyOf(n.gateways()), n.maxChannels(), n.maxCps()));
        }
    }

    /**
     * Why a task dialling through {@code gateways} waits now: empty when some connected node has one of them, else the
     * down nodes that have them, each with its cause.
     */
    public Optional<String> waiting(List<String> gateways) {
        List<String> down = new ArrayList<>();
        for (CallControl c : nodes.nodes()) {
            Set<String> has = nodes.limits(c).gateways();
            if (has.isEmpty() || gateways.stream().anyMatch(has::contains)) {
                if (c.connected()) {
                    return Optional.empty();
                }
                down.add(c.node().name() + "：" + c.problem().orElse("未连接"));
            }
        }
        return Optional.of(down.isEmpty() ? "没有 FreeSWITCH 节点配置了网关 " + String.join("、", gateways)
                + "，请检查 zhiyu.telephony.nodes 的 gateways= 设置"
                : "等待 FreeSWITCH 节点恢复连接（" + String.join("；", down) + "）");
    }

    /**
     * A dialer for one tenant's tasks over every node.
     *
     * @param alerts where the dialer's alerts go
     * @param states call state changes (a live feed); must return quickly
     */
    public TaskDialer dialer(DialerStore store, DialogEngine engine, DialerSettings settings, SmsSender sms,
                             Consumer<String> alerts, Consumer<CallState> states) {
        MediaPreflight check = media;
        String asr = check != null ? check.engines().asr() : config.demo() != null ? "test" : settings.asr();
        String tts = check != null ? check.engines().tts() : asr;
        Dialer d = new Dialer(store, nodes, engine, new DialogBridge.Settings(asr, "default", Duration.ofSeconds(6),
                Duration.ofMinutes(5), settings.recordDir(), QUEUE_PREFIX, tts), clock, alerts, r -> { });
        d.preflight(check);
        d.mediaFailureLimit(config.mediaFailuresToPause());
        d.maxCalls(settings.maxCalls());
        d.maxCallsPerSecond(settings.maxCps());
        d.unconfirmedGrace(settings.unconfirmedGrace());
        d.earlyHangup(guards.earlyHangup());
        d.sms(sms);
        d.gatewayLimits(gatewayLimits); // one set of gateway caps for every tenant of the node
        d.onState(states);
        dialers.add(d);
        return new SwitchboardDialer(d, store, this);
    }

    /** A predictive task's pacer, handing answered calls to its agent queue. */
    void pace(Dialer dialer, String taskId, String agentQueue) {
        dialer.pace(taskId, new PredictivePacer(new PredictivePacer.Settings(config.abandonCap(),
                        Duration.ofMinutes(30), 0.3, Duration.ofSeconds(120), Duration.ofSeconds(12))),
                agents(agentQueue), QUEUE_PREFIX + agentQueue);
    }

    /** The agents of one mod_callcenter queue, shared by every tenant's tasks on this node. */
    private CallcenterAgents agents(String queue) {
        return agentQueues.computeIfAbsent(queue, q -> {
            CallcenterAgents a = new CallcenterAgents(q, Clock.systemUTC(), Duration.ofSeconds(10));
            try {
                a.load(nodes.api(a.listCommand()).get(5, TimeUnit.SECONDS));
            } catch (Exception e) {
                alerts.accept("坐席队列 " + q + " 读取失败：" + e.getMessage());
            }
            return a;
        });
    }

    /**
     * Re-reads every watched queue's agents with {@code callcenter_config queue list agents} (the events keep them
     * current in between; this repairs anything missed, e.g. across a reconnect).
     */
    public void refreshAgents() {
        for (CallcenterAgents a : agentQueues.values()) {
            nodes.api(a.listCommand()).whenComplete((answer, error) -> {
                if (error == null && !a.load(answer)) {
                    alerts.accept("坐席队列 " + a.queue() + " 读取失败：" + answer.strip());
                }
            });
        }
    }

    public List<NodeState> nodes() {
        return nodes.nodes().stream().map(c -> {
            NodePool.Limits l = nodes.limits(c);
            boolean up = c.connected();
            return new NodeState(c.node().name(), c.node().host(), c.node().port(), up, up ? c.liveCalls() : 0,
                    up ? 0 : c.liveCalls(), c.problem().orElse(null), c.eventsSeen(), c.reconnects(), l.gateways(),
                    l.maxChannels(), l.maxCps());
        }).toList();
    }

    /**
     * A shutdown, in this order: every dialer places no more calls and detaches its calls in progress, whose threads
     * are joined for up to {@link #CALLS_STOP} (they leave their attempts open for a restarted dialer, see
     * {@link Dialer#shutdown}; calls whose thread did not end in time are alerted by id); then the node connections,
     * then the simulator. The caller closes the stores only after this returns.
     */
    @Override
    public void close() {
        long deadline = System.nanoTime() + CALLS_STOP.toNanos();
        try {
            for (Dialer d : dialers) {
                List<String> left = d.shutdown(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                if (!left.isEmpty()) {
                    alerts.accept("停机时 " + left.size() + " 个通话的线程未在 " + CALLS_STOP.toSeconds() + " 秒内结束（"
                            + String.join("、", left) + "）：它们此后的写入可能被拒绝，重启后按已记下的内容接续");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
