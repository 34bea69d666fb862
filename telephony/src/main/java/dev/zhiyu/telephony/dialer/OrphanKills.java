package dev.zhiyu.telephony.dialer;

import dev.zhiyu.telephony.DialerStore;
import dev.zhiyu.telephony.DialerStore.PendingKill;
import dev.zhiyu.telephony.TaskSpec;
import dev.zhiyu.telephony.call.CallControl;
import dev.zhiyu.telephony.call.LiveChannel;
import dev.zhiyu.telephony.call.NodePool;
import dev.zhiyu.telephony.call.SwitchRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Attempts closed because their node stayed unreachable may have left a channel up there, the callee on the line and
 * nobody controlling the call. Once the node is back (or, node not recorded, every node), the channel is looked up
 * with {@code uuid_dump}: if it is there with the task's tenant/task/lead variables it is killed, with an alert;
 * another owner's channel is never touched. What really became of the call (answered and killed now, or the switch's
 * hang-up record of a channel that ended meanwhile) replaces the interrupted attempt's retry plan, so an answered
 * call is not dialled again; the stored record keeps saying INTERRUPTED, an alert says what the switch knew.
 * Either way the mark is cleared; a node that fails to answer is asked again at the next check. Mirrors the store's pending kills, by call id.
 */
final class OrphanKills {

    /**
     * How long a pending kill holds its lead back. No call lasts a day (a dialog call ends at its max duration), and
     * a node down that long must not stall the lead for ever; the channel is still checked when the node returns.
     */
    static final Duration HOLD_MAX = Duration.ofHours(24);

    private final DialerStore store;
    private final NodePool nodes;
    private final Consumer<String> alerts;
    private final BiConsumer<PendingKill, SwitchRecord> outcomes;
    private final Map<String, PendingKill> pending = new ConcurrentHashMap<>();

    /** {@code outcomes}: what the switch says really became of a call closed as interrupted (answered or not). */
    OrphanKills(DialerStore store, NodePool nodes, Consumer<String> alerts,
                BiConsumer<PendingKill, SwitchRecord> outcomes) {
        this.store = store;
        this.nodes = nodes;
        this.alerts = alerts;
        this.outcomes = outcomes;
    }

    /** Takes on the task's pending kills a previous process left in the store. */
    void load(String taskId) {
        store.pendingKills(taskId).forEach(this::add);
    }

    /** A channel to check and hang up once its node is back (already saved in the store). */
    void add(PendingKill k) {
        pending.put(k.callId(), k);
    }

    /** Channels of {@code taskId} still to be checked and hung up on their node. */
    int count(String taskId) {
        return (int) pending.values().stream().filter(k -> k.taskId().equals(taskId)).count();
    }

    /** Whether the lead's last call may still be up on a node not checked yet (held at most {@link #HOLD_MAX}). */
    boolean holds(String taskId, String leadId, Instant now) {
        return !pending.isEmpty() && pending.values().stream().anyMatch(k -> k.taskId().equals(taskId)
                && k.leadId().equals(leadId) && now.isBefore(k.since().plus(HOLD_MAX)));
    }

    /** Checks the task's channels whose node(s) can be asked now. */
    void check(String taskId) {
        if (pending.isEmpty()) {
            return;
        }
        for (PendingKill k : List.copyOf(pending.values())) {
            List<CallControl> where = k.taskId().equals(taskId) ? nodesToAsk(k.node()) : List.of();
            if (where.isEmpty()) {
                continue;
            }
            TaskSpec task = store.task(taskId);
            try {
                for (CallControl node : where) {
                    killIfOurs(node, task, k).ifPresent(outcome -> outcomes.accept(k, outcome));
                }
            } catch (Exception e) {
                alerts.accept("无法确认呼叫 " + k.callId() + "（线索 " + k.leadId() + "）的遗留通道: " + e.getMessage()
                        + "；稍后重试");
                continue;
            }
            store.clearPendingKill(k.callId());
            pending.remove(k.callId());
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

    /**
     * Kills the channel if it is still up and ours. Returns how the call really went when the switch knows: its
     * hang-up record if the channel is gone, or "answered, ended by us" for an answered channel killed now.
     */
    private Optional<SwitchRecord> killIfOurs(CallControl node, TaskSpec task, PendingKill k) throws Exception {
        Optional<LiveChannel> ch = node.inspect(k.callId());
        if (ch.isEmpty()) {
            return endedMeanwhile(node, k);
        }
        String name = node.node().name();
        if (!ch.get().ownedBy(task.tenantId(), task.id(), Attempt.ownerLeadId(k.leadId()))) {
            alerts.accept("FreeSWITCH 节点 " + name + " 上的通道 " + k.callId() + " 不属于本任务的线索 " + k.leadId()
                    + "，未挂断");
            return Optional.empty();
        }
        String reply = node.kill(k.callId(), "NORMAL_CLEARING").get(10, TimeUnit.SECONDS);
        if (!reply.startsWith("+OK")) {
            return Optional.empty();
        }
        alerts.accept("FreeSWITCH 节点 " + name + " 恢复后仍有已按中断结束的呼叫 " + k.callId() + "（线索 " + k.leadId()
                + "）的通道在通话，无人控制，已挂断");
        if (!ch.get().answered()) {
            return Optional.empty();
        }
        Instant answered = ch.get().answeredAt() != null ? ch.get().answeredAt() : Instant.now();
        return Optional.of(new SwitchRecord("NORMAL_CLEARING", answered, 0));
    }

    /** The switch's hang-up record of a channel gone meanwhile; without mod_hash an alert, and the attempt stays. */
    private Optional<SwitchRecord> endedMeanwhile(CallControl node, PendingKill k) throws Exception {
        Optional<SwitchRecord> ended;
        try {
            ended = SwitchRecord.lookup(node, k.callId());
        } catch (IllegalStateException noModHash) {
            alerts.accept(noModHash.getMessage());
            return Optional.empty();
        }
        ended.ifPresent(r -> SwitchRecord.forget(node, k.callId()));
        return ended;
    }
}
