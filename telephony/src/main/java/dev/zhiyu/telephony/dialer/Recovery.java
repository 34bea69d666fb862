package dev.zhiyu.telephony.dialer;

import dev.zhiyu.telephony.CallRecord;
import dev.zhiyu.telephony.DialerStore;
import dev.zhiyu.telephony.DialerStore.OpenAttempt;
import dev.zhiyu.telephony.DialerStore.PendingKill;
import dev.zhiyu.telephony.DialerStore.Progress;
import dev.zhiyu.telephony.Disposition;
import dev.zhiyu.telephony.Lead;
import dev.zhiyu.telephony.OriginateRequest;
import dev.zhiyu.telephony.TaskSpec;
import dev.zhiyu.telephony.TranscriptLine;
import dev.zhiyu.telephony.call.Call;
import dev.zhiyu.telephony.call.CallControl;
import dev.zhiyu.telephony.call.NodePool;
import dev.zhiyu.telephony.call.SwitchRecord;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * After a crash: attempts claimed but never recorded are looked up in FreeSWITCH. A channel it still has with our
 * tenant/task/lead variables is re-attached and followed to its end (an answered one resumes its dialog without the
 * greeting). A call that ended meanwhile is closed as the switch recorded it ({@link SwitchRecord}: its real cause,
 * answered or not, billsec), so an answered call is COMPLETED and never dialled again, a busy one BUSY. Only a call
 * the switch has no record of is INTERRUPTED, and that stays retryable: the record lives in the switch's memory, so
 * it is missing only when the switch restarted (or mod_hash is missing, which raises an alert) — the call died with
 * the switch, the callee was cut off whatever had been said, and one more attempt (within the task's max attempts)
 * is the recovery a call centre expects; nobody saw it answered (a dialer that did never retries it, see
 * {@link CallFlow#schedule}). Either way the attempt stays used: nothing is dialled twice. An attempt whose node
 * cannot be asked now (down, or not answering) stays open as unconfirmed: its lead is not dialled and it counts against
 * the caps until the node is back ({@link #settle} then decides it) or the grace period ends.
 */
final class Recovery {

    private record Unconfirmed(OpenAttempt attempt, Instant deadline, Admission.Reservation slots) {
    }

    private final DialerStore store;
    private final NodePool nodes;
    private final Admission admission;
    private final CallFlow flow;
    private final CallStates states;
    private final OrphanKills orphans;
    private final Function<String, PacingStrategy> pacing;
    private final Clock clock;
    private final Consumer<String> alerts;
    private final Consumer<CallRecord> events;
    /** Open attempts of a crashed process whose node could not be asked, by call id. */
    private final Map<String, Unconfirmed> unconfirmed = new ConcurrentHashMap<>();
    private volatile Duration grace = Duration.ofMinutes(30);

    /** {@code pacing}: the strategy of a task by id; {@code events}: where call records go. */
    Recovery(DialerStore store, NodePool nodes, Admission admission, CallFlow flow, CallStates states,
             OrphanKills orphans, Function<String, PacingStrategy> pacing, Clock clock, Consumer<String> alerts,
             Consumer<CallRecord> events) {
        this.store = store;
        this.nodes = nodes;
        this.admission = admission;
        this.flow = flow;
        this.states = states;
        this.orphans = orphans;
        this.pacing = pacing;
        this.clock = clock;
        this.alerts = alerts;
        this.events = events;
    }

    void grace(Duration grace) {
        this.grace = grace;
    }

    /** Open attempts of {@code taskId} waiting for their node to come back. */
    int unconfirmed(String taskId) {
        return (int) unconfirmed.values().stream().filter(u -> u.attempt().taskId().equals(taskId)).count();
    }

    /** Re-attaches or closes the task's open attempts, or holds them while their node cannot be asked. */
    void recover(String taskId) {
        TaskSpec task = store.task(taskId);
        orphans.load(taskId);
        Map<String, Set<String>> live = nodes.liveChannelsByNode(alerts);
        for (OpenAttempt a : store.openAttempts(taskId)) {
            if (admission.busy(taskId, a.leadId())) {
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

    /**
     * Decides the task's unconfirmed attempts whose node is reachable again (re-attached or closed as interrupted)
     * and closes, with an alert and a channel to kill later, those whose grace period is over.
     */
    void settle(String taskId) {
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
                alerts.accept("FreeSWITCH 节点 " + nodeName(a) + " 超过等待时间仍未恢复：呼叫 " + a.callId() + "（线索 "
                        + a.leadId() + "）按中断结束并按重试规则安排；请检查该节点");
                interrupt(store.task(taskId), a, store.progress(taskId, a.leadId()), true);
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
        Set<String> all = new HashSet<>();
        live.values().forEach(all::addAll);
        return Optional.of(all);
    }

    /** The live channels that decide an unconfirmed attempt, once every node that may have it can be asked. */
    private Optional<Set<String>> reachable(OpenAttempt a) {
        if (a.node() != null && nodes.names().contains(a.node())) {
            return nodes.connected(a.node()) ? nodes.liveChannelUuids(a.node(), alerts) : Optional.empty();
        }
        return nodes.names().stream().allMatch(nodes::connected)
                ? channelsOf(a, nodes.liveChannelsByNode(alerts)) : Optional.empty();
    }

    /**
     * Re-attaches the attempt's call if its node still has it; else closes it as the switch recorded its end, or as
     * interrupted when the switch has no record.
     */
    private void resolve(TaskSpec task, OpenAttempt a, Set<String> live) {
        Progress progress = store.progress(task.id(), a.leadId());
        Optional<Lead> lead = live.contains(a.callId()) ? store.lead(task.listId(), a.leadId()) : Optional.empty();
        if (lead.isPresent() && reattach(task, lead.get(), a, progress)) {
            return;
        }
        Optional<Map.Entry<CallControl, SwitchRecord>> ended = switchRecord(a);
        if (ended.isPresent()) {
            endedMeanwhile(task, a, progress, ended.get().getValue());
            SwitchRecord.forget(ended.get().getKey(), a.callId());
        } else {
            interrupt(task, a, progress, false);
        }
    }

    /** The switch's record of how the attempt's call ended, from the node that had it (every node if not noted). */
    private Optional<Map.Entry<CallControl, SwitchRecord>> switchRecord(OpenAttempt a) {
        List<CallControl> where = a.node() != null && nodes.names().contains(a.node())
                ? nodes.connectedNode(a.node()).map(List::of).orElse(List.of()) : nodes.nodes();
        for (CallControl node : where) {
            try {
                Optional<SwitchRecord> r = SwitchRecord.lookup(node, a.callId());
                if (r.isPresent()) {
                    return Optional.of(Map.entry(node, r.get()));
                }
            } catch (Exception e) {
                alerts.accept("无法读取呼叫 " + a.callId() + "（线索 " + a.leadId() + "）的挂机记录：" + e.getMessage()
                        + "；该呼叫按中断结束");
            }
        }
        return Optional.empty();
    }

    /** Closes an attempt whose call ended while no dialer followed it, with the cause and answer the switch saw. */
    private void endedMeanwhile(TaskSpec task, OpenAttempt a, Progress progress, SwitchRecord s) {
        Disposition d = Disposition.of(s.cause(), s.answered());
        CallRecord r = new CallRecord(a.callId(), task.tenantId(), task.id(), a.leadId(), a.attempt(), a.phone(), null,
                a.claimedAt(), s.answeredAt(), clock.instant(), s.cause(), null, d, s.billSeconds(), null,
                List.of(TranscriptLine.system("拨号程序停止期间通话已结束，结果取自 FreeSWITCH 挂机记录").format()), null,
                null);
        store.finishAttempt(r);
        flow.schedule(task, progress, d, s.answered(),
                d.carrierSide() ? progress.gatewayIndex() + 1 : progress.gatewayIndex());
        events.accept(r);
    }

    /** Closes the attempt as interrupted; {@code orphaned}: its node was not asked, so its channel is to be killed. */
    private void interrupt(TaskSpec task, OpenAttempt a, Progress progress, boolean orphaned) {
        CallRecord r = new CallRecord(a.callId(), task.tenantId(), task.id(), a.leadId(), a.attempt(), a.phone(), null,
                a.claimedAt(), null, clock.instant(), "INTERRUPTED", null, Disposition.INTERRUPTED, 0, null,
                List.of(), null, null);
        if (orphaned) {
            store.finishOrphaned(r, r.hungUpAt());
            orphans.add(new PendingKill(a.callId(), task.id(), a.leadId(), a.node(), r.hungUpAt()));
        } else {
            store.finishAttempt(r);
        }
        flow.schedule(task, progress, Disposition.INTERRUPTED, false, progress.gatewayIndex()); // answer not known
        events.accept(r);
    }

    /**
     * A call closed as interrupted while its node was unreachable turned out, once the node was back, to have ended
     * so ({@link OrphanKills}): the lead's next attempt follows the real outcome, so an answered call is not dialled
     * again. Its lead was held until now, so its progress is still that attempt's.
     */
    void orphanEnded(PendingKill k, SwitchRecord s) {
        TaskSpec task = store.task(k.taskId());
        Progress progress = store.progress(task.id(), k.leadId());
        Disposition d = Disposition.of(s.cause(), s.answered());
        flow.schedule(task, progress, d, s.answered(), progress.gatewayIndex());
        alerts.accept("已按中断结束的呼叫 " + k.callId() + "（线索 " + k.leadId() + "）在 FreeSWITCH 的实际结果为「" + d.label()
                + "」，" + (d.retryable() ? "按此安排重试" : "不再重拨"));
    }

    /** Keeps an attempt whose node could not be asked: persisted as unconfirmed, its lead held, its line counted. */
    private void holdUnconfirmed(TaskSpec task, OpenAttempt a) {
        Instant since = a.unconfirmedSince() != null ? a.unconfirmedSince() : clock.instant();
        store.markUnconfirmed(a.callId(), since);
        Instant deadline = since.plus(grace);
        Optional<Duration> maxTalk = pacing.apply(task.id()).maxTalk();
        if (maxTalk.isPresent()) {
            // a dialog call is hung up at its max duration; one handed to an agent has no such bound
            Instant callEnd = a.claimedAt().plusSeconds(task.originateTimeoutSeconds()).plus(maxTalk.get());
            if (callEnd.isBefore(deadline)) {
                deadline = callEnd;
            }
        }
        unconfirmed.put(a.callId(), new Unconfirmed(a, deadline, admission.occupy(task.id(), a.leadId(), null)));
        alerts.accept("FreeSWITCH 节点 " + nodeName(a) + " 无法连接：呼叫 " + a.callId() + "（线索 " + a.leadId()
                + "）待该节点恢复后确认，期间不重拨该线索");
    }

    private static String nodeName(OpenAttempt a) {
        return a.node() == null ? "（未记录）" : a.node();
    }

    /** Gives back what {@link #holdUnconfirmed} took; false if the attempt was not held. */
    private boolean release(OpenAttempt a) {
        Unconfirmed u = unconfirmed.remove(a.callId());
        if (u == null) {
            return false;
        }
        u.slots().close();
        return true;
    }

    /**
     * Follows a live channel of an open attempt in this process; false if FreeSWITCH does not confirm it is ours.
     * The gateway is the one FreeSWITCH reports for the channel, else the lead's saved one.
     */
    private boolean reattach(TaskSpec task, Lead lead, OpenAttempt open, Progress progress) {
        String saved = task.gateways().get(progress.gatewayIndex() % task.gateways().size());
        OriginateRequest req = Attempt.request(task, lead, open.callId(), saved, task.callerIds().get(0));
        Optional<Call> call = nodes.reattach(open.node(), req, open.claimedAt());
        if (call.isEmpty()) {
            return false;
        }
        String gateway = call.get().request().gateway();
        int index = task.gateways().indexOf(gateway);
        Attempt a = new Attempt(task, lead, open.attempt(), open.callId(), index >= 0 ? index : progress.gatewayIndex(),
                open.claimedAt(), call.get().answeredAt() != null);
        PacingStrategy strategy = pacing.apply(task.id());
        // the call exists whatever the caps say: count it, so new calls respect them
        try (Admission.Reservation slots = admission.occupy(task.id(), lead.id(), gateway)) {
            if (!a.answeredBefore()) {
                strategy.dialling();
            }
            states.publish(a, a.answeredBefore() ? "answered" : "dialling");
            flow.start(a, call.get(), slots, strategy);
        }
        return true;
    }
}
