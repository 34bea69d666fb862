package dev.zhiyu.telephony.dialer;

import dev.zhiyu.telephony.TakeoverResult;
import dev.zhiyu.telephony.CallState;
import dev.zhiyu.dialog.DialogEngine;
import dev.zhiyu.telephony.CallRecord;
import dev.zhiyu.telephony.DialerStore;
import dev.zhiyu.telephony.DialerStore.OpenAttempt;
import dev.zhiyu.telephony.DialerStore.Progress;
import dev.zhiyu.telephony.Disposition;
import dev.zhiyu.telephony.Lead;
import dev.zhiyu.telephony.OriginateRequest;
import dev.zhiyu.telephony.SmsSender;
import dev.zhiyu.telephony.TaskSpec;
import dev.zhiyu.telephony.TaskStatus;
import dev.zhiyu.telephony.TelephonyException;
import dev.zhiyu.telephony.call.Call;
import dev.zhiyu.telephony.call.CallControl;
import dev.zhiyu.telephony.call.DialogBridge;
import dev.zhiyu.telephony.call.MediaPreflight;
import dev.zhiyu.telephony.call.NodePool;
import dev.zhiyu.telephony.call.SwitchRecord;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Dialer for one tenant: each {@link #tick} starts the calls that are due, inside the calling window, under the
 * task's, the tenant's and the gateways' caps ({@link Admission}), the per-number daily cap, DNC and opt-outs, at the
 * pace of the task's {@link PacingStrategy}. Each call runs on its own virtual thread ({@link CallFlow}): originate →
 * dialog or agent → record → next attempt by disposition. {@link #start} first recovers the calls a previous process
 * left open ({@link Recovery}).
 */
public final class Dialer {

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

    private final DialerStore store;
    private final Clock clock;
    private final DialogBridge.Settings bridgeSettings;
    private final Admission admission;
    private final CallStates states;
    private final LiveDialogs dialogs;
    private final CallFlow flow;
    private final OrphanKills orphans;
    private final Recovery recovery;
    private final PacingStrategy progressive;
    private final Map<String, PacingStrategy> predictive = new ConcurrentHashMap<>();
    private final NodePool nodes;
    private final Consumer<String> alerts;
    private volatile MediaPreflight preflight;
    private volatile boolean stopped;
    /** Why the media path of a task's last start could not be verified, by task. */
    private final Map<String, String> mediaWarnings = new ConcurrentHashMap<>();

    public Dialer(DialerStore store, CallControl control, DialogEngine engine, DialogBridge.Settings bridgeSettings,
                  Clock clock, Consumer<String> alerts, Consumer<CallRecord> events) {
        this(store, NodePool.of(control), engine, bridgeSettings, clock, alerts, events);
    }

    /** A dialer spreading its calls over the connected nodes of {@code nodes}. */
    public Dialer(DialerStore store, NodePool nodes, DialogEngine engine, DialogBridge.Settings bridgeSettings,
                  Clock clock, Consumer<String> alerts, Consumer<CallRecord> events) {
        this.store = store;
        this.clock = clock;
        this.nodes = nodes;
        this.alerts = alerts;
        this.bridgeSettings = bridgeSettings;
        this.admission = new Admission(nodes);
        this.states = new CallStates(clock, alerts);
        this.dialogs = new LiveDialogs(states);
        this.flow = new CallFlow(store, clock, alerts, events, states, new NodeOutages(nodes, states));
        this.orphans = new OrphanKills(store, nodes, alerts, this::orphanEnded);
        this.progressive = new ProgressivePacing(engine, bridgeSettings, states, dialogs, alerts, store);
        this.recovery = new Recovery(store, nodes, admission, flow, states, orphans, this::pacing, clock, alerts, events);
    }

    private void orphanEnded(DialerStore.PendingKill kill, SwitchRecord outcome) {
        recovery.orphanEnded(kill, outcome);
    }

    /** Where the text messages dialogs ask for go (an outbox); without one they are refused and noted. */
    public void sms(SmsSender sender) {
        flow.sms(sender);
    }

    /**
     * An answered call the customer hangs up in less than this, before saying anything, ends as
     * {@link dev.zhiyu.telephony.Disposition#EARLY_HANGUP} (default 5 s; zero: never).
     */
    public void earlyHangup(Duration bound) {
        if (bound == null || bound.isNegative()) {
            throw new IllegalArgumentException("速挂判定时长不能为负（zhiyu.telephony.early.hangup.seconds）");
        }
        flow.earlyHangup(bound);
    }

    /** Where call state changes go (a live console feed); must return quickly. */
    public void onState(Consumer<CallState> listener) {
        states.listener(listener);
    }

    /**
     * Predictive pacing for a task whose answered calls go straight to human agents at {@code target}
     * ({@code queue:<name>} for mod_callcenter, else an extension): lines are paced by {@code pacer}; an answered
     * call that finds no free agent is hung up and recorded as {@link Disposition#ABANDONED}.
     */
    public void pace(String taskId, PredictivePacer pacer, Agents agents, String target) {
        predictive.put(taskId, new PredictivePacing(pacer, agents, target, bridgeSettings.callcenterQueuePrefix(), store,
                clock, states));
    }

    private PacingStrategy pacing(String taskId) {
        return predictive.getOrDefault(taskId, progressive);
    }

    /** The task of a call this dialer is holding a dialog on (answered and not yet ended), if any. */
    public Optional<String> talkingTask(String callId) {
        return dialogs.task(callId);
    }

    /**
     * A supervisor takes over an answered call whose dialog is running: the dialog stops and the call is transferred
     * to {@code target} as a dialog's own transfer is; the call record then shows the transfer.
     */
    public TakeoverResult takeOver(String callId, String target) {
        return dialogs.takeOver(callId, target);
    }

    /** Checks the speech engines on the nodes before a task starts (none: no check). */
    public void preflight(MediaPreflight check) {
        this.preflight = check;
    }

    /**
     * Recovers what a previous process left open, then runs the task if it is new or running (a start handed over
     * asynchronously must not undo a pause or stop acknowledged meanwhile), unless a connected node lacks the ASR or
     * TTS engine: the task is then paused, an alert names the node, engine and setting, and the refusal is thrown.
     * A node whose media path could not be verified (its test utterance gave no verdict, or it is down) does not stop
     * the start, which then rests on the module check alone: an alert names the task, the node and why.
     */
    public void start(String taskId) {
        recovery.recover(taskId);
        MediaPreflight check = preflight;
        MediaPreflight.Verdict verdict = check == null ? new MediaPreflight.Verdict(List.of(), List.of())
                : check.verify(nodes.nodes());
        List<MediaPreflight.Problem> problems = verdict.problems();
        if (!problems.isEmpty()) {
            store.transition(taskId, List.of(TaskStatus.RUNNING), TaskStatus.PAUSED);
            String message = "任务 " + taskId + " 未启动：" + problems.get(0).message();
            alerts.accept(message);
            throw TelephonyException.conflict(problems.get(0).setting(), message);
        }
        // only a new or running task: an operator's pause or stop acknowledged meanwhile is never undone
        if (store.transition(taskId, List.of(TaskStatus.CREATED, TaskStatus.RUNNING), TaskStatus.RUNNING)) {
            verdict.unverified().forEach(u -> alerts.accept("任务 " + taskId + " 已启动，但" + u.message()));
            if (verdict.unverified().isEmpty()) {
                mediaWarnings.remove(taskId);
            } else {
                mediaWarnings.put(taskId, verdict.unverified().stream().map(MediaPreflight.Unverified::message)
                        .collect(java.util.stream.Collectors.joining("；")));
            }
        }
    }

    /** Why the media path could not be verified when this dialer last started the task, if it could not. */
    public Optional<String> mediaWarning(String taskId) {
        return Optional.ofNullable(mediaWarnings.get(taskId));
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
        admission.maxCalls(cap);
    }

    public int maxCalls() {
        return admission.maxCalls();
    }

    /**
     * The tenant's cap on originates per second across all its tasks (each task's own {@code callsPerSecond} still
     * applies within it): a tenant running many tasks must not flood the carrier with its combined rate.
     */
    public void maxCallsPerSecond(int cap) {
        if (cap < 1) {
            throw new IllegalArgumentException("每秒呼叫上限须至少为 1");
        }
        admission.maxCallsPerSecond(cap);
    }

    public int maxCallsPerSecond() {
        return admission.maxCallsPerSecond();
    }

    /**
     * Per-gateway caps shared with the other tenants' dialers of this node. A call goes to the gateway its lead
     * is due on (carrier faults move it on), or to the next gateway with room when that one is at its cap.
     */
    public void gatewayLimits(GatewayLimits limits) {
        admission.gatewayLimits(limits);
    }

    /**
     * How long an attempt whose FreeSWITCH node was unreachable at start-up waits for the node before it is closed
     * as interrupted (a dialog call's own max duration ends the wait sooner: the call cannot outlast it).
     */
    public void unconfirmedGrace(Duration grace) {
        if (grace == null || grace.isNegative() || grace.isZero()) {
            throw new IllegalArgumentException("待确认通话的等待时间须大于 0");
        }
        recovery.grace(grace);
    }

    /** Open attempts of {@code taskId} waiting for their node to come back; their leads are not dialled meanwhile. */
    public int unconfirmed(String taskId) {
        return recovery.unconfirmed(taskId);
    }

    /** Channels of {@code taskId} still to be checked and hung up on their node. */
    public int pendingKills(String taskId) {
        return orphans.count(taskId);
    }

    /** After how many media failures in a row (a prompt not played, the recogniser failing) a task pauses itself. */
    public void mediaFailureLimit(int n) {
        flow.mediaFailureLimit(n);
    }

    public int peakConcurrent() {
        return admission.peak();
    }

    public int active() {
        return admission.active();
    }

    /**
     * For a shutdown, before the store and the node connections close: places no more calls, detaches every call in
     * progress (each call's thread stops waiting for the switch and leaves its attempt open, with every line said so
     * far and a note that the shutdown cut it; the channel stays up on FreeSWITCH, where the dead-air guard ends it
     * unless a restarted dialer re-attaches it first) and waits up to {@code wait} for their threads to end.
     *
     * @return the ids of the calls whose thread had not ended in time (e.g. stuck in a store call)
     */
    public List<String> shutdown(Duration wait) throws InterruptedException {
        stopped = true;
        return flow.detachAll(System.nanoTime() + wait.toNanos());
    }

    /** Starts what is due now; returns how many calls were started. Cheap to call often. */
    public int tick(String taskId) {
        if (stopped) {
            return 0;
        }
        recovery.settle(taskId);
        orphans.check(taskId);
        if (store.status(taskId) != TaskStatus.RUNNING) {
            return 0;
        }
        TaskSpec task = store.task(taskId);
        Instant now = clock.instant();
        if (!task.inWindow(now) || store.holiday(task.tenantId(), LocalDate.ofInstant(now, task.zone()))) {
            return 0; // outside the task's window, or a day on the tenant's holiday calendar
        }
        PacingStrategy pacing = pacing(taskId);
        int allowance = pacing.allowance(task, now);
        int started = 0;
        int running = admission.running(taskId);
        for (Lead lead : store.due(taskId, task.listId(), now, Math.max(running, task.maxConcurrent()) + 64)) {
            if (admission.busy(taskId, lead.id()) || orphans.holds(taskId, lead.id(), now)) {
                continue; // in a call, or its last call may still be up on a node not checked yet
            }
            if (started >= allowance || !admission.room(task, now)) {
                break;
            }
            // read after the busy check: a call that ended meanwhile has already saved its progress
            Progress p = store.progress(taskId, lead.id());
            if (p.done() || p.nextAt() != null && p.nextAt().isAfter(now) || held(task, lead, p, now)) {
                continue;
            }
            if (launch(task, lead, p, now, pacing)) {
                started++;
            }
        }
        if (admission.running(taskId) == 0 && !store.pending(taskId, task.listId())) {
            store.setStatus(taskId, TaskStatus.COMPLETED);
        }
        return started;
    }

    /** Whether the lead may not be dialled now: DNC or opted out (then never), or its number's daily cap is used. */
    private boolean held(TaskSpec task, Lead lead, Progress p, Instant now) {
        if (store.blocked(task.tenantId(), lead.phone())) {
            store.saveProgress(task.id(), new Progress(lead.id(), p.attempts(), null, true, null, p.gatewayIndex()));
            return true;
        }
        LocalDate today = LocalDate.ofInstant(now, task.zone());
        if (store.dialsOn(task.tenantId(), lead.phone(), today) >= task.perNumberDailyCap()) {
            Instant tomorrow = today.plusDays(1).atTime(task.windowStart()).atZone(task.zone()).toInstant();
            store.saveProgress(task.id(), new Progress(lead.id(), p.attempts(), tomorrow, false, p.last(), p.gatewayIndex()));
            return true;
        }
        return false;
    }

    /**
     * Claims the lead's next attempt and originates it under a reservation of its slots; whatever fails before the
     * call's thread owns them (a cap, the claim, the store) gives every slot back.
     */
    private boolean launch(TaskSpec task, Lead lead, Progress p, Instant now, PacingStrategy pacing) {
        try (Admission.Reservation slots = admission.reserve(task, lead.id(), p.gatewayIndex(), now).orElse(null)) {
            if (slots == null) {
                return false;
            }
            Attempt a = new Attempt(task, lead, p.attempts() + 1, UUID.randomUUID().toString(), p.gatewayIndex(), now,
                    false);
            if (!store.claimAttempt(new OpenAttempt(task.id(), lead.id(), a.number(), a.callId(), lead.phone(), now)
                    .withNode(slots.node().node().name()))) {
                return false;
            }
            store.saveProgress(task.id(), new Progress(lead.id(), a.number(), null, false, p.last(), p.gatewayIndex()));
            String callerId = task.callerIds().get(a.number() % task.callerIds().size());
            OriginateRequest req = Attempt.request(task, lead, a.callId(), slots.gateway(), callerId);
            pacing.dialling();
            states.publish(a, "dialling");
            slots.originated();
            Call call = slots.node().originate(req); // here, not on the call's thread: the node counts it before the next pick
            flow.start(a, call, slots, pacing);
            return true;
        }
    }

    /** Per-task statistics for the console. */
    public static Map<String, Long> stats(List<CallRecord> records) {
        Map<String, Long> s = new TreeMap<>();
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
