package dev.zhiyu.telephony.dialer;

import dev.zhiyu.dialog.DialogEngine;
import dev.zhiyu.dialog.DialogSession;
import dev.zhiyu.dialog.SessionRequest;
import dev.zhiyu.telephony.CallRecord;
import dev.zhiyu.telephony.DialerStore;
import dev.zhiyu.telephony.DialerStore.OpenAttempt;
import dev.zhiyu.telephony.DialerStore.PendingKill;
import dev.zhiyu.telephony.DialerStore.Progress;
import dev.zhiyu.telephony.Disposition;
import dev.zhiyu.telephony.Lead;
import dev.zhiyu.telephony.SmsSender;
import dev.zhiyu.telephony.OriginateRequest;
import dev.zhiyu.telephony.TaskSpec;
import dev.zhiyu.telephony.TaskStatus;
import dev.zhiyu.telephony.call.Call;
import dev.zhiyu.telephony.call.CallControl;
import dev.zhiyu.telephony.call.DialogBridge;
import dev.zhiyu.telephony.call.NodePool;
import dev.zhiyu.telephony.esl.EslEvent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Progressive dialer for one tenant: each {@link #tick()} starts the calls that are due, inside the calling
 * window, under the task's concurrency and calls-per-second caps, the per-number daily cap, DNC and opt-outs.
 * Each call runs on its own virtual thread: originate → dialog → record → next attempt by disposition.
 */
public final class Dialer {

    private final DialerStore store;
    private final NodePool nodes;
    private final DialogEngine engine;
    private final DialogBridge.Settings bridgeSettings;
    private final Clock clock;
    private final Consumer<String> alerts;
    private final Consumer<CallRecord> events;
    private final Map<String, AtomicInteger> activeByTask = new ConcurrentHashMap<>();
    private final Set<String> activeLeads = ConcurrentHashMap.newKeySet();
    private final Map<String, Deque<Instant>> recentOriginates = new ConcurrentHashMap<>();
    private final AtomicInteger peakConcurrent = new AtomicInteger();
    private final AtomicInteger active = new AtomicInteger();
    private final Map<String, Paced> pacing = new ConcurrentHashMap<>();
    private volatile Consumer<CallState> states = s -> { };
    private volatile SmsSender sms = SmsSender.none();
    private volatile int maxCalls = Integer.MAX_VALUE;
    private volatile int maxCps = Integer.MAX_VALUE;
    private final Deque<Instant> tenantOriginates = new ArrayDeque<>();
    private volatile GatewayLimits gatewayLimits = GatewayLimits.unlimited();
    /** Open attempts of a crashed process whose node could not be asked, by call id (see {@link #recover}). */
    private final Map<String, Unconfirmed> unconfirmed = new ConcurrentHashMap<>();
    private volatile Duration unconfirmedGrace = Duration.ofMinutes(30);
    /** Channels to hang up once their node is back, by call id (see {@link #killOrphans}); mirrors the store. */
    private final Map<String, PendingKill> pendingKills = new ConcurrentHashMap<>();
    /**
     * How long a pending kill holds its lead back. No call lasts a day (a dialog call ends at its max duration), and
     * a node down that long must not stall the lead for ever; the channel is still checked when the node returns.
     */
    static final Duration KILL_HOLD_MAX = Duration.ofHours(24);

    private record Unconfirmed(OpenAttempt attempt, Instant deadline) {
    }

    /**
     * A call changed state: {@code dialling}, {@code answered}, {@code talking} (a new transcript line: the last bot
     * and caller lines), {@code takeover} (a supervisor transfers it to {@code transferredTo}), {@code ended} (then
     * with its disposition).
     */
    public record CallState(String taskId, String callId, String leadId, String phone, int attempt, String state,
                            Instant at, Disposition disposition, String lastBot, String lastCaller, String transferredTo) {
    }

    /** What a supervisor's take-over request found. */
    public enum Takeover { TAKEN, NOT_FOUND, NOT_UP, ALREADY }

    private record Talking(TaskSpec task, Lead lead, int attempt, Call call) {
    }

    /** Answered calls whose dialog is running, by call uuid. */
    private final Map<String, Talking> talking = new ConcurrentHashMap<>();

    /** Where the text messages dialogs ask for go (an outbox); without one they are refused and noted. */
    public void sms(SmsSender sender) {
        this.sms = sender;
    }

    /** Where call state changes go (a live console feed); must return quickly. */
    public void onState(Consumer<CallState> listener) {
        this.states = listener;
    }

    private void state(TaskSpec task, Lead lead, int attempt, String callId, String state, Disposition d) {
        state(task, lead, attempt, callId, state, d, null, null, null);
    }

    private void state(TaskSpec task, Lead lead, int attempt, String callId, String state, Disposition d,
                       String lastBot, String lastCaller, String transferredTo) {
        try {
            states.accept(new CallState(task.id(), callId, lead.id(), lead.phone(), attempt, state, clock.instant(), d,
                    lastBot, lastCaller, transferredTo));
        } catch (RuntimeException e) {
            alerts.accept("通话状态推送失败: " + e.getMessage());
        }
    }

    /**
     * The human agents a predictive task hands answered calls to. With mod_callcenter, {@link #free()} and
     * {@link #busy()} come from the queue's agent states and claim/release are bookkeeping only.
     */
    public interface Agents {
        int free();

        int busy();

        /** Takes a free agent for an answered call; false if none is free (the call is then abandoned). */
        boolean claim();

        /** The call that had the agent ended. */
        void release();
    }

    private record Paced(PredictivePacer pacer, Agents agents, String target, AtomicInteger dialling,
                         AtomicInteger leadsLeft, java.util.concurrent.atomic.AtomicLong leadsCountedAt) {
        static final long RECOUNT_MILLIS = 5_000;

        /** Leads of the task not done yet, counted again at most every few seconds (one query on a database). */
        int leadsLeft(DialerStore store, TaskSpec task, Instant now) {
            long last = leadsCountedAt.get();
            if (now.toEpochMilli() - last >= RECOUNT_MILLIS && leadsCountedAt.compareAndSet(last, now.toEpochMilli())) {
                leadsLeft.set(store.undone(task.id(), task.listId()));
            }
            return leadsLeft.get();
        }
    }

    /**
     * Predictive pacing for a task whose answered calls go straight to human agents at {@code target}
     * ({@code queue:<name>} for mod_callcenter, else an extension): lines are paced by {@code pacer}; an answered
     * call that finds no free agent is hung up and recorded as {@link Disposition#ABANDONED}.
     */
    public void pace(String taskId, PredictivePacer pacer, Agents agents, String target) {
        pacing.put(taskId, new Paced(pacer, agents, target, new AtomicInteger(), new AtomicInteger(Integer.MAX_VALUE),
                new java.util.concurrent.atomic.AtomicLong(Long.MIN_VALUE / 2)));
    }

    /** The task of a call this dialer is holding a dialog on (answered and not yet ended), if any. */
    public Optional<String> talkingTask(String callId) {
        return Optional.ofNullable(talking.get(callId)).map(t -> t.task().id());
    }

    /**
     * A supervisor takes over an answered call whose dialog is running: the dialog stops and the call is transferred
     * to {@code target} as a dialog's own transfer is; the call record then shows the transfer.
     */
    public Takeover takeOver(String callId, String target) {
        Talking t = talking.get(callId);
        if (t == null) {
            return Takeover.NOT_FOUND;
        }
        if (t.call().hungUp()) {
            return Takeover.NOT_UP;
        }
        if (!t.call().takeOver(target)) {
            return Takeover.ALREADY;
        }
        state(t.task(), t.lead(), t.attempt(), callId, "takeover", null, null, null, target);
        return Takeover.TAKEN;
    }

    public Dialer(DialerStore store, CallControl control, DialogEngine engine, DialogBridge.Settings bridgeSettings,
                  Clock clock, Consumer<String> alerts, Consumer<CallRecord> events) {
        this(store, NodePool.of(control), engine, bridgeSettings, clock, alerts, events);
    }

    /** A dialer spreading its calls over the connected nodes of {@code nodes}. */
    public Dialer(DialerStore store, NodePool nodes, DialogEngine engine, DialogBridge.Settings bridgeSettings,
                  Clock clock, Consumer<String> alerts, Consumer<CallRecord> events) {
        this.store = store;
        this.nodes = nodes;
        this.engine = engine;
        this.bridgeSettings = bridgeSettings;
        this.clock = clock;
        this.alerts = alerts;
        this.events = events;
    }

    public void start(String taskId) {
        recover(taskId);
        store.setStatus(taskId, TaskStatus.RUNNING);
    }

    public void pause(String taskId) {
        store.setStatus(taskId, TaskStatus.PAUSED);
    }

    public void stop(String taskId) {
        store.setStatus(taskId, TaskStatus.STOPPED);
    }

    /**
     * The tenant's cap on concurrent calls across all its tasks (this dialer serves one tenant); each task's own
     * {@code maxConcurrent} still applies within it.
     */
    public void maxCalls(int cap) {
        if (cap < 1) {
            throw new IllegalArgumentException("并发通话上限须至少为 1");
        }
        this.maxCalls = cap;
    }

    public int maxCalls() {
        return maxCalls;
    }

    /**
     * The tenant's cap on originates per second across all its tasks (each task's own {@code callsPerSecond} still
     * applies within it): a tenant running many tasks must not flood the carrier with its combined rate.
     */
    public void maxCallsPerSecond(int cap) {
        if (cap < 1) {
            throw new IllegalArgumentException("每秒呼叫上限须至少为 1");
        }
        this.maxCps = cap;
    }

    public int maxCallsPerSecond() {
        return maxCps;
    }

    private boolean tenantCpsRoom(Instant now) {
        synchronized (tenantOriginates) {
            while (!tenantOriginates.isEmpty() && !tenantOriginates.peekFirst().isAfter(now.minusSeconds(1))) {
                tenantOriginates.pollFirst();
            }
            return tenantOriginates.size() < maxCps;
        }
    }

    /** Whether the tenant may originate one more call in the second ending at {@code now}; if so, counts it. */
    private boolean takeTenantCps(Instant now) {
        synchronized (tenantOriginates) {
            if (!tenantCpsRoom(now)) {
                return false;
            }
            tenantOriginates.addLast(now);
            return true;
        }
    }

    private void returnTenantCps(Instant at) {
        synchronized (tenantOriginates) {
            tenantOriginates.removeLastOccurrence(at);
        }
    }

    /**
     * Per-gateway caps shared with the other tenants' dialers of this node. A call goes to the gateway its lead
     * is due on (carrier faults move it on), or to the next gateway with room when that one is at its cap.
     */
    public void gatewayLimits(GatewayLimits limits) {
        this.gatewayLimits = limits;
    }

    /**
     * How long an attempt whose FreeSWITCH node was unreachable at start-up waits for the node before it is closed
     * as interrupted (a dialog call's own max duration ends the wait sooner: the call cannot outlast it).
     */
    public void unconfirmedGrace(Duration grace) {
        if (grace == null || grace.isNegative() || grace.isZero()) {
            throw new IllegalArgumentException("待确认通话的等待时间须大于 0");
        }
        this.unconfirmedGrace = grace;
    }

    /** Open attempts of {@code taskId} waiting for their node to come back; their leads are not dialled meanwhile. */
    public int unconfirmed(String taskId) {
        return (int) unconfirmed.values().stream().filter(u -> u.attempt().taskId().equals(taskId)).count();
    }

    /** Takes one of the tenant's lines, or false when all are in use. */
    private boolean reserveLine() {
        while (true) {
            int a = active.get();
            if (a >= maxCalls) {
                return false;
            }
            if (active.compareAndSet(a, a + 1)) {
                peakConcurrent.accumulateAndGet(a + 1, Math::max);
                return true;
            }
        }
    }

    public int peakConcurrent() {
        return peakConcurrent.get();
    }

    public int active() {
        return active.get();
    }

    /**
     * After a crash: attempts claimed but never recorded are looked up in FreeSWITCH. A channel it still has with
     * our tenant/task/lead variables is re-attached and followed to its end (an answered one gets a fresh dialog
     * session); the others are closed as INTERRUPTED. Either way the attempt stays used: nothing is dialled twice.
     * An attempt whose node cannot be asked now (down, or not answering) stays open as unconfirmed: its lead is not
     * dialled and it counts against the caps until the node is back ({@link #tick} then settles it) or the grace
     * period ends.
     */
    void recover(String taskId) {
        TaskSpec task = store.task(taskId);
        store.pendingKills(taskId).forEach(k -> pendingKills.put(k.callId(), k));
        Map<String, Set<String>> live = nodes.liveChannelsByNode(alerts);
        for (OpenAttempt a : store.openAttempts(taskId)) {
            if (activeLeads.contains(taskId + "|" + a.leadId())) {
                continue; // still ours, running in this process (or already waiting for its node)
            }
            Optional<Set<String>> channels = channelsOf(a, live);
            if (channels.isPresent()) {
                resolve(task, a, channels.get());
            } else {
                holdUnconfirmed(task, a);
            }
        }
    }

    /** The live channels of the node(s) that may have the attempt's call; empty when one of them could not be asked. */
    private Optional<Set<String>> channelsOf(OpenAttempt a, Map<String, Set<String>> live) {
        Set<String> names = nodes.names();
        if (a.node() != null && names.contains(a.node())) {
            return Optional.ofNullable(live.get(a.node()));
        }
        if (!live.keySet().containsAll(names)) {
            return Optional.empty(); // node not recorded (or no longer configured): any down node may have it
        }
        Set<String> all = new java.util.HashSet<>();
        live.values().forEach(all::addAll);
        return Optional.of(all);
    }

    /** Re-attaches the attempt's call if its node still has it, else closes it as interrupted. */
    private void resolve(TaskSpec task, OpenAttempt a, Set<String> live) {
        Progress p = store.progress(task.id(), a.leadId());
        Optional<Lead> lead = live.contains(a.callId()) ? store.lead(task.listId(), a.leadId()) : Optional.empty();
        if (lead.isPresent() && reattach(task, lead.get(), a, p)) {
            return;
        }
        interrupt(task, a, p);
    }

    private void interrupt(TaskSpec task, OpenAttempt a, Progress p) {
        interrupt(task, a, p, false);
    }

    /** Closes the attempt as interrupted; {@code orphaned}: its node was not asked, so its channel is to be killed. */
    private void interrupt(TaskSpec task, OpenAttempt a, Progress p, boolean orphaned) {
        CallRecord r = new CallRecord(a.callId(), task.tenantId(), task.id(), a.leadId(), a.attempt(), a.phone(), null,
                a.claimedAt(), null, clock.instant(), "INTERRUPTED", null, Disposition.INTERRUPTED, 0, null,
                List.of(), null, null);
        if (orphaned) {
            store.finishOrphaned(r, r.hungUpAt());
            pendingKills.put(a.callId(), new PendingKill(a.callId(), task.id(), a.leadId(), a.node(), r.hungUpAt()));
        } else {
            store.finishAttempt(r);
        }
        schedule(task, p, Disposition.INTERRUPTED, p.gatewayIndex());
        events.accept(r);
    }

    /** Keeps an attempt whose node could not be asked: persisted as unconfirmed, its lead held, its line counted. */
    private void holdUnconfirmed(TaskSpec task, OpenAttempt a) {
        Instant since = a.unconfirmedSince() != null ? a.unconfirmedSince() : clock.instant();
        store.markUnconfirmed(a.callId(), since);
        Instant deadline = since.plus(unconfirmedGrace);
        if (!pacing.containsKey(task.id()) && bridgeSettings != null) {
            // a dialog call is hung up at its max duration; one handed to an agent has no such bound
            Instant callEnd = a.claimedAt().plusSeconds(task.originateTimeoutSeconds()).plus(bridgeSettings.maxDuration());
            if (callEnd.isBefore(deadline)) {
                deadline = callEnd;
            }
        }
        unconfirmed.put(a.callId(), new Unconfirmed(a, deadline));
        activeLeads.add(task.id() + "|" + a.leadId());
        activeByTask.computeIfAbsent(task.id(), k -> new AtomicInteger()).incrementAndGet();
        peakConcurrent.accumulateAndGet(active.incrementAndGet(), Math::max);
        alerts.accept("FreeSWITCH 节点 " + (a.node() == null ? "（未记录）" : a.node()) + " 无法连接：呼叫 " + a.callId()
                + "（线索 " + a.leadId() + "）待该节点恢复后确认，期间不重拨该线索");
    }

    /**
     * Settles the task's unconfirmed attempts whose node is reachable again (re-attached or closed as interrupted)
     * and closes, with an alert, those whose grace period is over.
     */
    private void settleUnconfirmed(String taskId) {
        if (unconfirmed.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        for (Unconfirmed u : List.copyOf(unconfirmed.values())) {
            OpenAttempt a = u.attempt();
            if (!a.taskId().equals(taskId)) {
                continue;
            }
            Optional<Set<String>> live = reachable(a);
            if (live.isPresent()) {
                if (release(a)) {
                    resolve(store.task(taskId), a, live.get());
                }
            } else if (!now.isBefore(u.deadline()) && release(a)) {
                alerts.accept("FreeSWITCH 节点 " + (a.node() == null ? "（未记录）" : a.node()) + " 超过等待时间仍未恢复："
                        + "呼叫 " + a.callId() + "（线索 " + a.leadId() + "）按中断结束并按重试规则安排；请检查该节点");
                TaskSpec task = store.task(taskId);
                interrupt(task, a, store.progress(taskId, a.leadId()), true);
            }
        }
    }

    /**
     * Attempts closed because their node stayed unreachable may have left a channel up there, the callee on the line
     * and nobody controlling the call. Once the node is back (or, node not recorded, every node), the channel is
     * looked up with {@code uuid_dump}: if it is there with this task's tenant/task/lead variables it is killed, with an
     * alert; another owner's channel is never touched. Either way the mark is cleared; a node that fails to answer is
     * asked again at the next tick.
     */
    private void killOrphans(String taskId) {
        if (pendingKills.isEmpty()) {
            return;
        }
        for (PendingKill k : List.copyOf(pendingKills.values())) {
            List<CallControl> where = k.taskId().equals(taskId) ? nodesToAsk(k.node()) : List.of();
            if (where.isEmpty()) {
                continue;
            }
            TaskSpec task = store.task(taskId);
            try {
                for (CallControl node : where) {
                    killIfOurs(node, task, k);
                }
            } catch (Exception e) {
                alerts.accept("无法确认呼叫 " + k.callId() + "（线索 " + k.leadId() + "）的遗留通道: " + e.getMessage()
                        + "；稍后重试");
                continue;
            }
            store.clearPendingKill(k.callId());
            pendingKills.remove(k.callId());
        }
    }

    /** The connected nodes that may have the channel, once all of them can be asked; else none. */
    private List<CallControl> nodesToAsk(String node) {
        if (node != null && nodes.names().contains(node)) {
            return nodes.connectedNode(node).map(List::of).orElse(List.of());
        }
        List<CallControl> all = nodes.nodes();
        return all.stream().allMatch(CallControl::connected) ? all : List.of();
    }

    private void killIfOurs(CallControl node, TaskSpec task, PendingKill k) throws Exception {
        Optional<dev.zhiyu.telephony.call.LiveChannel> ch = node.inspect(k.callId());
        if (ch.isEmpty()) {
            return;
        }
        String name = node.node().name();
        if (!ch.get().ownedBy(task.tenantId(), task.id(), safeId(k.leadId()))) {
            alerts.accept("FreeSWITCH 节点 " + name + " 上的通道 " + k.callId() + " 不属于本任务的线索 " + k.leadId()
                    + "，未挂断");
            return;
        }
        String reply = node.kill(k.callId(), "NORMAL_CLEARING").get(10, TimeUnit.SECONDS);
        if (reply.startsWith("+OK")) {
            alerts.accept("FreeSWITCH 节点 " + name + " 恢复后仍有已按中断结束的呼叫 " + k.callId() + "（线索 " + k.leadId()
                    + "）的通道在通话，无人控制，已挂断");
        }
    }

    /** Whether the lead's last call may still be up on a node not checked yet (held at most {@link #KILL_HOLD_MAX}). */
    private boolean waitsForKill(String taskId, String leadId, Instant now) {
        return !pendingKills.isEmpty() && pendingKills.values().stream().anyMatch(k -> k.taskId().equals(taskId)
                && k.leadId().equals(leadId) && now.isBefore(k.since().plus(KILL_HOLD_MAX)));
    }

    /** Channels of {@code taskId} still to be checked and hung up on their node. */
    public int pendingKills(String taskId) {
        return (int) pendingKills.values().stream().filter(k -> k.taskId().equals(taskId)).count();
    }

    /** The live channels that decide an unconfirmed attempt, once every node that may have it can be asked. */
    private Optional<Set<String>> reachable(OpenAttempt a) {
        if (a.node() != null && nodes.names().contains(a.node())) {
            return nodes.connected(a.node()) ? nodes.liveChannelUuids(a.node(), alerts) : Optional.empty();
        }
        return nodes.names().stream().allMatch(nodes::connected) ? channelsOf(a, nodes.liveChannelsByNode(alerts))
                : Optional.empty();
    }

    /** Gives back what {@link #holdUnconfirmed} took; false if the attempt was not held. */
    private boolean release(OpenAttempt a) {
        if (unconfirmed.remove(a.callId()) == null) {
            return false;
        }
        activeLeads.remove(a.taskId() + "|" + a.leadId());
        activeByTask.computeIfAbsent(a.taskId(), k -> new AtomicInteger()).decrementAndGet();
        active.decrementAndGet();
        return true;
    }

    /**
     * Follows a live channel of an open attempt in this process; false if FreeSWITCH does not confirm it is ours.
     * The gateway is the one FreeSWITCH reports for the channel, else the lead's saved one.
     */
    private boolean reattach(TaskSpec task, Lead lead, OpenAttempt a, Progress p) {
        String saved = task.gateways().get(p.gatewayIndex() % task.gateways().size());
        OriginateRequest req = new OriginateRequest(a.callId(), saved, lead.dial(), task.callerIds().get(0),
                task.originateTimeoutSeconds(), task.tenantId(), task.id(), safeId(lead.id()), Map.of());
        Optional<Call> call = nodes.reattach(a.node(), req, a.claimedAt());
        if (call.isEmpty()) {
            return false;
        }
        String gateway = call.get().request().gateway();
        int gatewayIndex = task.gateways().indexOf(gateway) >= 0 ? task.gateways().indexOf(gateway) : p.gatewayIndex();
        // the call exists whatever the caps say: count it, so new calls respect them
        peakConcurrent.accumulateAndGet(active.incrementAndGet(), Math::max);
        gatewayLimits.occupy(gateway);
        AtomicInteger running = activeByTask.computeIfAbsent(task.id(), k -> new AtomicInteger());
        Paced paced = pacing.get(task.id());
        boolean answered = call.get().answeredAt() != null;
        if (paced != null && !answered) {
            paced.dialling.incrementAndGet();
        }
        state(task, lead, a.attempt(), a.callId(), answered ? "answered" : "dialling", null);
        track(task, lead, gateway, gatewayLimits, running, () -> {
            if (paced != null) {
                followPaced(paced, task, lead, a.attempt(), call.get(), gatewayIndex, a.claimedAt());
            } else {
                follow(task, lead, a.attempt(), call.get(), gatewayIndex, a.claimedAt());
            }
        });
        return true;
    }

    /** Starts what is due now; returns how many calls were started. Cheap to call often. */
    public int tick(String taskId) {
        settleUnconfirmed(taskId);
        killOrphans(taskId);
        if (store.status(taskId) != TaskStatus.RUNNING) {
            return 0;
        }
        TaskSpec task = store.task(taskId);
        Instant now = clock.instant();
        if (!task.inWindow(now) || store.holiday(task.tenantId(), LocalDate.ofInstant(now, task.zone()))) {
            return 0; // outside the task's window, or a day on the tenant's holiday calendar
        }
        AtomicInteger running = activeByTask.computeIfAbsent(taskId, k -> new AtomicInteger());
        Paced paced = pacing.get(taskId);
        int allowance = paced == null ? Integer.MAX_VALUE : paced.pacer.callsToPlace(new PredictivePacer.Snapshot(
                paced.agents.free(), paced.agents.busy(), paced.dialling.get(), paced.leadsLeft(store, task, now)), now,
                task.maxConcurrent());
        int started = 0;
        int room = Math.max(0, task.maxConcurrent() - running.get());
        for (Lead lead : store.due(taskId, task.listId(), now, running.get() + room + 64)) {
            if (activeLeads.contains(taskId + "|" + lead.id()) || waitsForKill(taskId, lead.id(), now)) {
                continue; // in a call, or its last call may still be up on a node not checked yet
            }
            if (running.get() >= task.maxConcurrent() || active.get() >= maxCalls || started >= allowance
                    || !cpsAllows(task, now) || !tenantCpsRoom(now) || !gatewayLimits.anyRoom(task.gateways(), now)
                    || !nodes.anyRoom(task.gateways(), now)) {
                break;
            }
            // read after the activeLeads check: a call that ended meanwhile has already saved its progress
            Progress p = store.progress(taskId, lead.id());
            if (p.done() || p.nextAt() != null && p.nextAt().isAfter(now)) {
                continue;
            }
            if (store.blocked(task.tenantId(), lead.phone())) {
                store.saveProgress(taskId, new Progress(lead.id(), p.attempts(), null, true, null, p.gatewayIndex()));
                continue; // DNC or opted out: never dialled
            }
            LocalDate today = LocalDate.ofInstant(now, task.zone());
            if (store.dialsOn(task.tenantId(), lead.phone(), today) >= task.perNumberDailyCap()) {
                Instant tomorrow = today.plusDays(1).atTime(task.windowStart()).atZone(task.zone()).toInstant();
                store.saveProgress(taskId, new Progress(lead.id(), p.attempts(), tomorrow, false, p.last(), p.gatewayIndex()));
                continue;
            }
            if (launch(task, lead, p, now, running)) {
                started++;
            }
        }
        if (running.get() == 0 && !store.pending(taskId, task.listId())) {
            store.setStatus(taskId, TaskStatus.COMPLETED);
        }
        return started;
    }

    private boolean cpsAllows(TaskSpec task, Instant now) {
        Deque<Instant> recent = recentOriginates.computeIfAbsent(task.id(), k -> new ArrayDeque<>());
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(now.minusSeconds(1))) {
            recent.pollFirst();
        }
        return recent.size() < task.callsPerSecond();
    }

    private boolean launch(TaskSpec task, Lead lead, Progress p, Instant now, AtomicInteger running) {
        int attempt = p.attempts() + 1;
        String callId = UUID.randomUUID().toString();
        if (!reserveLine()) {
            return false;
        }
        if (!takeTenantCps(now)) {
            active.decrementAndGet();
            return false; // the tenant's calls-per-second across its tasks is used up for this second
        }
        GatewayLimits limits = gatewayLimits;
        String gateway = limits.acquire(reachableFrom(task.gateways(), p.gatewayIndex(), now), 0, now);
        if (gateway == null) {
            returnTenantCps(now);
            active.decrementAndGet();
            return false; // every gateway of the task is at its cap (shared with the node's other tenants)
        }
        CallControl node = nodes.pick(gateway, now).orElse(null);
        if (node == null) {
            limits.release(gateway);
            returnTenantCps(now);
            active.decrementAndGet();
            return false; // no connected FreeSWITCH node has this gateway with room
        }
        if (!store.claimAttempt(new OpenAttempt(task.id(), lead.id(), attempt, callId, lead.phone(), now)
                .withNode(node.node().name()))) {
            limits.release(gateway);
            returnTenantCps(now);
            active.decrementAndGet();
            return false;
        }
        store.saveProgress(task.id(), new Progress(lead.id(), attempt, null, false, p.last(), p.gatewayIndex()));
        recentOriginates.get(task.id()).addLast(now);
        String callerId = task.callerIds().get(attempt % task.callerIds().size());
        OriginateRequest req = new OriginateRequest(callId, gateway, lead.dial(), callerId,
                task.originateTimeoutSeconds(), task.tenantId(), task.id(), safeId(lead.id()), Map.of());
        Paced paced = pacing.get(task.id());
        if (paced != null) {
            paced.dialling.incrementAndGet();
        }
        state(task, lead, attempt, callId, "dialling", null);
        Call call = node.originate(req); // here, not on the call's thread: the node counts it before the next pick
        track(task, lead, gateway, limits, running, () -> {
            if (paced != null) {
                followPaced(paced, task, lead, attempt, call, p.gatewayIndex(), now);
            } else {
                follow(task, lead, attempt, call, p.gatewayIndex(), now);
            }
        });
        return true;
    }

    /** The task's gateways from the preferred one on (wrapping), keeping those some connected node has room on. */
    private List<String> reachableFrom(List<String> gateways, int preferred, Instant now) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < gateways.size(); i++) {
            String g = gateways.get((preferred + i) % gateways.size());
            if (nodes.room(g, now)) {
                out.add(g);
            }
        }
        return out;
    }

    /** Runs one call on its own virtual thread; its line, gateway slot and task slot are freed when it ends. */
    private void track(TaskSpec task, Lead lead, String gateway, GatewayLimits limits, AtomicInteger running, Runnable call) {
        activeLeads.add(task.id() + "|" + lead.id());
        running.incrementAndGet();
        Thread.ofVirtual().name("call-" + task.id() + "-" + lead.id()).start(() -> {
            try {
                call.run();
            } catch (RuntimeException e) {
                alerts.accept("呼叫 " + lead.id() + " 异常: " + e);
            } finally {
                activeLeads.remove(task.id() + "|" + lead.id());
                limits.release(gateway);
                running.decrementAndGet();
                active.decrementAndGet();
            }
        });
    }

    private static String safeId(String id) {
        return id.replaceAll("[^A-Za-z0-9_.:@+\\-/]", "_");
    }

    /** An originated (or re-attached) call, from its originate result to its record and next attempt. */
    private void follow(TaskSpec task, Lead lead, int attempt, Call call, int gatewayIndex, Instant originatedAt) {
        OriginateRequest req = call.request();
        String job = await(call.originateResult(), Duration.ofSeconds(task.originateTimeoutSeconds() + 30));
        DialogBridge.Result dialog = null;
        if (job != null && job.startsWith("+OK") && !call.hungUp()) {
            state(task, lead, attempt, req.uuid(), "answered", null);
            talking.put(req.uuid(), new Talking(task, lead, attempt, call));
            try {
                dialog = converse(task, lead, attempt, call);
            } finally {
                talking.remove(req.uuid());
            }
        }
        EslEvent hangup = awaitHangup(call);
        String cause = hangup != null ? hangup.get("Hangup-Cause")
                : job != null && job.startsWith("-ERR") ? job.substring(5).strip() : "INTERRUPTED";
        Disposition d = dialog != null && dialog.transferredTo() != null ? Disposition.TRANSFERRED
                : botEnded(dialog) ? Disposition.COMPLETED // its hang-up event may be lost: the talk is over anyway
                : Disposition.of(cause, call.answeredAt() != null);
        List<String> transcript = dialog == null ? List.of() : new ArrayList<>(dialog.transcript());
        if (dialog != null && !dialog.optOut()) {
            dialog.smsTemplates().forEach(t -> transcript.add(sms(task, lead, req.uuid(), t)));
        }
        CallRecord r = new CallRecord(req.uuid(), task.tenantId(), task.id(), lead.id(), attempt, lead.phone(),
                req.gateway(), originatedAt, call.answeredAt(), clock.instant(), cause,
                hangup == null ? null : hangup.variable("sip_term_status"), d, talkSeconds(hangup), call.recordingPath(),
                transcript, dialog == null ? null : dialog.outcome().label(),
                dialog == null ? null : dialog.transferredTo());
        store.finishAttempt(r);
        if (d.optOutSignal() || dialog != null && dialog.optOut()) {
            store.optOut(task.tenantId(), lead.phone(), d.optOutSignal() ? "拒接" : "通话中要求不再来电");
        }
        if (d.carrierSide()) {
            alerts.accept("网关 " + req.gateway() + " 呼叫失败 (" + cause + ")，下次改用其他网关");
        }
        schedule(task, store.progress(task.id(), lead.id()), d, d.carrierSide() ? gatewayIndex + 1 : gatewayIndex);
        state(task, lead, attempt, req.uuid(), "ended", d);
        events.accept(r);
    }

    /** Hands one SMS the dialog asked for to the sender; returns the transcript line that records it. */
    private String sms(TaskSpec task, Lead lead, String callId, String template) {
        SmsSender.Result res;
        try {
            res = sms.send(new SmsSender.Request(task.tenantId(), task.id(), callId, lead.id(), lead.phone(), template,
                    lead.variables()));
        } catch (RuntimeException e) {
            alerts.accept("短信 " + template + " 发送失败: " + e.getMessage());
            res = new SmsSender.Result(SmsSender.Status.REJECTED, null, e.getMessage());
        }
        return switch (res.status()) {
            case QUEUED -> "系统: 短信 " + template + " 已进入发件箱（" + res.id() + "）";
            case RATE_LIMITED -> "系统: 短信 " + template + " 未发送（频率限制：" + res.reason() + "）";
            case REJECTED -> "系统: 短信 " + template + " 未发送（" + res.reason() + "）";
        };
    }

    private static boolean botEnded(DialogBridge.Result dialog) {
        return dialog != null && (dialog.reason() == DialogSession.EndReason.BOT_HUNG_UP
                || dialog.reason() == DialogSession.EndReason.MAX_DURATION);
    }

    /** A predictive task's call: answered → straight to a free agent, or abandoned if none is free. */
    private void followPaced(Paced paced, TaskSpec task, Lead lead, int attempt, Call call, int gatewayIndex,
                             Instant originatedAt) {
        OriginateRequest req = call.request();
        // a re-attached call answered before the crash was already handed to an agent or hung up by then
        boolean handledBefore = call.reattached() && call.answeredAt() != null;
        String job = await(call.originateResult(), Duration.ofSeconds(task.originateTimeoutSeconds() + 30));
        boolean answered = job != null && job.startsWith("+OK") && !call.hungUp();
        if (!handledBefore) {
            paced.dialling.decrementAndGet();
            paced.pacer.attemptEnded(answered, Duration.between(originatedAt, clock.instant()));
        }
        Disposition forced = null;
        String transferredTo = null;
        boolean claimed = false;
        if (answered && !handledBefore) {
            state(task, lead, attempt, req.uuid(), "answered", null);
            claimed = paced.agents.claim();
            paced.pacer.answered(clock.instant(), !claimed);
            if (claimed) {
                transferredTo = paced.target;
                forced = Disposition.TRANSFERRED;
                if (paced.target.startsWith(bridgeSettings.callcenterQueuePrefix())) {
                    call.control().execute(call, "callcenter", paced.target.substring(bridgeSettings.callcenterQueuePrefix().length()),
                            UUID.randomUUID().toString());
                } else {
                    call.control().api("uuid_transfer " + call.uuid() + " " + paced.target + " XML default");
                }
            } else {
                forced = Disposition.ABANDONED;
                call.control().hangup(call, "NORMAL_CLEARING");
            }
        }
        EslEvent hangup = awaitHangup(call);
        if (claimed) {
            paced.agents.release();
        }
        String cause = hangup != null ? hangup.get("Hangup-Cause")
                : job != null && job.startsWith("-ERR") ? job.substring(5).strip() : "INTERRUPTED";
        Disposition d = forced != null ? forced : Disposition.of(cause, call.answeredAt() != null);
        CallRecord r = new CallRecord(req.uuid(), task.tenantId(), task.id(), lead.id(), attempt, lead.phone(),
                req.gateway(), originatedAt, call.answeredAt(), clock.instant(), cause,
                hangup == null ? null : hangup.variable("sip_term_status"), d, talkSeconds(hangup), call.recordingPath(),
                List.of(), null, transferredTo);
        store.finishAttempt(r);
        if (d.optOutSignal()) {
            store.optOut(task.tenantId(), lead.phone(), "拒接");
        }
        schedule(task, store.progress(task.id(), lead.id()), d, d.carrierSide() ? gatewayIndex + 1 : gatewayIndex);
        state(task, lead, attempt, req.uuid(), "ended", d);
        events.accept(r);
    }

    private DialogBridge.Result converse(TaskSpec task, Lead lead, int attempt, Call call) {
        String[] last = new String[2]; // the last bot line, the last caller line: the live wall shows both
        try (DialogSession session = engine.open(new SessionRequest(task.tenantId(), task.scenario(), call.uuid(),
                "phone", lead.variables()))) {
            return new DialogBridge(call.control(), bridgeSettings).run(call, session, line -> {
                if (line.startsWith("机器人: ")) {
                    last[0] = line.substring(5);
                } else if (line.startsWith("客户: ")) {
                    last[1] = line.substring(4);
                } else {
                    return;
                }
                state(task, lead, attempt, call.uuid(), "talking", null, last[0], last[1], call.takeoverTarget());
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (RuntimeException e) {
            alerts.accept("对话异常，挂断 " + call.uuid() + ": " + e.getMessage());
            call.control().hangup(call, "NORMAL_CLEARING");
            return null;
        }
    }

    private void schedule(TaskSpec task, Progress p, Disposition d, int gatewayIndex) {
        Duration delay = task.retryDelays().get(d);
        boolean again = d.retryable() && delay != null && p.attempts() < task.maxAttempts()
                && !store.blocked(task.tenantId(), store.phoneOf(task.listId(), p.leadId()));
        store.saveProgress(task.id(), new Progress(p.leadId(), p.attempts(), again ? clock.instant().plus(delay) : null,
                !again, d, gatewayIndex));
    }

    private static long talkSeconds(EslEvent hangup) {
        try {
            return hangup == null ? 0 : Long.parseLong(hangup.getOrEmpty("variable_billsec").isEmpty() ? "0"
                    : hangup.variable("billsec"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static EslEvent awaitHangup(Call call) {
        return await(call.hangupComplete(), Duration.ofSeconds(60));
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> f, Duration timeout) {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            return null;
        }
    }

    /** Per-task statistics for the console. */
    public static Map<String, Long> stats(List<CallRecord> records) {
        Map<String, Long> s = new java.util.TreeMap<>();
        s.put("dialled", (long) records.size());
        s.put("answered", records.stream().filter(r -> r.answeredAt() != null).count());
        s.put("transferred", records.stream().filter(r -> r.disposition() == Disposition.TRANSFERRED).count());
        for (CallRecord r : records) {
            s.merge("disposition." + r.disposition().name(), 1L, Long::sum);
            if (r.outcome() != null) {
                s.merge("outcome." + r.outcome(), 1L, Long::sum);
            }
        }
        return s;
    }

}
