package dev.zhiyu.telephony.dialer;

import dev.zhiyu.dialog.DialogEngine;
import dev.zhiyu.dialog.DialogSession;
import dev.zhiyu.dialog.SessionRequest;
import dev.zhiyu.telephony.CallRecord;
import dev.zhiyu.telephony.DialerStore;
import dev.zhiyu.telephony.DialerStore.OpenAttempt;
import dev.zhiyu.telephony.DialerStore.Progress;
import dev.zhiyu.telephony.Disposition;
import dev.zhiyu.telephony.Lead;
import dev.zhiyu.telephony.OriginateRequest;
import dev.zhiyu.telephony.TaskSpec;
import dev.zhiyu.telephony.TaskStatus;
import dev.zhiyu.telephony.call.Call;
import dev.zhiyu.telephony.call.CallControl;
import dev.zhiyu.telephony.call.DialogBridge;
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
    private final CallControl control;
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
    private volatile int maxCalls = Integer.MAX_VALUE;
    private volatile GatewayLimits gatewayLimits = GatewayLimits.unlimited();

    /** A call changed state: {@code dialling}, {@code answered}, {@code ended} (then with its disposition). */
    public record CallState(String taskId, String callId, String leadId, String phone, int attempt, String state,
                            Instant at, Disposition disposition) {
    }

    /** Where call state changes go (a live console feed); must return quickly. */
    public void onState(Consumer<CallState> listener) {
        this.states = listener;
    }

    private void state(TaskSpec task, Lead lead, int attempt, String callId, String state, Disposition d) {
        try {
            states.accept(new CallState(task.id(), callId, lead.id(), lead.phone(), attempt, state, clock.instant(), d));
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

    private record Paced(PredictivePacer pacer, Agents agents, String target, AtomicInteger dialling) {
    }

    /**
     * Predictive pacing for a task whose answered calls go straight to human agents at {@code target}
     * ({@code queue:<name>} for mod_callcenter, else an extension): lines are paced by {@code pacer}; an answered
     * call that finds no free agent is hung up and recorded as {@link Disposition#ABANDONED}.
     */
    public void pace(String taskId, PredictivePacer pacer, Agents agents, String target) {
        pacing.put(taskId, new Paced(pacer, agents, target, new AtomicInteger()));
    }

    public Dialer(DialerStore store, CallControl control, DialogEngine engine, DialogBridge.Settings bridgeSettings,
                  Clock clock, Consumer<String> alerts, Consumer<CallRecord> events) {
        this.store = store;
        this.control = control;
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
     * Per-gateway caps shared with the other tenants' dialers of this node. A call goes to the gateway its lead
     * is due on (carrier faults move it on), or to the next gateway with room when that one is at its cap.
     */
    public void gatewayLimits(GatewayLimits limits) {
        this.gatewayLimits = limits;
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
     * After a crash: attempts claimed but never recorded are closed as INTERRUPTED (hanging up any leg
     * FreeSWITCH still has — its dialog died with the old process). The attempt stays used.
     */
    void recover(String taskId) {
        TaskSpec task = store.task(taskId);
        Set<String> live;
        try {
            live = control.liveChannelUuids();
        } catch (Exception e) {
            live = Set.of();
        }
        for (OpenAttempt a : store.openAttempts(taskId)) {
            if (activeLeads.contains(taskId + "|" + a.leadId())) {
                continue; // still ours, running in this process
            }
            if (live.contains(a.callId())) {
                control.api("uuid_kill " + a.callId() + " NORMAL_CLEARING");
            }
            CallRecord r = new CallRecord(a.callId(), task.tenantId(), taskId, a.leadId(), a.attempt(), a.phone(), null,
                    a.claimedAt(), null, clock.instant(), "INTERRUPTED", null, Disposition.INTERRUPTED, 0, null,
                    List.of(), null, null);
            store.finishAttempt(r);
            Progress p = store.progress(taskId, a.leadId());
            schedule(task, p, Disposition.INTERRUPTED, p.gatewayIndex());
            events.accept(r);
        }
    }

    /** Starts what is due now; returns how many calls were started. Cheap to call often. */
    public int tick(String taskId) {
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
                paced.agents.free(), paced.agents.busy(), paced.dialling.get()), now, task.maxConcurrent());
        int started = 0;
        int room = Math.max(0, task.maxConcurrent() - running.get());
        for (Lead lead : store.due(taskId, task.listId(), now, running.get() + room + 64)) {
            if (activeLeads.contains(taskId + "|" + lead.id())) {
                continue;
            }
            if (running.get() >= task.maxConcurrent() || active.get() >= maxCalls || started >= allowance
                    || !cpsAllows(task, now) || !gatewayLimits.anyRoom(task.gateways(), now)) {
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
        GatewayLimits limits = gatewayLimits;
        String gateway = limits.acquire(task.gateways(), p.gatewayIndex() % task.gateways().size(), now);
        if (gateway == null) {
            active.decrementAndGet();
            return false; // every gateway of the task is at its cap (shared with the node's other tenants)
        }
        if (!store.claimAttempt(new OpenAttempt(task.id(), lead.id(), attempt, callId, lead.phone(), now))) {
            limits.release(gateway);
            active.decrementAndGet();
            return false;
        }
        store.saveProgress(task.id(), new Progress(lead.id(), attempt, null, false, p.last(), p.gatewayIndex()));
        recentOriginates.get(task.id()).addLast(now);
        activeLeads.add(task.id() + "|" + lead.id());
        running.incrementAndGet();
        String callerId = task.callerIds().get(attempt % task.callerIds().size());
        OriginateRequest req = new OriginateRequest(callId, gateway, lead.dial(), callerId,
                task.originateTimeoutSeconds(), task.tenantId(), task.id(), safeId(lead.id()), Map.of());
        Paced paced = pacing.get(task.id());
        if (paced != null) {
            paced.dialling.incrementAndGet();
        }
        state(task, lead, attempt, callId, "dialling", null);
        Thread.ofVirtual().name("call-" + callId).start(() -> {
            try {
                if (paced != null) {
                    runPacedCall(paced, task, lead, attempt, req, p.gatewayIndex(), now);
                    return;
                }
                runCall(task, lead, attempt, req, p.gatewayIndex(), now);
            } catch (RuntimeException e) {
                alerts.accept("呼叫 " + callId + " 异常: " + e);
            } finally {
                activeLeads.remove(task.id() + "|" + lead.id());
                limits.release(gateway);
                running.decrementAndGet();
                active.decrementAndGet();
            }
        });
        return true;
    }

    private static String safeId(String id) {
        return id.replaceAll("[^A-Za-z0-9_.:@+\\-/]", "_");
    }

    private void runCall(TaskSpec task, Lead lead, int attempt, OriginateRequest req, int gatewayIndex, Instant originatedAt) {
        Call call = control.originate(req);
        String job = await(call.originateResult(), Duration.ofSeconds(task.originateTimeoutSeconds() + 30));
        DialogBridge.Result dialog = null;
        if (job != null && job.startsWith("+OK") && !call.hungUp()) {
            state(task, lead, attempt, req.uuid(), "answered", null);
            dialog = converse(task, lead, call);
        }
        EslEvent hangup = awaitHangup(call);
        String cause = hangup != null ? hangup.get("Hangup-Cause")
                : job != null && job.startsWith("-ERR") ? job.substring(5).strip() : "INTERRUPTED";
        Disposition d = dialog != null && dialog.transferredTo() != null ? Disposition.TRANSFERRED
                : Disposition.of(cause, call.answeredAt() != null);
        CallRecord r = new CallRecord(req.uuid(), task.tenantId(), task.id(), lead.id(), attempt, lead.phone(),
                req.gateway(), originatedAt, call.answeredAt(), clock.instant(), cause,
                hangup == null ? null : hangup.variable("sip_term_status"), d, talkSeconds(hangup), call.recordingPath(),
                dialog == null ? List.of() : dialog.transcript(), dialog == null ? null : dialog.outcome().label(),
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

    /** A predictive task's call: answered → straight to a free agent, or abandoned if none is free. */
    private void runPacedCall(Paced paced, TaskSpec task, Lead lead, int attempt, OriginateRequest req, int gatewayIndex,
                              Instant originatedAt) {
        Call call = control.originate(req);
        String job = await(call.originateResult(), Duration.ofSeconds(task.originateTimeoutSeconds() + 30));
        paced.dialling.decrementAndGet();
        boolean answered = job != null && job.startsWith("+OK") && !call.hungUp();
        paced.pacer.attemptEnded(answered);
        Disposition forced = null;
        String transferredTo = null;
        boolean claimed = false;
        if (answered) {
            state(task, lead, attempt, req.uuid(), "answered", null);
            claimed = paced.agents.claim();
            paced.pacer.answered(clock.instant(), !claimed);
            if (claimed) {
                transferredTo = paced.target;
                forced = Disposition.TRANSFERRED;
                if (paced.target.startsWith(bridgeSettings.callcenterQueuePrefix())) {
                    control.execute(call, "callcenter", paced.target.substring(bridgeSettings.callcenterQueuePrefix().length()),
                            UUID.randomUUID().toString());
                } else {
                    control.api("uuid_transfer " + call.uuid() + " " + paced.target + " XML default");
                }
            } else {
                forced = Disposition.ABANDONED;
                control.hangup(call, "NORMAL_CLEARING");
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

    private DialogBridge.Result converse(TaskSpec task, Lead lead, Call call) {
        try (DialogSession session = engine.open(new SessionRequest(task.tenantId(), task.scenario(), call.uuid(),
                "phone", lead.variables()))) {
            return new DialogBridge(control, bridgeSettings).run(call, session, line -> { });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (RuntimeException e) {
            alerts.accept("对话异常，挂断 " + call.uuid() + ": " + e.getMessage());
            control.hangup(call, "NORMAL_CLEARING");
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
