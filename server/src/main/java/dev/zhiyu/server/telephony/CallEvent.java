package dev.zhiyu.server.telephony;

import dev.zhiyu.telephony.CallState;
import dev.zhiyu.telephony.TranscriptLine;
import dev.zhiyu.telephony.lists.PhoneNumbers;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A call state change for live feeds, with lead and number masked; {@code talking} events carry the dialog stage, the
 * last bot and caller lines and {@code lines}, the last lines in the order they were said (what the live wall shows);
 * {@code takeover} and a transferred call's {@code ended} carry where it went.
 */
public record CallEvent(String taskId, String callId, String leadId, String phone, int attempt, String state,
                        String at, String disposition, String dispositionLabel, String stage, String lastBot,
                        String lastCaller, String transferredTo, List<Line> lines) {

    /** One line said on the call: {@code speaker} is {@code bot} or {@code caller}. */
    public record Line(String speaker, String text) {
        static Line of(TranscriptLine l) {
            return new Line(l.speaker() == TranscriptLine.Speaker.ROBOT ? "bot" : "caller", l.text());
        }
    }

    /** @param stageOf the dialog stage of a call, by call id */
    static CallEvent of(CallState s, UnaryOperator<String> stageOf) {
        return new CallEvent(s.taskId(), s.callId(), PhoneNumbers.mask(s.leadId()), PhoneNumbers.mask(s.phone()),
                s.attempt(), s.state(), s.at().toString(), s.disposition() == null ? null : s.disposition().name(),
                s.disposition() == null ? null : s.disposition().label(),
                s.state().equals("talking") ? stageOf.apply(s.callId()) : null, s.lastBot(), s.lastCaller(),
                s.transferredTo(), s.recent().stream().filter(l -> l.speaker() != TranscriptLine.Speaker.SYSTEM)
                        .map(Line::of).toList());
    }
}
