package dev.zhiyu.telephony.dialer;

import dev.zhiyu.dialog.DialogEngine;
import dev.zhiyu.dialog.DialogSession;
import dev.zhiyu.dialog.SessionRequest;
import dev.zhiyu.telephony.AttemptStore;
import dev.zhiyu.telephony.CallState;
import dev.zhiyu.telephony.Disposition;
import dev.zhiyu.telephony.TaskSpec;
import dev.zhiyu.telephony.TranscriptLine;
import dev.zhiyu.telephony.call.Call;
import dev.zhiyu.telephony.call.DialogBridge;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** A robot dialog on every answered call; a task dials as fast as its caps allow. */
final class ProgressivePacing implements PacingStrategy {

    private final DialogEngine engine;
    private final DialogBridge.Settings settings;
    private final CallStates states;
    private final LiveDialogs dialogs;
    private final Consumer<String> alerts;
    private final AttemptStore store;

    ProgressivePacing(DialogEngine engine, DialogBridge.Settings settings, CallStates states, LiveDialogs dialogs,
                      Consumer<String> alerts, AttemptStore store) {
        this.store = store;
        this.engine = engine;
        this.settings = settings;
        this.states = states;
        this.dialogs = dialogs;
        this.alerts = alerts;
    }

    @Override
    public int allowance(TaskSpec task, Instant now) {
        return Integer.MAX_VALUE;
    }

    @Override
    public void dialling() {
        // nothing paces a progressive task but its caps
    }

    @Override
    public Optional<Duration> maxTalk() {
        return settings == null ? Optional.empty() : Optional.of(settings.maxDuration());
    }

    /**
     * A re-attached call answered before a restart gets a fresh dialog session that replays the customer's turns of
     * the attempt's running transcript (stored line by line as the call goes) and continues with the next prompt.
     */
    @Override
    public Talk talk(Attempt a, Call call, boolean answered) {
        if (!answered) {
            return Talk.NONE;
        }
        states.publish(a, "answered");
        DialogBridge.Result dialog;
        dialogs.started(a, call);
        try {
            dialog = converse(a, call);
        } catch (RuntimeException e) {
            return refused(call, e.getMessage());
        } finally {
            dialogs.ended(call);
        }
        if (dialog == null) {
            return Talk.NONE;
        }
        Disposition d = dialog.mediaFailure() != null ? Disposition.MEDIA_FAILED
                : dialog.transferredTo() != null ? Disposition.TRANSFERRED
                : botEnded(dialog) ? Disposition.COMPLETED // its hang-up event may be lost: the talk is over anyway
                : null;
        return new Talk(d, dialog.transcript(), dialog.outcome().label(), dialog.transferredTo(), dialog.optOut(),
                dialog.smsTemplates());
    }

    @Override
    public void ended(Talk talk) {
        // a dialog holds nothing beyond the call
    }

    private DialogBridge.Result converse(Attempt a, Call call) {
        String[] last = new String[2]; // the last bot line, the last caller line
        java.util.ArrayDeque<TranscriptLine> recent = new java.util.ArrayDeque<>(); // as said: the live wall shows these
        TaskSpec task = a.task();
        List<String> earlier = call.midDialog() ? store.lines(a.callId()) : List.of();
        TranscriptWriter durable = new TranscriptWriter(store, a.callId(), alerts);
        try (DialogSession session = engine.open(new SessionRequest(task.tenantId(), task.scenario(), call.uuid(),
                "phone", a.lead().variables()))) {
            return new DialogBridge(call.control(), settings).run(call, session, earlier, line -> {
                durable.accept(line);
                TranscriptLine.parse(line).filter(t -> t.speaker() != TranscriptLine.Speaker.SYSTEM).ifPresent(t -> {
                    last[t.speaker() == TranscriptLine.Speaker.ROBOT ? 0 : 1] = t.text();
                    recent.addLast(t);
                    if (recent.size() > CallState.RECENT) {
                        recent.removeFirst();
                    }
                    states.publish(a, "talking", null, last[0], last[1], call.takeoverTarget(), List.copyOf(recent));
                });
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * The dialog could not run (e.g. the lead lacks a variable its scenario requires): the answered customer would
     * hear nothing, so the call is hung up and recorded FAILED with the reason, never as a completed talk.
     */
    private Talk refused(Call call, String why) {
        alerts.accept("对话未能开始，已挂断 " + call.uuid() + "：" + why);
        call.control().hangup(call, "NORMAL_CLEARING");
        return new Talk(Disposition.FAILED, List.of(TranscriptLine.system("对话未能开始，已挂断：" + why).format()), null,
                null, false, List.of());
    }

    private static boolean botEnded(DialogBridge.Result dialog) {
        return dialog.reason() == DialogSession.EndReason.BOT_HUNG_UP
                || dialog.reason() == DialogSession.EndReason.MAX_DURATION;
    }
}
