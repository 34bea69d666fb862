package dev.zhiyu.telephony;

import java.time.Instant;
import java.util.List;

/**
 * A call changed state: {@code dialling}, {@code answered}, {@code talking} (a new transcript line: the last bot and
 * caller lines), {@code unconfirmed} (its node's connection is down: whether it is still up is unknown until the
 * node is back, then it shows {@code answered} or {@code dialling} again, or ends), {@code takeover} (a supervisor transfers it to {@code transferredTo}), {@code ended} (then with its
 * disposition).
 *
 * @param recent on {@code talking}: the last lines of the call in the order they were said (a caller's line before
 *               the bot reply it caused), at most {@link #RECENT}; empty on other states
 */
public record CallState(String taskId, String callId, String leadId, String phone, int attempt, String state,
                        Instant at, Disposition disposition, String lastBot, String lastCaller, String transferredTo,
                        List<TranscriptLine> recent) {
    /** How many lines a {@code talking} state carries. */
    public static final int RECENT = 2;

    public CallState {
        recent = recent == null ? List.of() : List.copyOf(recent);
    }
}
