package dev.zhiyu.telephony.dialer;

import dev.zhiyu.telephony.CallState;
import dev.zhiyu.telephony.Disposition;
import dev.zhiyu.telephony.TranscriptLine;

import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

/** Where a dialer's call state changes go (a live console feed); a failing listener is noted, never fatal. */
final class CallStates {

    private final Clock clock;
    private final Consumer<String> alerts;
    private volatile Consumer<CallState> listener = s -> { };

    CallStates(Clock clock, Consumer<String> alerts) {
        this.clock = clock;
        this.alerts = alerts;
    }

    void listener(Consumer<CallState> l) {
        listener = l;
    }

    void publish(Attempt a, String state) {
        publish(a, state, null, null, null, null);
    }

    void ended(Attempt a, Disposition d) {
        publish(a, "ended", d, null, null, null);
    }

    void publish(Attempt a, String state, Disposition d, String lastBot, String lastCaller, String transferredTo) {
        publish(a, state, d, lastBot, lastCaller, transferredTo, List.of());
    }

    void publish(Attempt a, String state, Disposition d, String lastBot, String lastCaller, String transferredTo,
                 List<TranscriptLine> recent) {
        try {
            listener.accept(new CallState(a.task().id(), a.callId(), a.lead().id(), a.lead().phone(), a.number(),
                    state, clock.instant(), d, lastBot, lastCaller, transferredTo, recent));
        } catch (RuntimeException e) {
            alerts.accept("通话状态推送失败: " + e.getMessage());
        }
    }
}
