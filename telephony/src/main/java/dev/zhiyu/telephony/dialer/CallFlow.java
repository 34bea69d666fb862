package dev.zhiyu.telephony.dialer;

import dev.zhiyu.telephony.CallRecord;
import dev.zhiyu.telephony.DialerStore;
import dev.zhiyu.telephony.DialerStore.Progress;
import dev.zhiyu.telephony.Disposition;
import dev.zhiyu.telephony.HangupFacts;
import dev.zhiyu.telephony.SmsSender;
import dev.zhiyu.telephony.TaskSpec;
import dev.zhiyu.telephony.TranscriptLine;
import dev.zhiyu.telephony.call.Call;
import dev.zhiyu.telephony.call.SwitchRecord;
import dev.zhiyu.telephony.esl.EslEvent;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One call on its own virtual thread, from its originate result to its record and the lead's next attempt; what
 * happens between answer and hang-up is the task's {@link PacingStrategy}.
 */
final class CallFlow {

    /** The system line an attempt left open by a shutdown ends with. */
    static final String DETACHED = "服务器停止，本进程不再跟进此通话（通道仍在交换机上）：重启后若通话仍在，从最后记下的一轮继续，否则按交换机的记录结束";

    private record Following(Call call, Thread thread) {
    }

    private final DialerStore store;
    private final Clock clock;
    private final Consumer<String> alerts;
    private final Consumer<CallRecord> events;
    private final CallStates states;
    private final MediaFailures media;
    private final NodeOutages outages;
    private volatile SmsSender sms = SmsSender.none();
    private volatile Duration earlyHangup = Duration.ofSeconds(5);
    /** The calls whose thread runs, by call id. */
    private final Map<String, Following> following = new ConcurrentHashMap<>();
    private volatile boolean detaching;

    CallFlow(DialerStore store, Clock clock, Consumer<String> alerts, Consumer<CallRecord> events, CallStates states,
             NodeOutages outages) {
        this.store = store;
        this.clock = clock;
        this.alerts = alerts;
        this.events = events;
        this.states = states;
        this.outages = outages;
        this.media = new MediaFailures(store, alerts);
    }

    /** After how many media failures in a row a task pauses itself. */
    void mediaFailureLimit(int n) {
        media.limit(n);
    }

    void sms(SmsSender sender) {
        sms = sender;
    }

    void earlyHangup(Duration bound) {
        earlyHangup = bound;
    }

    /**
     * Follows the call on its own thread, which then owns {@code slots} and gives them back when the call ends. After
     * {@link #detachAll} the call is detached at once: its thread leaves it open.
     */
    void start(Attempt a, Call call, Admission.Reservation slots, PacingStrategy pacing) {
        Admission.Reservation owned = slots.handOver();
        Thread thread = Thread.ofVirtual().name("call-" + a.task().id() + "-" + a.lead().id()).unstarted(() -> {
            outages.follow(a, call);
            try (owned) {
                follow(a, call, pacing);
            } catch (RuntimeException e) {
                alerts.accept("呼叫 " + a.lead().id() + " 异常: " + e);
            } finally {
                outages.done(call);
                following.computeIfPresent(a.callId(), (id, f) -> f.thread() == Thread.currentThread() ? null : f);
            }
        });
        following.put(a.callId(), new Following(call, thread));
        if (detaching) {
            call.detach(); // the shutdown's sweep may have run before this call was listed
        }
        thread.start();
    }

    /**
     * Shutdown: every call followed now, or started from now on, is detached (its thread stops waiting for the switch
     * and leaves the call open, see {@link #follow}); waits until {@code deadline} (System.nanoTime) for their threads
     * and returns the ids of the calls whose thread had not ended by then.
     */
    List<String> detachAll(long deadline) throws InterruptedException {
        detaching = true;
        following.values().forEach(f -> f.call().detach());
        // until none is left: a tick still running may start one more call, detached as it starts
        for (var f = following.entrySet().stream().findFirst(); f.isPresent(); f = following.entrySet().stream().findFirst()) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !f.get().getValue().thread().join(Duration.ofNanos(left))) {
                break;
            }
            following.remove(f.get().getKey(), f.get().getValue());
        }
        return List.copyOf(following.keySet());
    }

    private void follow(Attempt a, Call call, PacingStrategy pacing) {
        TaskSpec task = a.task();
        String job = await(call, call.originateResult(), Duration.ofSeconds(task.originateTimeoutSeconds() + 30));
        PacingStrategy.Talk talk = call.detached().isDone() ? PacingStrategy.Talk.NONE
                : pacing.talk(a, call, job != null && job.startsWith("+OK") && !call.hungUp());
        EslEvent hangup = await(call, call.hangupComplete(), Duration.ofSeconds(60));
        pacing.ended(talk);
        if (hangup == null && call.detached().isDone()) {
            leaveOpen(a);
            return;
        }
        String cause = hangup != null ? hangup.get("Hangup-Cause")
                : job != null && job.startsWith("-ERR") ? job.substring(5).strip() : "INTERRUPTED";
        Disposition d = talk.disposition() != null ? talk.disposition() : disposition(cause, hangup, call, talk);
        List<String> transcript = new ArrayList<>(talk.transcript());
        if (!talk.optOut()) {
            talk.smsTemplates().forEach(t -> transcript.add(sendSms(a, t)));
        }
        CallRecord r = new CallRecord(a.callId(), task.tenantId(), task.id(), a.lead().id(), a.number(), a.lead().phone(),
                call.request().gateway(), a.originatedAt(), call.answeredAt(), clock.instant(), cause,
                hangup == null ? null : hangup.variable("sip_term_status"), d, talkSeconds(hangup), call.recordingPath(),
                transcript, talk.outcome(), talk.transferredTo());
        store.finishAttempt(r);
        SwitchRecord.forget(call.control(), call.uuid()); // saved: the switch's copy of its end is no longer needed
        if (talk.optOut()) { // only the customer's own words opt a number out: a 603 decline is just REJECTED
            store.optOut(task.tenantId(), a.lead().phone(), "通话中要求不再来电");
        }
        if (d.carrierSide()) {
            alerts.accept("网关 " + r.gateway() + " 呼叫失败 (" + cause + ")，下次改用其他网关");
        }
        schedule(task, store.progress(task.id(), a.lead().id()), d, call.answeredAt() != null,
                d.carrierSide() ? a.gatewayIndex() + 1 : a.gatewayIndex());
        states.ended(a, d);
        media.ended(r);
        events.accept(r);
    }

    /**
     * A call detached by a shutdown before its end was seen: its attempt stays open with every line said so far and a
     * note, as a crash would leave it but with nothing lost, so the restarted dialer re-attaches it (an answered call
     * goes on from its last recorded turn) or closes it with the switch's record ({@link Recovery}).
     */
    private void leaveOpen(Attempt a) {
        try {
            store.appendLine(a.callId(), TranscriptLine.system(DETACHED).format());
        } catch (RuntimeException e) {
            alerts.accept("通话 " + a.callId() + " 的停机记录写入失败（" + e.getMessage() + "）：重启后仍按已记下的内容接续");
        }
    }

    private Disposition disposition(String cause, EslEvent hangup, Call call, PacingStrategy.Talk talk) {
        boolean answered = call.answeredAt() != null;
        boolean spoke = talk.transcript().stream().map(TranscriptLine::parse)
                .anyMatch(l -> l.isPresent() && l.get().speaker() == TranscriptLine.Speaker.CALLER);
        HangupFacts facts = hangup == null ? HangupFacts.cause(cause, answered)
                : HangupFacts.fromEvent(hangup::get, answered, spoke);
        return Disposition.of(facts, earlyHangup);
    }

    /**
     * Saves when the lead is tried next after an attempt ended so, or that it is done. A call that was answered is
     * never dialled again as interrupted (the switch or the link died mid-talk): the callee was reached.
     */
    void schedule(TaskSpec task, Progress p, Disposition d, boolean answered, int gatewayIndex) {
        Duration delay = task.retryDelays().get(d);
        boolean again = d.retryable() && !(answered && d == Disposition.INTERRUPTED) && delay != null
                && p.attempts() < task.maxAttempts()
                && !store.blocked(task.tenantId(), store.phoneOf(task.listId(), p.leadId()));
        store.saveProgress(task.id(), new Progress(p.leadId(), p.attempts(), again ? clock.instant().plus(delay) : null,
                !again, d, gatewayIndex));
    }

    /** Hands one SMS the dialog asked for to the sender; returns the transcript line that records it. */
    private String sendSms(Attempt a, String template) {
        SmsSender.Result res;
        try {
            res = sms.send(new SmsSender.Request(a.task().tenantId(), a.task().id(), a.callId(), a.lead().id(),
                    a.lead().phone(), template, a.lead().variables()));
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

    private static long talkSeconds(EslEvent hangup) {
        try {
            return hangup == null ? 0 : Long.parseLong(hangup.getOrEmpty("variable_billsec").isEmpty() ? "0"
                    : hangup.variable("billsec"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** What {@code f} completes with, or null after {@code timeout}, on a failure, or once the call is detached. */
    private static <T> T await(Call call, CompletableFuture<T> f, Duration timeout) {
        try {
            CompletableFuture.anyOf(f, call.detached()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return f.getNow(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            return null;
        }
    }
}
