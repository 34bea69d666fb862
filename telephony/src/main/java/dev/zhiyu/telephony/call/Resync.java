package dev.zhiyu.telephony.call;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * After a node's ESL connection came back, the calls placed on the lost connection against {@code show channels}:
 * those FreeSWITCH still has are kept (an answered one's originate result completed, a hang-up asked for meanwhile
 * sent); the others are closed as the switch recorded their end ({@link SwitchRecord}: cause, answered, billsec),
 * or as interrupted when it has no record (it restarted: its calls died with it). A call kept gets a
 * {@link MissedEvents#RESYNCED} marker: its dialog may be waiting for an event of the gap, lost for good. A call
 * whose originate result is still pending may be one whose {@code bgapi originate} reached FreeSWITCH just before
 * the connection dropped and whose channel is not created yet: it is looked at again after {@link #settle(Duration)},
 * its own events standing in meanwhile for a BACKGROUND_JOB that may have gone to the dead connection.
 */
final class Resync {

    private final CallControl control;
    private final Consumer<String> alerts;
    private volatile Duration settle = Duration.ofSeconds(5);

    Resync(CallControl control, Consumer<String> alerts) {
        this.control = control;
        this.alerts = alerts;
    }

    void settle(Duration settle) {
        this.settle = settle;
    }

    /** Looks now; completes when every call has been judged (at once, or after the second look). */
    CompletableFuture<Void> run(List<Call> known) {
        List<Call> pending = look(known, true);
        CompletableFuture<Void> judged = new CompletableFuture<>();
        if (pending.isEmpty()) {
            judged.complete(null);
            return judged;
        }
        Thread.ofVirtual().name("esl-resync-" + control.node().name()).start(() -> {
            try {
                Thread.sleep(settle.toMillis());
                if (!control.closed()) {
                    look(pending, false);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                judged.complete(null);
            }
        });
        return judged;
    }

    /** One look at the node's channels; returns the calls to look at again ({@code mayWait}) or else closes them. */
    private List<Call> look(List<Call> known, boolean mayWait) {
        Map<String, String> live;
        try {
            live = control.channelStates(); // uuid → callstate
        } catch (Exception e) {
            alerts.accept("FreeSWITCH " + control.node().name() + " 通道同步失败: " + e.getMessage());
            return List.of();
        }
        List<Call> pending = new ArrayList<>();
        for (Call call : known) {
            String state = live.get(call.uuid());
            if (state == null) {
                if (call.hungUp()) {
                    continue;
                }
                Optional<SwitchRecord> record = switchRecord(call);
                if (record.isPresent()) {
                    control.missed().endedMeanwhile(call, record.get()); // it existed and ended: no need to look again
                } else if (mayWait && !call.job.isDone()) {
                    call.jobFromEvents = true;
                    pending.add(call);
                } else {
                    control.missed().interrupt(call);
                }
                continue;
            }
            if ("ACTIVE".equals(state) && !call.job.isDone()) {
                control.missed().answeredMeanwhile(call);
            }
            call.deliver(MissedEvents.resynced(call)); // its dialog may wait for an event that went to the dead link
            if (call.pendingKill != null) {
                control.hangup(call, call.pendingKill); // asked for while the connection was down
            }
        }
        return pending;
    }

    /** How the switch recorded the end of a call it no longer has; empty if it has no record or cannot say. */
    private Optional<SwitchRecord> switchRecord(Call call) {
        try {
            return SwitchRecord.lookup(control, call.uuid());
        } catch (Exception e) {
            alerts.accept("FreeSWITCH " + control.node().name() + " 读取呼叫 " + call.uuid() + " 的挂机记录失败（"
                    + e.getMessage() + "），按中断处理");
            return Optional.empty();
        }
    }
}
