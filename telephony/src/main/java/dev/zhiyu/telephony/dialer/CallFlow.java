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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One call on its own virtual thread, from its originate result to its record and the lead's next attempt; what
 * happens between answer and hang-up is the task's {@link PacingStrategy}.
 */
final class CallFlow {

    private final DialerStore store;
    private final Clock clock;
    private final Consumer<String> alerts;
    private final Consumer<CallRecord> events;
    private final CallStates states;
    private final MediaFailures media;
    private final NodeOutages outages;
    private volatile SmsSender sms = SmsSender.none();
    private volatile Duration earlyHangup = Duration.ofSeconds(5);

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

    /** Follows the call on its own thread, which then owns {@code slots} and gives them back when the call ends. */
    void start(Attempt a, Call call, Admission.Reservation slots, PacingStrategy pacing) {
        Admission.Reservation owned = slots.handOver();
        Thread.ofVirtual().name("call-" + a.task().id() + "-" + a.lead().id()).start(() -> {
            outages.follow(a, call);
            try (owned) {
                follow(a, call, pacing);
            } catch (RuntimeException e) {
                alerts.accept("呼叫 " + a.lead().id() + " 异常: " + e);
            } finally {
                outages.done(call);
            }
        });
    }

    private void follow(Attempt a, Call call, PacingStrategy pacing) {
        TaskSpec task = a.task();
        String job = await(call.originateResult(), Duration.ofSeconds(task.originateTimeoutSeconds() + 30));
        PacingStrategy.Talk talk = pacing.talk(a, call, job != null && job.startsWith("+OK") && !call.hungUp());
        EslEvent hangup = await(call.hangupComplete(), Duration.ofSeconds(60));
        pacing.ended(talk);
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

    private static <T> T await(CompletableFuture<T> f, Duration timeout) {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            return null;
        }
    }
}
